//! Backup vaults, with their access policy, notifications and Vault Lock.

pub mod config;
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
    kind: Kind::Vault,
    prefix: "vault",
    noun: "vault",
    plural: "vaults",
    depends_on: &[],
    stack_owned: true,
    lists_unmanaged: true,
    deletable: true,
    ops: &ops::OPS,
};
