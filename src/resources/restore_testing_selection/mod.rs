//! Restore testing selections: which protected resources a restore testing
//! plan restores. They belong to their plan (named within it, owned through
//! its stack tag, declared under it in the config). All but the name and
//! the protected resource type can be updated in place; a new type replaces.

pub mod config;
pub(crate) mod desired;
pub(crate) mod diff;
pub mod model;
pub mod validate;
mod write;

mod ops;

use super::{Kind, KindInfo};

pub const KIND: KindInfo = KindInfo {
    kind: Kind::RestoreTestingSelection,
    prefix: "restore_testing_selection",
    noun: "restore testing selection",
    plural: "restore testing selections",
    depends_on: &[Kind::RestoreTestingPlan],
    stack_owned: false,
    lists_unmanaged: false,
    deletable: true,
    ops: &ops::OPS,
};
