//! Logically air-gapped backup vaults: retention fixed at creation (a
//! change replaces the vault), access policy and notifications (the vault
//! kind's types and calls), the MPA approval team, and the restore access
//! vaults linked to them.

pub mod config;
mod desired;
mod diff;
mod guard;
mod import;
pub mod model;
mod observe;
mod ops;
pub(crate) mod refs;
mod safety;
pub mod validate;
mod write;

use super::{Kind, KindInfo};

pub const KIND: KindInfo = KindInfo {
    kind: Kind::AirGappedVault,
    prefix: "air_gapped_vault",
    noun: "air-gapped vault",
    plural: "air-gapped vaults",
    depends_on: &[],
    stack_owned: true,
    lists_unmanaged: true,
    deletable: true,
    ops: &ops::OPS,
};
