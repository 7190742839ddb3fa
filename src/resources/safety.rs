//! What the kinds' safety rules (`resources::<kind>::safety`) share: the
//! destroy flag and how a rule records that a flag is needed. The change
//! ratio and the verdict are `apply::safety`'s.

use crate::changeset::{FlagNeed, Safety};

pub const ALLOW_DESTROY: &str = "--allow-destroy";

/// Record that `flag` is needed, and why.
pub(crate) fn need(v: &mut Safety, flag: &str, reason: String) {
    v.needs_flag.push(FlagNeed {
        flag: flag.to_string(),
        reason,
    });
}
