//! The Markdown rendering for pull-request comments: a heading with the
//! summary, a table of changes, one collapsible `<details>` block per change
//! with a `diff` code block, and a size cap (GitHub rejects comments over
//! 65,536 characters) with a note saying how much was left out. The
//! escaper and the cap are the ones every Markdown output shares
//! (`render::md`).

use std::fmt::Write;

use super::md::escape;
pub use super::md::DEFAULT_CAP;
use super::{is_long, one_line, unified};
use crate::changeset::{Action, Change, ChangeSet};

fn action_word(a: Action) -> &'static str {
    match a {
        Action::Create => "create",
        Action::Update => "update",
        Action::Replace => "replace",
        Action::Delete => "delete",
    }
}

/// Render the plan as Markdown of at most about `cap` characters.
pub fn render(plan: &ChangeSet, cap: usize) -> String {
    let mut out = String::new();
    let account = plan.account_id.as_deref().unwrap_or("unknown account");
    let _ = writeln!(
        out,
        "### backupctl plan: stack `{}` ({account}, {})\n",
        plan.stack, plan.region
    );
    if plan.errors.is_empty() {
        let _ = writeln!(out, "**{}**\n", plan.summary());
    } else {
        let _ = writeln!(
            out,
            "**Plan failed: {} error(s); nothing can be applied.**\n",
            plan.errors.len()
        );
    }
    for e in &plan.errors {
        let _ = writeln!(out, "> **Error:** {}", escape(e));
    }
    if !plan.errors.is_empty() {
        out.push('\n');
    }
    safety(&mut out, plan);
    if !plan.changes.is_empty() {
        let _ = writeln!(out, "| | Resource | Action | Note |");
        let _ = writeln!(out, "|---|---|---|---|");
        for c in &plan.changes {
            let note = c
                .replace_reason
                .clone()
                .or_else(|| c.adopt.then(|| "adopted".to_string()))
                .or_else(|| {
                    c.release
                        .then(|| "released from the stack (untagged, kept)".to_string())
                })
                .or_else(|| c.note.clone())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| `{}` | `{}` | {} | {} |",
                c.action.symbol(),
                c.address,
                action_word(c.action),
                escape(&note)
            );
        }
        out.push('\n');
    }
    if plan.unmanaged.any_listed() {
        let names: Vec<String> = plan
            .unmanaged
            .listed()
            .map(|(kind, name)| format!("{} `{name}`", kind.info().prefix))
            .collect();
        let _ = writeln!(out, "Unmanaged (not changed): {}\n", names.join(", "));
    }
    let mut shown = 0;
    for c in &plan.changes {
        let block = details(c);
        if out.len() + block.len() > cap {
            break;
        }
        out.push_str(&block);
        shown += 1;
    }
    let left = plan.changes.len() - shown;
    if left > 0 {
        let _ = writeln!(
            out,
            "\n_Output cut to stay under {cap} characters: details of {left} more change(s) are not shown; run `backupctl plan --format json` for the full plan._"
        );
    }
    out
}

/// The safety verdict as GitHub alerts: blocked (caution), needs a flag and
/// warnings (warning).
fn safety(out: &mut String, plan: &ChangeSet) {
    let s = &plan.safety;
    if !s.blocked.is_empty() {
        let _ = writeln!(out, "> [!CAUTION]\n> **Apply will refuse this plan:**");
        for b in &s.blocked {
            let _ = writeln!(out, "> - {}", escape(b));
        }
        out.push('\n');
    }
    if !s.needs_flag.is_empty() || !s.warnings.is_empty() {
        let _ = writeln!(out, "> [!WARNING]");
        for n in &s.needs_flag {
            let _ = writeln!(out, "> - needs `{}`: {}", n.flag, escape(&n.reason));
        }
        for w in &s.warnings {
            let _ = writeln!(out, "> - {}", escape(w));
        }
        out.push('\n');
    }
    if !plan.unmanaged.other_stacks.is_empty() {
        let _ = writeln!(
            out,
            "{} resource(s) of other stacks in this region are left alone.\n",
            plan.unmanaged.other_stacks.len()
        );
    }
}

fn details(c: &Change) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<details><summary><code>{} {}</code></summary>\n",
        c.action.symbol(),
        c.address
    );
    if let Some(r) = &c.replace_reason {
        let _ = writeln!(out, "Replaced because {}.\n", escape(r));
    }
    if let Some(n) = &c.note {
        let _ = writeln!(out, "Why: {}.\n", escape(n));
    }
    out.push_str("```diff\n");
    for f in super::shown_fields(c) {
        let (b, a) = (f.before.as_ref(), f.after.as_ref());
        if is_long(b) || is_long(a) {
            let _ = writeln!(out, "! {}:", f.path);
            for (sign, line) in unified(b, a) {
                let _ = writeln!(out, "{sign}   {line}");
            }
            continue;
        }
        if let Some(b) = b {
            let _ = writeln!(out, "- {} = {}", f.path, one_line(b));
        }
        if let Some(a) = a {
            let _ = writeln!(out, "+ {} = {}", f.path, one_line(a));
        }
    }
    out.push_str("```\n\n</details>\n");
    out
}
