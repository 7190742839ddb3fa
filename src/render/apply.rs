//! What apply says besides the plan: the safety verdict, the confirmation
//! question, the closing line of a successful run and the listing of a
//! failed one (done, failed, not attempted, and the way out). The per-operation progress lines are `apply::progress`'s.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use crate::apply::{Outcome, Status, Verdict};
use crate::changeset::ChangeSet;

/// The line that closes a successful apply.
pub fn complete_line(plan: &ChangeSet) -> String {
    let s = plan.summary();
    format!(
        "Apply complete! {} added, {} changed, {} replaced, {} destroyed.",
        s.add, s.change, s.replace, s.destroy
    )
}

/// What a failed apply did, failed and did not attempt, with the way out
/// (styled; written to stderr through `anstream`).
pub fn failure_listing(outcome: &Outcome) -> String {
    let (done, failed, skipped) = outcome.counts();
    let r = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    let mut out = format!(
        "\n{r}Apply failed:{r:#} {done} of {} operations done, {failed} failed, {skipped} not attempted.\n",
        outcome.results.len()
    );
    for (title, pick) in [
        ("Done", 0u8),
        ("Failed", 1),
        ("Not attempted (they depend on a failed step)", 2),
    ] {
        let items: Vec<String> = outcome
            .results
            .iter()
            .filter(|x| {
                matches!(
                    (&x.status, pick),
                    (Status::Done, 0) | (Status::Failed(_), 1) | (Status::NotAttempted, 2)
                )
            })
            .map(|x| match &x.status {
                Status::Failed(e) => format!("  {} {}: {e}", x.action.symbol(), x.address),
                _ => format!("  {} {}", x.action.symbol(), x.address),
            })
            .collect();
        if !items.is_empty() {
            let _ = writeln!(out, "{title}:");
            for i in items {
                let _ = writeln!(out, "{i}");
            }
        }
    }
    out.push_str(
        "Every step is idempotent: fix the cause and run apply again; it continues from the live state.\n",
    );
    out
}

/// The question `apply` asks on a terminal before changing anything.
pub fn confirm_question(plan: &ChangeSet, warnings: &[String]) -> String {
    format!(
        "\n{} {}Do you want to perform these actions in {}? Only 'yes' will be accepted: ",
        plan.summary(),
        if warnings.is_empty() {
            ""
        } else {
            "Read the WARNINGS above. "
        },
        plan.region
    )
}

/// The safety verdict for stderr: its warnings, and when it refuses the
/// plan, the refusals and that nothing was changed (styled).
pub fn verdict(v: &Verdict) -> String {
    let yellow = Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold();
    let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    let mut out = String::new();
    for w in &v.warnings {
        let _ = writeln!(out, "{yellow}WARNING: {w}{yellow:#}");
    }
    if !v.allowed() {
        for r in &v.refusals {
            let _ = writeln!(out, "{red}error: {r}{red:#}");
        }
        out.push_str("Nothing was changed.\n");
    }
    out
}
