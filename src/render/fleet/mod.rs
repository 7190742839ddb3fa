//! Multi-target output: every command's per-target results (each rendered
//! by its single-target printer) grouped by target, with a summary per
//! target and over all of them. The layout is shared by `plan`, `drift` and
//! `report` (one submodule each supplies its columns, words and totals
//! through [`TargetView`]): in a terminal, each target under a
//! `=== target NAME (account A, REGION) ===` heading, then the totals; in
//! Markdown, one summary table of every target, then one collapsed section
//! per target worth a look, within one size cap (sections that do not fit
//! are named). JSON is the [`Fleet`] document itself. Renderers read only
//! the document, so merged shards render byte for byte like the unsharded
//! run.

pub mod drift;
pub mod plan;
pub mod report;

use std::fmt::Write;

use serde::Serialize;

use super::md::{cap_text, escape, DEFAULT_CAP};
use super::Format;
use crate::fleet::{Fleet, TargetResult};

/// What the shared layout needs from one kind of per-target result.
pub trait TargetView {
    /// The command (`plan`, `drift`, `report`), for headings and hints.
    const COMMAND: &'static str;
    /// Headers of the summary table's numeric columns.
    const COLUMNS: &'static [&'static str];
    /// The cells of those columns.
    fn cells(&self) -> Vec<String>;
    /// The status of a result with nothing to look at (`no changes`).
    const QUIET: &'static str;
    /// A word or two for the summary table's status column.
    fn status(&self) -> &'static str;
    /// The terminal text names quiet targets on one line instead of
    /// rendering each (plan, drift); a report shows every target's jobs.
    const COLLAPSE_QUIET: bool = true;
    /// Worth a Markdown section of its own (changes, drift, problems).
    fn noteworthy(&self) -> bool {
        self.status() != Self::QUIET
    }
    /// What follows the target's name in its section heading.
    fn summary(&self) -> String;
    /// The single-target terminal text.
    fn human(&self) -> String;
    /// The single-target Markdown, within about `cap` characters.
    fn markdown(&self, target: &str, cap: usize) -> String;
}

/// `doc` in `format`; `overall` is the totals line of the run.
fn render<T: TargetView + Serialize>(doc: &Fleet<T>, format: Format, overall: &str) -> String {
    match format {
        Format::Human => human(doc, overall),
        Format::Json => doc.to_json(),
        Format::Markdown => markdown(doc, overall, DEFAULT_CAP),
    }
}

/// `" N target(s) failed: a, b."`, or nothing: what every totals line ends
/// with.
fn failed_suffix<T>(doc: &Fleet<T>) -> String {
    let failed = doc.failed();
    if failed.is_empty() {
        return String::new();
    }
    format!(" {} target(s) failed: {}.", failed.len(), failed.join(", "))
}

fn shard_line<T>(doc: &Fleet<T>) -> Option<String> {
    doc.shard.map(|s| {
        format!(
            "Shard {}/{}: {} of {} targets (merge the shards with `backupctl merge`).",
            s.index,
            s.count,
            doc.targets.len(),
            s.targets_total
        )
    })
}

fn error_of<T>(t: &TargetResult<T>) -> &str {
    t.error.as_deref().unwrap_or("no result")
}

/// Terminal text: each target's result under a heading, then the totals.
fn human<T: TargetView>(doc: &Fleet<T>, overall: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Stack {:?}: {} target(s).",
        doc.stack,
        doc.targets.len()
    );
    if let Some(s) = shard_line(doc) {
        let _ = writeln!(out, "{s}");
    }
    // Targets with nothing to look at share one line, so 150 converged
    // targets do not bury the few that change.
    let mut quiet = Vec::new();
    for t in &doc.targets {
        if T::COLLAPSE_QUIET && t.result.as_ref().is_some_and(|r| !r.noteworthy()) {
            quiet.push(t.name.as_str());
            continue;
        }
        let _ = writeln!(
            out,
            "\n=== target {} (account {}, {}) ===",
            t.name, t.account_id, t.region
        );
        match &t.result {
            Some(r) => out.push_str(&r.human()),
            None => {
                let _ = writeln!(out, "error: {}", error_of(t));
            }
        }
    }
    if !quiet.is_empty() {
        let _ = writeln!(
            out,
            "\n{} in {} target(s): {}.",
            capitalized(T::QUIET),
            quiet.len(),
            quiet.join(", ")
        );
    }
    let _ = writeln!(out, "\n{overall}");
    out
}

