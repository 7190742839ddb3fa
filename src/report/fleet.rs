//! The job report over many targets: the totals and the `--max-failed`
//! gate over all of them. The gate keeps its single-target meaning for
//! each target (its account and region's FAILED + EXPIRED jobs, the
//! target's own `exceeded`) and also holds for the sum over every target,
//! so N targets each just under the limit still fail a fleet-wide gate.
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
    /// Targets over the limit on their own.
    pub exceeded_targets: Vec<&'a str>,
    /// Over the limit: a target on its own, or the sum.
    pub exceeded: bool,
}

/// Totals and gate of `doc`.
pub fn overall(doc: &Fleet<JobReport>) -> Overall<'_> {
    let mut o = Overall {
        jobs: 0,
        failed_jobs: 0,
        max_failed: None,
        exceeded_targets: Vec::new(),
        exceeded: false,
    };
    for (t, r) in doc.results() {
        o.jobs += r.account.total;
        o.failed_jobs += r.failed_jobs;
        // One run has one --max-failed: every report carries it.
        o.max_failed = o.max_failed.or(r.max_failed);
        if r.exceeded {
            o.exceeded_targets.push(t.name.as_str());
        }
    }
    o.exceeded = !o.exceeded_targets.is_empty() || o.max_failed.is_some_and(|m| o.failed_jobs > m);
    o
}
