//! Backup Audit Manager frameworks: a named set of controls (each with its
//! input parameters and scope) that AWS evaluates resources against. Tagged
//! and owned by the stack like a vault; report plans name them, so they are
//! created before and deleted after report plans.

pub mod config;
pub(crate) mod desired;
mod diff;
pub(crate) mod import;
pub mod model;
pub(crate) mod observe;
pub mod validate;
mod validate_controls;
pub(crate) mod write;

mod guard;
mod ops;

use super::{Kind, KindInfo};

pub const KIND: KindInfo = KindInfo {
    kind: Kind::Framework,
    prefix: "framework",
    noun: "framework",
    plural: "frameworks",
    depends_on: &[],
    stack_owned: true,
    lists_unmanaged: true,
    deletable: true,
    ops: &ops::OPS,
};
