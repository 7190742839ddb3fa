//! Multi-target job reports in the shared fleet layout (`render::fleet`):
//! per target its job counts and the single-target report; overall the
//! jobs and failed jobs over every target and the `--max-failed` gate as
//! `report::fleet` judges it (each target, and the sum).

use super::{capped, failed_suffix, TargetView};
use crate::fleet::Fleet;
use crate::render::{report as single, Format};
use crate::report::{fleet, JobReport};

/// Render a multi-target job report in `format`.
pub fn render(doc: &Fleet<JobReport>, format: Format) -> String {
    super::render(doc, format, &overall(doc))
}

/// The totals line of the run, with the gate's verdict.
pub fn overall(doc: &Fleet<JobReport>) -> String {
    let o = fleet::overall(doc);
    let period = doc
        .results()
        .next()
        .map(|(_, r)| format!(", {}", r.period.name()))
        .unwrap_or_default();
    let mut line = format!(
        "Backup jobs over {} target(s){period}: {} jobs, {} failed or expired.",
        doc.targets.len(),
        o.jobs,
        o.failed_jobs
    );
    match o.max_failed {
        Some(max) if !o.exceeded_targets.is_empty() => {
            line += &format!(
                " FAIL: more than --max-failed {max} in {}.",
                o.exceeded_targets.join(", ")
            );
        }
        Some(max) if o.exceeded => {
            line += &format!(" FAIL: more than --max-failed {max} over all targets.");
        }
        Some(max) => {
            line += &format!(" OK: within --max-failed {max} in each target and over all.");
        }
        None => {}
    }
    line + &failed_suffix(doc)
}

impl TargetView for JobReport {
    const COMMAND: &'static str = "report";
    const COLUMNS: &'static [&'static str] = &["Jobs", "Failed or expired", "Unprotected"];
    const QUIET: &'static str = "ok";
    const COLLAPSE_QUIET: bool = false;

    fn cells(&self) -> Vec<String> {
        vec![
            self.account.total.to_string(),
            self.failed_jobs.to_string(),
            self.unprotected_resources.len().to_string(),
        ]
    }

    fn status(&self) -> &'static str {
        if self.exceeded {
            "over --max-failed"
        } else if self.failed_jobs > 0 {
            "failed jobs"
        } else if !self.unprotected_resources.is_empty() {
            "unprotected"
        } else {
            Self::QUIET
        }
    }

    fn summary(&self) -> String {
        format!(
            "{} failed or expired of {} jobs, {} unprotected",
            self.failed_jobs,
            self.account.total,
            self.unprotected_resources.len()
        )
    }

    fn human(&self) -> String {
        single::human(self)
    }

    fn markdown(&self, target: &str, cap: usize) -> String {
        capped::<Self>(&single::markdown(self), target, cap)
    }
}
