//! AWS backup plans (rules, advanced and scan settings); their selections
//! are a kind of their own (`selection`).

pub mod config;
pub(crate) mod convert;
pub(crate) mod desired;
mod diff;
pub(crate) mod import;
pub mod model;
pub(crate) mod observe;
pub mod validate;
mod write;

mod guard;
mod ops;
mod safety;

use super::{Kind, KindInfo};

pub const KIND: KindInfo = KindInfo {
    kind: Kind::BackupPlan,
    prefix: "plan",
    noun: "backup plan",
    plural: "backup plans",
    // Rules send backups to vaults.
    depends_on: &[Kind::Vault, Kind::AirGappedVault],
    stack_owned: true,
    lists_unmanaged: true,
    deletable: true,
    ops: &ops::OPS,
};
