//! Account settings (global settings and per-region resource type opt-in
//! and management): one per account and region, never deleted.

mod aws;
pub mod config;
pub(crate) mod desired;
mod diff;
pub(crate) mod import;
pub mod model;
pub mod validate;

mod ops;

use super::{Kind, KindInfo};

pub const KIND: KindInfo = KindInfo {
    kind: Kind::Settings,
    prefix: "settings",
    noun: "settings",
    plural: "settings",
    depends_on: &[],
    stack_owned: false,
    lists_unmanaged: false,
    deletable: false,
    ops: &ops::OPS,
};
