//! Backup Audit Manager report plans: which report (template) is delivered
//! to which S3 bucket, covering which frameworks, accounts and Regions.
//! Tagged and owned by the stack; created after and deleted before the
//! frameworks they name. The template cannot change: a new one replaces
//! the plan.

pub mod config;
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
    kind: Kind::ReportPlan,
    prefix: "report_plan",
    noun: "report plan",
    plural: "report plans",
    depends_on: &[Kind::Framework],
    stack_owned: true,
    lists_unmanaged: true,
    deletable: true,
    ops: &ops::OPS,
};
