//! Multi-target plans in the shared fleet layout (`render::fleet`): per
//! target its change counts and the single-target plan; overall the change
//! totals and the failed targets.

use super::{failed_suffix, TargetView};
use crate::changeset::{ChangeSet, Summary};
use crate::fleet::Fleet;
use crate::render::{plan_human, plan_markdown, Format};

/// Render a multi-target plan in `format`.
pub fn render(doc: &Fleet<ChangeSet>, format: Format) -> String {
    super::render(doc, format, &overall(doc))
}

/// Totals over the targets that have a plan.
pub fn totals(doc: &Fleet<ChangeSet>) -> Summary {
    let mut s = Summary::default();
    for (_, p) in doc.results() {
        let t = p.summary();
        s.add += t.add;
        s.change += t.change;
        s.replace += t.replace;
        s.destroy += t.destroy;
    }
    s
}

/// The totals line of the run.
pub fn overall(doc: &Fleet<ChangeSet>) -> String {
    let t = totals(doc);
    format!(
        "Plan over {} target(s): {} to add, {} to change, {} to replace, {} to destroy.{}",
        doc.targets.len(),
        t.add,
        t.change,
        t.replace,
        t.destroy,
        failed_suffix(doc)
    )
}

impl TargetView for ChangeSet {
    const COMMAND: &'static str = "plan";
    const COLUMNS: &'static [&'static str] = &["Add", "Change", "Replace", "Destroy"];
    const QUIET: &'static str = "no changes";

    fn cells(&self) -> Vec<String> {
        let s = self.summary();
        [s.add, s.change, s.replace, s.destroy]
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn status(&self) -> &'static str {
        if !self.errors.is_empty() || !self.safety.blocked.is_empty() {
            "blocked"
        } else if self.has_changes() {
            "changes"
        } else {
            Self::QUIET
        }
    }

    fn summary(&self) -> String {
        if self.errors.is_empty() {
            self.summary().to_string()
        } else {
            format!("{} error(s)", self.errors.len())
        }
    }

    fn human(&self) -> String {
        plan_human::render(self)
    }

    fn markdown(&self, _target: &str, cap: usize) -> String {
        plan_markdown::render(self, cap)
    }
}
