//! The job report over many targets: the totals and the `--max-failed`
//! gate over all of them. The gate keeps its single-target meaning for
//! each target (its account and region's FAILED + EXPIRED jobs, the
//! target's own `exceeded`) and also holds for the sum over every target,
//! so N targets each just under the limit still fail a fleet-wide gate.
//! `--max-failed-copies` and `--max-failed-restore-tests` hold the same
//! way for failed copy jobs and failed restore tests.
//! Computed from the document alone, so `merge` judges merged shards as
//! the unsharded run.

use super::JobReport;
use crate::fleet::Fleet;

/// The report totals over the targets that have a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overall<'a> {
    /// Jobs of the window over every target.
    pub jobs: i64,
    /// FAILED + EXPIRED jobs over every target.
    pub failed_jobs: i64,
    /// `--max-failed`, when the run had one.
    pub max_failed: Option<i64>,
    /// FAILED copy jobs over every target.
    pub failed_copies: i64,
    /// `--max-failed-copies`, when the run had one.
    pub max_failed_copies: Option<i64>,
    /// Failed restore tests over every target.
    pub failed_restore_tests: i64,
    /// `--max-failed-restore-tests`, when the run had one.
    pub max_failed_restore_tests: Option<i64>,
    /// Targets over a limit on their own.
    pub exceeded_targets: Vec<&'a str>,
    /// Over a limit: a target on its own, or a sum.
    pub exceeded: bool,
}

/// Totals and gate of `doc`.
pub fn overall(doc: &Fleet<JobReport>) -> Overall<'_> {
    let mut o = Overall {
        jobs: 0,
        failed_jobs: 0,
        max_failed: None,
        failed_copies: 0,
        max_failed_copies: None,
        failed_restore_tests: 0,
        max_failed_restore_tests: None,
        exceeded_targets: Vec::new(),
        exceeded: false,
    };
    for (t, r) in doc.results() {
        o.jobs += r.account.total;
        o.failed_jobs += r.failed_jobs;
        // One run has one --max-failed: every report carries it.
        o.max_failed = o.max_failed.or(r.max_failed);
        o.failed_copies += r.copy_jobs.failed_jobs;
        o.max_failed_copies = o.max_failed_copies.or(r.copy_jobs.max_failed);
        o.failed_restore_tests += r.restore_tests.failed_tests;
        o.max_failed_restore_tests = o.max_failed_restore_tests.or(r.restore_tests.max_failed);
        if r.gated() {
            o.exceeded_targets.push(t.name.as_str());
        }
    }
    let over = |max: Option<i64>, n: i64| max.is_some_and(|m| n > m);
    o.exceeded = !o.exceeded_targets.is_empty()
        || over(o.max_failed, o.failed_jobs)
        || over(o.max_failed_copies, o.failed_copies)
        || over(o.max_failed_restore_tests, o.failed_restore_tests);
    o
}
