//! AWS Backup restore testing plans: when to restore which recovery points
//! (schedule, start window, recovery point selection), tagged and owned
//! through the stack tag like vaults. Their selections are a kind of their
//! own (`restore_testing_selection`), declared under the plan.

pub mod config;
pub(crate) mod desired;
mod diff;
mod guard;
pub(crate) mod import;
pub mod model;
pub(crate) mod observe;
pub mod validate;
mod write;

mod ops;

use super::{Kind, KindInfo};

pub const KIND: KindInfo = KindInfo {
    kind: Kind::RestoreTestingPlan,
    prefix: "restore_testing_plan",
    noun: "restore testing plan",
    plural: "restore testing plans",
    // Its recovery point selection names vaults.
    depends_on: &[Kind::Vault],
    stack_owned: true,
    lists_unmanaged: true,
    deletable: true,
    ops: &ops::OPS,
};
