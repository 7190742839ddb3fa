//! AWS backup plans (rules, advanced and scan settings); their selections
//! are a kind of their own (`selection`).

pub mod config;
pub(crate) mod convert;
pub(crate) mod desired;
mod diff;
pub(crate) use diff::plan_ids;
pub(crate) mod import;
pub mod model;
pub(crate) mod observe;
pub mod validate;
mod write;

mod guard;
pub(crate) use guard::owned_plan;
mod ops;
pub(crate) use ops::managed_plans;
mod safety;

use super::{Kind, KindInfo};

pub const KIND: KindInfo = KindInfo {
    kind: Kind::BackupPlan,
    prefix: "plan",
    noun: "backup plan",
    plural: "backup plans",
    // Rules send backups to vaults.
    depends_on: &[Kind::Vault],
    stack_owned: true,
    lists_unmanaged: true,
    deletable: true,
    ops: &ops::OPS,
};
