//! The report's data: the period, the jobs read from AWS, and the Report
//! value with its counts that `build` fills and `render` and the JSON output
//! (docs/report-format.md) show. Kept apart so the shape of the JSON is in
//! one place.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub use super::counts::{timestamp, Counts, FAILED_STATES};

/// Version of the JSON report.
/// 2: resources written as addresses (`vault.NAME`, `plan.NAME`,
/// `plan.PLAN.selection.NAME`) like the plan JSON, `plan_id`,
/// `other_plan_ids`, `last_failure_message`, `by_resource_type` in every
/// count, absent values omitted (docs/report-format.md). Still 2 with the
/// added `copy_jobs` and `restore_tests` objects: readers of version 2
/// ignore keys they do not know, and a document without them reads as
/// empty ones.
pub const FORMAT_VERSION: u32 = 2;

/// The length of the report's window, which ends at the report's `now`:
/// 24 hours, 7 days or 14 days (named like AWS's aggregation periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum Period {
    #[value(name = "ONE_DAY", alias = "1d", alias = "one-day")]
    #[serde(rename = "ONE_DAY")]
    OneDay,
    #[value(name = "SEVEN_DAYS", alias = "7d", alias = "seven-days")]
    #[serde(rename = "SEVEN_DAYS")]
    SevenDays,
    #[value(name = "FOURTEEN_DAYS", alias = "14d", alias = "fourteen-days")]
    #[serde(rename = "FOURTEEN_DAYS")]
    FourteenDays,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::OneDay => "ONE_DAY",
            Period::SevenDays => "SEVEN_DAYS",
            Period::FourteenDays => "FOURTEEN_DAYS",
        }
    }

    pub fn seconds(self) -> f64 {
        86_400.0
            * match self {
                Period::OneDay => 1.0,
                Period::SevenDays => 7.0,
                Period::FourteenDays => 14.0,
            }
    }
}

/// One backup job (read by `aws::jobs`, which owns the type).
pub use crate::aws::Job;

/// Jobs of one managed vault or plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owned {
    /// `vault.NAME` or `plan.NAME`, as in the plan JSON.
    pub address: String,
    pub name: String,
    /// The plan's id (plans only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<String>,
    #[serde(flatten)]
    pub counts: Counts,
}

/// A resource with failed or expired jobs in the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedResource {
    pub resource_arn: String,
    pub resource_type: String,
    pub failed: i64,
    pub expired: i64,
    /// The latest job of the resource (any state).
    pub last_state: String,
    pub last_created: String,
    /// The status message of the latest failed or expired job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure_message: Option<String>,
    /// Addresses (`vault.NAME`) of the vaults of its jobs.
    pub vaults: BTreeSet<String>,
    /// Addresses (`plan.NAME`) of this stack's plans that made its jobs.
    pub plans: BTreeSet<String>,
    /// Ids of the other plans that made its jobs (not this stack's, or
    /// deleted since).
    pub other_plan_ids: BTreeSet<String>,
}

/// An explicitly selected resource of a managed plan without a completed
/// job although a rule was due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unprotected {
    /// `plan.PLAN.selection.NAME`, as in the plan JSON.
    pub address: String,
    pub plan: String,
    pub selection: String,
    pub resource_arn: String,
    /// The first scheduled run in the window that should have backed it up.
    pub due: String,
    /// The latest job's state, or `None` when there was no job at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_state: Option<String>,
}

/// The jobs a report covers: those created at or after `start` and at or
/// before `end` (both included, whole seconds, UTC). `end` is the time the
/// report was run, `start` is `end` minus the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobReport {
    pub format_version: u32,
    pub stack: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    pub region: String,
    pub period: Period,
    pub window: Window,
    /// Every job of the window in the account and region.
    pub account: Counts,
    pub vaults: Vec<Owned>,
    pub plans: Vec<Owned>,
    pub failed_resources: Vec<FailedResource>,
    pub unprotected_resources: Vec<Unprotected>,
    /// Explicitly selected resources checked (due or not).
    pub explicit_resources: usize,
    /// FAILED + EXPIRED jobs in the account and region: what `--max-failed`
    /// compares.
    pub failed_jobs: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_failed: Option<i64>,
    pub exceeded: bool,
    /// The window's copy jobs (`report::copies`), with their own gate.
    #[serde(default)]
    pub copy_jobs: super::CopyReport,
    /// The window's restore tests (`report::restore_tests`), with their
    /// own gate.
    #[serde(default)]
    pub restore_tests: super::RestoreTestReport,
}

impl JobReport {
    /// Any of the report's gates failed: backup jobs, copy jobs or restore
    /// tests.
    pub fn gated(&self) -> bool {
        self.exceeded || self.copy_jobs.exceeded || self.restore_tests.exceeded
    }
}
