//! Config -> desired state: turns the validated YAML model into the
//! normalized domain types that the diff compares with live state.

use super::{Desired, IgnoredTags, TagKeys};
use crate::resources::{Config, REGISTRY};

/// Normalize a validated config: the header (with the config-wide
/// `ignore_tags`) here, each kind's part by the kind
/// (`resources::<kind>::ops`).
pub fn from_config(c: &Config) -> Desired {
    let mut d = Desired {
        stack: c.stack.value.clone(),
        account_id: c.account_id.as_ref().map(|s| s.value.clone()),
        region: c.region.as_ref().map(|s| s.value.clone()),
        ignore_tags: IgnoredTags {
            all: c
                .ignore_tags
                .as_ref()
                .map(|l| TagKeys::from_config(l))
                .unwrap_or_default(),
            ..Default::default()
        },
        ..Default::default()
    };
    for info in REGISTRY {
        (info.ops.desired)(c, &mut d);
    }
    d
}
