//! Config -> desired state: turns the validated YAML model into the
//! normalized domain types that the diff compares with live state.

use super::Desired;
use crate::resources::{Config, REGISTRY};

/// Normalize a validated config: the header here, each kind's part by the
/// kind (`resources::<kind>::ops`).
pub fn from_config(c: &Config) -> Desired {
    let mut d = Desired {
        stack: c.stack.value.clone(),
        account_id: c.account_id.as_ref().map(|s| s.value.clone()),
        region: c.region.as_ref().map(|s| s.value.clone()),
        ..Default::default()
    };
    for info in REGISTRY {
        (info.ops.desired)(c, &mut d);
    }
    d
}
