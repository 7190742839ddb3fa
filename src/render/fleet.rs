//! Multi-target plans: the per-target plans (each rendered by the
//! single-target printers) grouped by target, with a summary per target
//! and over all of them. The Markdown form stays readable for 50 targets:
//! one summary table, then one collapsed section per target with changes,
//! within one size cap. Renderers read only the [`Fleet`] document, so the
//! merged shards of a run render byte for byte like the unsharded run.

use std::fmt::Write;

use super::md::{escape, DEFAULT_CAP};
use super::{plan_human, plan_markdown, Format};
use crate::changeset::{ChangeSet, Summary};
use crate::fleet::{Fleet, TargetResult};

/// Render a multi-target plan in `format`.
pub fn render_plan(doc: &Fleet<ChangeSet>, format: Format) -> String {
    match format {
        Format::Human => human(doc),
        Format::Json => doc.to_json(),
        Format::Markdown => markdown(doc, DEFAULT_CAP),
    }
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

/// A target's one-word state for the summary tables.
fn status(t: &TargetResult<ChangeSet>) -> &'static str {
    match &t.result {
        None => "failed",
        Some(p) if !p.errors.is_empty() || !p.safety.blocked.is_empty() => "blocked",
        Some(p) if p.has_changes() => "changes",
        Some(_) => "no changes",
    }
}

fn shard_line(doc: &Fleet<ChangeSet>) -> Option<String> {
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

fn overall(doc: &Fleet<ChangeSet>) -> String {
    let t = totals(doc);
    let failed = doc.failed().len();
    let mut line = format!(
        "Plan over {} target(s): {} to add, {} to change, {} to replace, {} to destroy.",
        doc.targets.len(),
        t.add,
        t.change,
        t.replace,
        t.destroy
    );
    if failed > 0 {
        let _ = write!(
            line,
            " {failed} target(s) failed: {}.",
            doc.failed().join(", ")
        );
    }
    line
}

/// Terminal text: each target's plan under a heading, then the totals.
pub fn human(doc: &Fleet<ChangeSet>) -> String {
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
    for t in &doc.targets {
        let _ = writeln!(
            out,
            "\n=== target {} (account {}, {}) ===",
            t.name, t.account_id, t.region
        );
        match (&t.result, &t.error) {
            (Some(p), _) => out.push_str(&plan_human::render(p)),
            (None, e) => {
                let _ = writeln!(out, "error: {}", e.as_deref().unwrap_or("no result"));
            }
        }
    }
    let _ = writeln!(out, "\n{}", overall(doc));
    out
}

/// Markdown for one pull-request comment of at most about `cap`
/// characters: a summary table of every target, then a collapsed section
/// per target with changes or problems; sections that do not fit are
/// named, not cut in the middle.
pub fn markdown(doc: &Fleet<ChangeSet>, cap: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### backupctl plan: stack `{}`, {} target(s)\n",
        doc.stack,
        doc.targets.len()
    );
    let _ = writeln!(out, "**{}**\n", escape(&overall(doc)));
    if let Some(s) = shard_line(doc) {
        let _ = writeln!(out, "_{s}_\n");
    }
    let _ = writeln!(
        out,
        "| Target | Account | Region | Add | Change | Replace | Destroy | Status |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|---|");
    for t in &doc.targets {
        let s = t
            .result
            .as_ref()
            .map(ChangeSet::summary)
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
            t.name,
            t.account_id,
            t.region,
            s.add,
            s.change,
            s.replace,
            s.destroy,
            status(t)
        );
    }
    out.push('\n');
    let shown: Vec<&TargetResult<ChangeSet>> = doc
        .targets
        .iter()
        .filter(|t| status(t) != "no changes")
        .collect();
    let mut left_out = Vec::new();
    for (i, t) in shown.iter().enumerate() {
        let remaining = cap.saturating_sub(out.len() + 400);
        let share = (remaining / (shown.len() - i)).max(2_000);
        let body = match (&t.result, &t.error) {
            (Some(p), _) => section_body(p, share),
            (None, e) => format!(
                "> **Error:** {}\n",
                escape(e.as_deref().unwrap_or("no result"))
            ),
        };
        let section = format!(
            "<details><summary><code>{}</code>: {}</summary>\n\n{body}\n</details>\n\n",
            t.name,
            summary_words(t)
        );
        if out.len() + section.len() + 400 > cap {
            left_out.push(t.name.as_str());
            continue;
        }
        out.push_str(&section);
    }
    if !left_out.is_empty() {
        let _ = writeln!(
            out,
            "_Details of {} target(s) left out to stay under {cap} characters: {}. Run `backupctl plan --target NAME` for them._",
            left_out.len(),
            left_out.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        );
    }
    out
}

fn summary_words(t: &TargetResult<ChangeSet>) -> String {
    match &t.result {
        None => "failed".into(),
        Some(p) if !p.errors.is_empty() => format!("{} error(s)", p.errors.len()),
        Some(p) => p.summary().to_string(),
    }
}

/// A target's Markdown plan without its own heading (the section names it).
fn section_body(plan: &ChangeSet, cap: usize) -> String {
    let text = plan_markdown::render(plan, cap);
    match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("### ") => rest.trim_start().to_string(),
        _ => text,
    }
}
