//! Tiering configurations: S3 backup data in a vault (or in every vault,
//! `*`) moved to the low-cost warm storage tier after N days. Tagged and
//! owned by the stack like a vault; created after and deleted before the
//! vault it names.

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

use super::{Kind, KindInfo};

pub const KIND: KindInfo = KindInfo {
    kind: Kind::TieringConfiguration,
    prefix: "tiering_configuration",
    noun: "tiering configuration",
    plural: "tiering configurations",
    depends_on: &[Kind::Vault],
    stack_owned: true,
    lists_unmanaged: true,
    deletable: true,
    ops: &ops::OPS,
};
