//! Multi-target job reports in the shared fleet layout (`render::fleet`):
//! per target its job counts and the single-target report (copy jobs and
//! restore tests included); overall the jobs, failed jobs, failed copies
//! and failed restore tests over every target and each gate as
//! `report::fleet` judges it (each target, and the sum).

use super::{capped, failed_suffix, TargetView};
use crate::fleet::Fleet;
use crate::render::{report as single, Format};
use crate::report::{fleet, JobReport};

/// Render a multi-target job report in `format`.
pub fn render(doc: &Fleet<JobReport>, format: Format) -> String {
    super::render(doc, format, &overall(doc))
}

/// The totals line of the run, with each gate's verdict.
pub fn overall(doc: &Fleet<JobReport>) -> String {
    let o = fleet::overall(doc);
    let period = doc
        .results()
        .next()
        .map(|(_, r)| format!(", {}", r.period.name()))
        .unwrap_or_default();
    let mut line = format!(
        "Backup jobs over {} target(s){period}: {} jobs, {} failed or expired; {} failed copy jobs; {} failed restore tests.",
        doc.targets.len(),
        o.jobs,
        o.failed_jobs,
        o.failed_copies,
        o.failed_restore_tests
    );
    // Each target's own gates, then each sum against its limit.
    if !o.exceeded_targets.is_empty() {
        line += &format!(" FAIL: over a limit in {}.", o.exceeded_targets.join(", "));
    }
    for (flag, max, n) in [
        ("--max-failed", o.max_failed, o.failed_jobs),
        ("--max-failed-copies", o.max_failed_copies, o.failed_copies),
        (
            "--max-failed-restore-tests",
            o.max_failed_restore_tests,
            o.failed_restore_tests,
        ),
    ] {
        match max {
            Some(max) if n > max => {
                line += &format!(" FAIL: more than {flag} {max} over all targets.");
            }
            Some(max) if o.exceeded_targets.is_empty() => {
                line += &format!(" OK: within {flag} {max} in each target and over all.");
            }
            _ => {}
        }
    }
    line + &failed_suffix(doc)
}

impl TargetView for JobReport {
    const COMMAND: &'static str = "report";
    const COLUMNS: &'static [&'static str] = &[
        "Jobs",
        "Failed or expired",
        "Unprotected",
        "Failed copies",
        "Failed restore tests",
    ];
    const QUIET: &'static str = "ok";
    const COLLAPSE_QUIET: bool = false;

    fn cells(&self) -> Vec<String> {
        vec![
            self.account.total.to_string(),
            self.failed_jobs.to_string(),
            self.unprotected_resources.len().to_string(),
            self.copy_jobs.failed_jobs.to_string(),
            self.restore_tests.failed_tests.to_string(),
        ]
    }

    fn status(&self) -> &'static str {
        if self.exceeded {
            "over --max-failed"
        } else if self.copy_jobs.exceeded {
            "over --max-failed-copies"
        } else if self.restore_tests.exceeded {
            "over --max-failed-restore-tests"
        } else if self.failed_jobs > 0 {
            "failed jobs"
        } else if self.copy_jobs.failed_jobs > 0 {
            "failed copies"
        } else if self.restore_tests.failed_tests > 0 {
            "failed restore tests"
        } else if !self.unprotected_resources.is_empty() {
            "unprotected"
        } else {
            Self::QUIET
        }
    }

    fn summary(&self) -> String {
        format!(
            "{} failed or expired of {} jobs, {} unprotected, {} failed copies, {} failed restore tests",
            self.failed_jobs,
            self.account.total,
            self.unprotected_resources.len(),
            self.copy_jobs.failed_jobs,
            self.restore_tests.failed_tests
        )
    }

    fn human(&self) -> String {
        single::human(self)
    }

    fn markdown(&self, target: &str, cap: usize) -> String {
        capped::<Self>(&single::markdown(self), target, cap)
    }
}
