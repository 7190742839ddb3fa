//! Multi-target drift in the shared fleet layout (`render::fleet`): per
//! target its counts per category and the single-target drift report;
//! overall the totals, the targets that drifted, those without a verdict
//! (plan errors) and those that failed.

use super::{capped, failed_suffix, TargetView};
use crate::drift::{Category, DriftReport};
use crate::fleet::Fleet;
use crate::render::{drift as single, Format};

const CATEGORIES: [Category; 4] = Category::ALL;

/// Render multi-target drift in `format`.
pub fn render(doc: &Fleet<DriftReport>, format: Format) -> String {
    super::render(doc, format, &overall(doc))
}

/// The totals line of the run.
pub fn overall(doc: &Fleet<DriftReport>) -> String {
    let mut counts = [0; 4];
    let mut drifted = 0;
    let mut no_verdict = Vec::new();
    for (t, r) in doc.results() {
        for (n, c) in counts.iter_mut().zip(CATEGORIES) {
            *n += r.count(c);
        }
        if !r.errors.is_empty() {
            no_verdict.push(t.name.as_str());
        } else if r.drifted(&CATEGORIES) {
            drifted += 1;
        }
    }
    let mut line = format!(
        "Drift over {} target(s): {} changed, {} missing, {} orphaned, {} unmanaged; {drifted} target(s) drifted.",
        doc.targets.len(),
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    );
    if !no_verdict.is_empty() {
        line += &format!(
            " {} target(s) without a verdict (plan errors): {}.",
            no_verdict.len(),
            no_verdict.join(", ")
        );
    }
    line + &failed_suffix(doc)
}

impl TargetView for DriftReport {
    const COMMAND: &'static str = "drift";
    const COLUMNS: &'static [&'static str] = &["Changed", "Missing", "Orphaned", "Unmanaged"];
    const QUIET: &'static str = "no drift";

    fn cells(&self) -> Vec<String> {
        CATEGORIES
            .iter()
            .map(|c| self.count(*c).to_string())
            .collect()
    }

    fn status(&self) -> &'static str {
        if !self.errors.is_empty() {
            "no verdict"
        } else if self.drifted(&CATEGORIES) {
            "drift"
        } else {
            Self::QUIET
        }
    }

    fn summary(&self) -> String {
        if !self.errors.is_empty() {
            return format!("{} error(s), no verdict", self.errors.len());
        }
        format!(
            "{} changed, {} missing, {} orphaned, {} unmanaged",
            self.changed.len(),
            self.missing.len(),
            self.orphaned.len(),
            self.unmanaged.len()
        )
    }

    fn human(&self) -> String {
        single::human(self)
    }

    fn markdown(&self, target: &str, cap: usize) -> String {
        capped::<Self>(&single::markdown(self), target, cap)
    }
}
