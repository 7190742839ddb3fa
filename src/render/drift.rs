//! Drift as text for a terminal or a log, and as Markdown for an issue or
//! a PR comment (capped like every Markdown output); the JSON form is the
//! serialized [`DriftReport`] (docs/drift-format.md).

use super::md::{cap_text, escape, DEFAULT_CAP};
use super::Format;
use crate::drift::{Category, DriftReport};

/// `r` in `format`, ready for stdout.
pub fn render(r: &DriftReport, format: Format) -> String {
    match format {
        Format::Human => human(r),
        Format::Json => serde_json::to_string_pretty(r).expect("drift serializes") + "\n",
        Format::Markdown => cap_text(&markdown(r), DEFAULT_CAP, "backupctl drift --format json"),
    }
}

fn value(v: &Option<serde_json::Value>) -> String {
    v.as_ref()
        .map_or_else(|| "(absent)".to_string(), |v| v.to_string())
}

/// Plain text (colour is left to the caller's stream).
pub fn human(r: &DriftReport) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "Drift of stack \"{}\" in {}{}.\n\n",
        r.stack,
        r.region,
        r.account_id
            .as_ref()
            .map(|a| format!(", account {a}"))
            .unwrap_or_default()
    );
    let total: usize = [
        Category::Changed,
        Category::Missing,
        Category::Orphaned,
        Category::Unmanaged,
    ]
    .iter()
    .map(|c| r.count(*c))
    .sum();
    if !r.errors.is_empty() {
        // An error means there is no verdict: never "No drift" beside it.
        // The errors themselves go to stderr.
        out.push_str("No verdict: fix the errors reported on stderr first.\n\n");
    }
    let others = other_lines(r);
    if total == 0 {
        if r.errors.is_empty() {
            out.push_str("No drift: the account matches the configuration.\n");
        }
        out.push_str(&others);
        return out;
    }
    if !r.changed.is_empty() {
        out.push_str("Changed out of band:\n");
        for c in &r.changed {
            let _ = writeln!(out, "  ~ {}", c.address);
            for f in &c.fields {
                // A plan's `before` is the live value, `after` the config's.
                let _ = writeln!(
                    out,
                    "      {}: live {}, config {}",
                    f.path,
                    value(&f.before),
                    value(&f.after)
                );
            }
        }
        out.push('\n');
    }
    for (title, items, mark) in [
        ("Missing (declared, not in the account):", &r.missing, "+"),
        (
            "Orphaned (managed by this stack, no longer declared):",
            &r.orphaned,
            "-",
        ),
    ] {
        if !items.is_empty() {
            let _ = writeln!(out, "{title}");
            for i in items {
                let _ = writeln!(out, "  {mark} {i}");
            }
            out.push('\n');
        }
    }
    if r.count(Category::Unmanaged) > 0 {
        out.push_str("Unmanaged (in the account, not in any stack):\n");
        for a in &r.unmanaged {
            let _ = writeln!(out, "  ? {a}");
        }
        out.push('\n');
    }
    out.push_str(&others);
    let _ = writeln!(
        out,
        "Drift: {} changed, {} missing, {} orphaned, {} unmanaged.",
        r.count(Category::Changed),
        r.count(Category::Missing),
        r.count(Category::Orphaned),
        r.count(Category::Unmanaged)
    );
    out
}

/// Lines about what is not drift: other stacks' resources (a count) and
/// the AWS-created vaults when asked for.
fn other_lines(r: &DriftReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if !r.other_stacks.is_empty() {
        let _ = writeln!(
            out,
            "Not drift: {} resource(s) of other stacks.",
            r.other_stacks.len()
        );
    }
    if let Some(list) = r.aws_created.as_ref().filter(|l| !l.is_empty()) {
        let _ = writeln!(out, "Created by AWS (cannot be managed, not drift):");
        for a in list {
            let _ = writeln!(out, "  {a}");
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Markdown for an issue or PR comment.
pub fn markdown(r: &DriftReport) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "### backupctl drift: stack `{}` in `{}`\n\n",
        r.stack, r.region
    );
    if !r.errors.is_empty() {
        let _ = writeln!(
            out,
            "**No verdict: the errors below must be fixed first.**\n"
        );
        for e in &r.errors {
            let _ = writeln!(out, "> **Error:** {}", escape(e));
        }
        out.push('\n');
    }
    out.push_str("| category | count |\n|---|---:|\n");
    for c in [
        Category::Changed,
        Category::Missing,
        Category::Orphaned,
        Category::Unmanaged,
    ] {
        let _ = writeln!(out, "| {c:?} | {} |", r.count(c));
    }
    out.push('\n');
    if !r.changed.is_empty() {
        out.push_str("**Changed out of band** (`-` config, `+` live)\n\n```diff\n");
        for c in &r.changed {
            let _ = writeln!(out, "~ {}", c.address);
            for f in &c.fields {
                if f.after.is_some() {
                    let _ = writeln!(out, "-   {} = {}", f.path, value(&f.after));
                }
                if f.before.is_some() {
                    let _ = writeln!(out, "+   {} = {}", f.path, value(&f.before));
                }
            }
        }
        out.push_str("```\n\n");
    }
    let list = |out: &mut String, title: &str, items: Vec<String>| {
        if !items.is_empty() {
            let _ = writeln!(out, "**{title}**\n");
            for i in items {
                let _ = writeln!(out, "- `{i}`");
            }
            out.push('\n');
        }
    };
    list(&mut out, "Missing", r.missing.clone());
    list(&mut out, "Orphaned", r.orphaned.clone());
    list(&mut out, "Unmanaged", r.unmanaged.clone());
    let others = other_lines(r);
    if !others.is_empty() {
        out.push_str(&others.replace("\n  ", "\n- "));
    }
    out
}
