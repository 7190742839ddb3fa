//! What a multi-target apply says besides the grouped plan: every
//! target's safety verdict (named), the one confirmation question, and
//! the closing report — done / failed / not attempted per target, with
//! the listing of each target that did not finish.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::apply::failure_listing;
use super::fleet::plan::totals;
use crate::apply::{Outcome, Verdict};
use crate::changeset::ChangeSet;
use crate::fleet::Fleet;

/// The verdicts for stderr: each target's warnings and refusals, then,
/// when any target refuses, that nothing was changed anywhere.
pub fn verdicts(verdicts: &[(String, Verdict)]) -> String {
    let yellow = Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold();
    let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    let mut out = String::new();
    for (name, v) in verdicts {
        for w in &v.warnings {
            let _ = writeln!(out, "{yellow}WARNING: target {name}: {w}{yellow:#}");
        }
        if !v.allowed() {
            for r in &v.refusals {
                let _ = writeln!(out, "{red}error: target {name}: {r}{red:#}");
            }
        }
    }
    if verdicts.iter().any(|(_, v)| !v.allowed()) {
        out.push_str("Nothing was changed in any target.\n");
    }
    out
}

/// The question asked on a terminal before a multi-target apply.
pub fn confirm_question(doc: &Fleet<ChangeSet>, warned: bool) -> String {
    let t = totals(doc);
    format!(
        "\nPlan over {} target(s): {} to add, {} to change, {} to replace, {} to destroy. {}Do you want to perform these actions in all of them? Only 'yes' will be accepted: ",
        doc.targets.len(),
        t.add,
        t.change,
        t.replace,
        t.destroy,
        if warned { "Read the WARNINGS above. " } else { "" }
    )
}

/// The closing report: one line per target and, for each target that did
/// not finish, what it did and did not do. `Ok(text)` when every target
/// finished, `Err(text)` otherwise.
pub fn report(outcomes: &[(String, Result<Outcome, String>)]) -> Result<String, String> {
    let mut out = String::new();
    let mut failed = Vec::new();
    let (mut done_all, mut failed_all, mut skipped_all) = (0, 0, 0);
    for (name, o) in outcomes {
        match o {
            Ok(o) => {
                let (done, fail, skipped) = o.counts();
                done_all += done;
                failed_all += fail;
                skipped_all += skipped;
                let mut line =
                    format!("target {name}: {done} done, {fail} failed, {skipped} not attempted");
                if let (Some(why), 0) = (&o.held, fail) {
                    let _ = write!(line, " ({why})");
                }
                let _ = writeln!(out, "{line}");
                if !o.succeeded() {
                    failed.push((name, failure_listing(o)));
                }
            }
            Err(e) => {
                let _ = writeln!(out, "target {name}: FAILED before any change: {e}");
                failed.push((name, String::new()));
            }
        }
    }
    for (name, listing) in &failed {
        if !listing.is_empty() {
            let _ = write!(out, "\n[{name}]{listing}");
        }
    }
    if failed.is_empty() {
        let _ = writeln!(
            out,
            "Apply complete! {} target(s), {done_all} operation(s) done.",
            outcomes.len()
        );
        Ok(out)
    } else {
        let _ = writeln!(
            out,
            "\nApply failed in {} of {} target(s): {done_all} operation(s) done, {failed_all} failed, {skipped_all} not attempted. Fix the cause and run apply again; it continues from the live state.",
            failed.len(),
            outcomes.len()
        );
        Err(out)
    }
}
