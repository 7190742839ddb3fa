//! Backup selections: which resources a backup plan backs up. They cannot
//! be updated in AWS (any change replaces) and belong to their plan.

mod aws;
pub mod config;
pub(crate) mod convert;
pub(crate) mod desired;
pub(crate) mod diff;
pub(crate) mod import;
pub mod model;
pub(crate) mod observe;
pub mod validate;

mod ops;

use super::{Kind, KindInfo};

pub const KIND: KindInfo = KindInfo {
    kind: Kind::Selection,
    prefix: "selection",
    noun: "selection",
    plural: "selections",
    depends_on: &[Kind::BackupPlan],
    stack_owned: false,
    lists_unmanaged: false,
    deletable: true,
    ops: &ops::OPS,
};