/// `no changes` -> `No changes`.
fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Markdown for one pull-request comment of at most `cap` characters
/// (unless the summary table alone is larger): a summary table of every
/// target, then a collapsed section per noteworthy or failed target;
/// sections that do not fit are named, not cut in the middle.
fn markdown<T: TargetView>(doc: &Fleet<T>, overall: &str, cap: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### backupctl {}: stack `{}`, {} target(s)\n",
        T::COMMAND,
        doc.stack,
        doc.targets.len()
    );
    let _ = writeln!(out, "**{}**\n", escape(overall));
    if let Some(s) = shard_line(doc) {
        let _ = writeln!(out, "_{s}_\n");
    }
    let _ = writeln!(
        out,
        "| Target | Account | Region | {} | Status |",
        T::COLUMNS.join(" | ")
    );
    let _ = writeln!(out, "|---|---|---|{}---|", "---:|".repeat(T::COLUMNS.len()));
    for t in &doc.targets {
        let (cells, status) = match &t.result {
            Some(r) => (r.cells(), r.status()),
            None => (vec!["-".to_string(); T::COLUMNS.len()], "failed"),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {status} |",
            t.name,
            t.account_id,
            t.region,
            cells.join(" | ")
        );
    }
    out.push('\n');
    let shown: Vec<&TargetResult<T>> = doc
        .targets
        .iter()
        .filter(|t| t.result.as_ref().is_none_or(T::noteworthy))
        .collect();
    // Room for the note in the worst case, when it names every section.
    let reserve = left_out_note(&shown, cap).len();
    let mut left_out = Vec::new();
    for (i, t) in shown.iter().enumerate() {
        let remaining = cap.saturating_sub(out.len() + reserve);
        let share = (remaining / (shown.len() - i)).max(2_000);
        let (words, body) = match &t.result {
            Some(r) => (r.summary(), without_heading(&r.markdown(&t.name, share))),
            None => (
                "failed".to_string(),
                format!("> **Error:** {}\n", escape(error_of(t))),
            ),
        };
        let section = format!(
            "<details><summary><code>{}</code>: {}</summary>\n\n{body}\n</details>\n\n",
            t.name,
            escape(&words)
        );
        if out.len() + section.len() + reserve > cap {
            left_out.push(*t);
            continue;
        }
        out.push_str(&section);
    }
    if !left_out.is_empty() {
        out.push_str(&left_out_note(&left_out, cap));
    }
    out
}

fn left_out_note<T: TargetView>(left_out: &[&TargetResult<T>], cap: usize) -> String {
    if left_out.is_empty() {
        return String::new();
    }
    format!(
        "_Details of {} target(s) left out to stay under {cap} characters: {}. Run `backupctl {} --target NAME` for them._\n",
        left_out.len(),
        left_out
            .iter()
            .map(|t| format!("`{}`", t.name))
            .collect::<Vec<_>>()
            .join(", "),
        T::COMMAND
    )
}

/// A single-target Markdown `text` cut to `cap`, pointing at the command
/// that shows the target in full.
fn capped<T: TargetView>(text: &str, target: &str, cap: usize) -> String {
    cap_text(
        text,
        cap,
        &format!("backupctl {} --target {target} --format json", T::COMMAND),
    )
}

/// A target's Markdown without its own heading (the section names it).
fn without_heading(text: &str) -> String {
    match text.split_once('\n') {
        Some((first, rest)) if first.starts_with('#') => rest.trim_start().to_string(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests;
