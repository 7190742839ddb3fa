//! The restore-test part of the report: did the restore tests of the
//! window pass? A restore test is a restore job made by a restore testing
//! plan (its `CreatedBy.RestoreTestingPlanArn`); AWS restores a recovery
//! point, optionally validates the restored resource, then deletes it.
//!
//! A test **failed** when its restore job is `FAILED` or `ABORTED`, or its
//! `ValidationStatus` is `FAILED` or `TIMED_OUT`; it **passed** when the
//! job is `COMPLETED` and the validation (when there is one) is
//! `SUCCESSFUL`; anything else (`PENDING`, `RUNNING`, `VALIDATING`) is
//! **pending**.
//!
//! Tests are grouped by the restore testing plan ARN found in the jobs.
//! The seam for declared plans is [`build`]'s `declared`: `None` (no
//! restore testing plan kind in the config yet) shows every plan seen in
//! the window; `Some` also lists the declared plans without a test and
//! gives each declared one its address.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::counts::timestamp;

/// One restore job (read by `aws::dr_jobs`, which owns the type).
pub use crate::aws::RestoreJob;

/// A restore testing plan declared in the config (the seam for the
/// restore testing plan kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// Its address in the plan JSON.
    pub address: String,
    pub name: String,
    /// Its ARN, when it exists in AWS.
    pub arn: Option<String>,
}

/// The restore tests of the window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreTestReport {
    /// Restore tests of the window in the account and region.
    pub total: i64,
    pub passed: i64,
    pub failed: i64,
    pub pending: i64,
    /// One entry per restore testing plan, sorted by name then ARN.
    pub plans: Vec<RestoreTestPlan>,
    /// `failed` again: what `--max-failed-restore-tests` compares.
    pub failed_tests: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_failed: Option<i64>,
    pub exceeded: bool,
}

/// The restore tests of one restore testing plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreTestPlan {
    /// The plan's address when the config declares it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub name: String,
    /// Omitted for a declared plan not found in AWS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    pub total: i64,
    pub passed: i64,
    pub failed: i64,
    pub pending: i64,
    pub by_status: BTreeMap<String, i64>,
    /// `(none)` for tests without validation.
    pub by_validation_status: BTreeMap<String, i64>,
    /// Creation time of the latest passed test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_passed: Option<String>,
    /// Seconds from creation to completion of the latest finished test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_duration_seconds: Option<i64>,
    /// The longest such duration of the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duration_seconds: Option<i64>,
    /// Creation time of the latest failed test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure: Option<String>,
    /// Its `ValidationStatusMessage` (for a failed validation) or
    /// `StatusMessage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure_message: Option<String>,
}

/// The verdict on one restore test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
    Pending,
}

pub fn outcome(j: &RestoreJob) -> Outcome {
    let v = j.validation_status.as_deref();
    if matches!(j.status.as_str(), "FAILED" | "ABORTED")
        || matches!(v, Some("FAILED" | "TIMED_OUT"))
    {
        Outcome::Failed
    } else if j.status == "COMPLETED" && matches!(v, None | Some("SUCCESSFUL")) {
        Outcome::Passed
    } else {
        Outcome::Pending
    }
}

/// The plan's name from its ARN (`…:restore-testing-plan:NAME-ID`; names
/// have no `-`).
pub fn plan_name(arn: &str) -> &str {
    let tail = arn.rsplit(':').next().unwrap_or(arn);
    tail.split_once('-').map_or(tail, |(n, _)| n)
}

/// The restore-test report of `jobs` (already cut to the window; restore
/// jobs without a restore testing plan are left out here).
pub fn build(
    jobs: &[&RestoreJob],
    declared: Option<&[Declared]>,
    max_failed: Option<i64>,
) -> RestoreTestReport {
    let mut by_arn: BTreeMap<&str, Vec<&RestoreJob>> = BTreeMap::new();
    for j in jobs {
        if let Some(arn) = &j.restore_testing_plan_arn {
            by_arn.entry(arn).or_default().push(j);
        }
    }
    let mut plans: Vec<RestoreTestPlan> = by_arn
        .iter_mut()
        .map(|(arn, list)| {
            list.sort_by(|a, b| b.created.total_cmp(&a.created).then(a.id.cmp(&b.id)));
            plan_of(arn, list)
        })
        .collect();
    for d in declared.unwrap_or_default() {
        match plans.iter_mut().find(|p| p.arn.is_some() && p.arn == d.arn) {
            Some(p) => p.address = Some(d.address.clone()),
            None => plans.push(RestoreTestPlan {
                address: Some(d.address.clone()),
                name: d.name.clone(),
                arn: d.arn.clone(),
                ..Default::default()
            }),
        }
    }
    plans.sort_by(|a, b| (&a.name, &a.arn).cmp(&(&b.name, &b.arn)));
    let sum = |f: fn(&RestoreTestPlan) -> i64| plans.iter().map(f).sum::<i64>();
    let (total, passed, failed, pending) = (
        sum(|p| p.total),
        sum(|p| p.passed),
        sum(|p| p.failed),
        sum(|p| p.pending),
    );
    RestoreTestReport {
        total,
        passed,
        failed,
        pending,
        plans,
        failed_tests: failed,
        max_failed,
        exceeded: max_failed.is_some_and(|m| failed > m),
    }
}

/// One plan's figures from its tests, newest first.
fn plan_of(arn: &str, newest: &[&RestoreJob]) -> RestoreTestPlan {
    let mut p = RestoreTestPlan {
        name: plan_name(arn).to_string(),
        arn: Some(arn.to_string()),
        ..Default::default()
    };
    for j in newest {
        p.total += 1;
        *p.by_status.entry(j.status.clone()).or_default() += 1;
        let v = j
            .validation_status
            .clone()
            .unwrap_or_else(|| "(none)".into());
        *p.by_validation_status.entry(v).or_default() += 1;
        if let Some(done) = j.completed {
            let d = (done - j.created).round() as i64;
            p.last_duration_seconds = p.last_duration_seconds.or(Some(d));
            p.max_duration_seconds = Some(p.max_duration_seconds.map_or(d, |m| m.max(d)));
        }
        match outcome(j) {
            Outcome::Passed => {
                p.passed += 1;
                p.last_passed = p.last_passed.take().or(Some(timestamp(j.created)));
            }
            Outcome::Pending => p.pending += 1,
            Outcome::Failed => {
                p.failed += 1;
                if p.last_failure.is_none() {
                    p.last_failure = Some(timestamp(j.created));
                    let validation =
                        matches!(j.validation_status.as_deref(), Some("FAILED" | "TIMED_OUT"));
                    p.last_failure_message = if validation {
                        j.validation_status_message.clone()
                    } else {
                        None
                    }
                    .or_else(|| j.status_message.clone());
                }
            }
        }
    }
    p
}
