//! The human rendering, modelled on `terraform plan`: one block per change
//! with `+`, `~`, `-/+`, `-` markers, field-level `before -> after` lines,
//! unified diffs for policies and long values, unmanaged resources and
//! errors, and the closing "Plan: ..." summary. Output carries ANSI styles;
//! the caller writes it through `anstream`, which strips them when colour is
//! off (not a terminal, NO_COLOR, --no-color).

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::{is_long, one_line, unified};
use crate::changeset::{Action, Change, ChangeSet};

fn style(action: Action) -> Style {
    let color = match action {
        Action::Create => AnsiColor::Green,
        Action::Update => AnsiColor::Yellow,
        Action::Replace => AnsiColor::Magenta,
        Action::Delete => AnsiColor::Red,
    };
    Style::new().fg_color(Some(color.into()))
}

fn paint(s: Style, text: &str) -> String {
    format!("{}{text}{}", s.render(), s.render_reset())
}

const BOLD: Style = Style::new().bold();

/// Render the plan as terminal text.
pub fn render(plan: &ChangeSet) -> String {
    let mut out = String::new();
    let account = plan.account_id.as_deref().unwrap_or("unknown");
    let _ = writeln!(
        out,
        "Stack {:?} in account {account}, region {}.",
        plan.stack, plan.region
    );
    let _ = writeln!(out);
    if plan.changes.is_empty() && !plan.errors.is_empty() {
        // An error means there is no verdict: never "No changes" beside it.
        let _ = writeln!(
            out,
            "{}",
            paint(BOLD, "No plan: fix the errors below first.")
        );
    } else if plan.changes.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            paint(
                BOLD,
                "No changes. The live state matches the configuration."
            )
        );
    } else {
        let _ = writeln!(
            out,
            "backupctl will perform the following actions, in this order:"
        );
        for c in &plan.changes {
            let _ = writeln!(out);
            change(&mut out, c);
        }
    }
    if plan.unmanaged.any_listed() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Unmanaged resources (reported only, never changed):");
        for (kind, name) in plan.unmanaged.listed() {
            let _ = writeln!(out, "  {} {name:?}", kind.info().prefix);
        }
    }
    if !plan.unmanaged.other_stacks.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} resource(s) of other stacks in this region are left alone.",
            plan.unmanaged.other_stacks.len()
        );
    }
    safety(&mut out, plan);
    let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    if !plan.errors.is_empty() {
        let _ = writeln!(out);
        for e in &plan.errors {
            let _ = writeln!(out, "{} {e}", paint(red, "error:"));
        }
    }
    let _ = writeln!(out);
    if plan.errors.is_empty() {
        let _ = writeln!(out, "{}", paint(BOLD, &plan.summary().to_string()));
    } else {
        let _ = writeln!(
            out,
            "{}",
            paint(
                red,
                &format!(
                    "Plan failed: {} error(s); nothing can be applied.",
                    plan.errors.len()
                )
            )
        );
    }
    out
}

/// The safety verdict: what apply refuses whatever the flags, what needs a
/// flag, and the warnings.
fn safety(out: &mut String, plan: &ChangeSet) {
    let s = &plan.safety;
    if s.is_clear() {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        paint(BOLD, "Safety checks (apply's verdict on these changes):")
    );
    let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    let yellow = Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold();
    for b in &s.blocked {
        let _ = writeln!(out, "  {} {b}", paint(red, "blocked:"));
    }
    for n in &s.needs_flag {
        let _ = writeln!(
            out,
            "  {} {}",
            paint(yellow, &format!("needs {}:", n.flag)),
            n.reason
        );
    }
    for w in &s.warnings {
        let _ = writeln!(out, "  {} {w}", paint(yellow, "warning:"));
    }
}

fn change(out: &mut String, c: &Change) {
    let s = style(c.action);
    let mut head = if c.release {
        format!(
            "# {} will be released from this stack (its stack tag is removed; the resource is kept)",
            c.address
        )
    } else {
        format!("# {} will be {}", c.address, c.action.verb())
    };
    if c.adopt {
        head.push_str(" (adopted into this stack)");
    }
    let _ = writeln!(out, "  {}", paint(BOLD, &head));
    if let Some(reason) = &c.replace_reason {
        let _ = writeln!(out, "  # (forced by: {reason})");
    }
    if let Some(note) = &c.note {
        let _ = writeln!(out, "  # ({note})");
    }
    let _ = writeln!(out, "  {} {} {{", paint(s, c.action.symbol()), c.address);
    for f in super::shown_fields(c) {
        let (before, after) = (f.before.as_ref(), f.after.as_ref());
        if is_long(before) || is_long(after) || f.path.ends_with("access_policy") {
            let marker = field_marker(before.is_some(), after.is_some());
            let _ = writeln!(out, "      {} {} =", paint(s, marker), f.path);
            for (sign, line) in unified(before, after) {
                let text = format!("{sign} {line}");
                let st = match sign {
                    '+' => style(Action::Create),
                    '-' => style(Action::Delete),
                    _ => Style::new(),
                };
                let _ = writeln!(out, "          {}", paint(st, &text));
            }
            continue;
        }
        let line = match (before, after) {
            (None, Some(a)) => format!(
                "{} {} = {}",
                paint(style(Action::Create), "+"),
                f.path,
                one_line(a)
            ),
            (Some(b), None) => format!(
                "{} {} = {}",
                paint(style(Action::Delete), "-"),
                f.path,
                one_line(b)
            ),
            (Some(b), Some(a)) => format!(
                "{} {} = {} -> {}",
                paint(style(Action::Update), "~"),
                f.path,
                one_line(b),
                one_line(a)
            ),
            (None, None) => continue,
        };
        let _ = writeln!(out, "      {line}");
    }
    let _ = writeln!(out, "    }}");
}

fn field_marker(before: bool, after: bool) -> &'static str {
    match (before, after) {
        (false, true) => "+",
        (true, false) => "-",
        _ => "~",
    }
}
