//! The job report as a terminal table and as Markdown for an issue or a PR
//! comment (capped like every Markdown output); the JSON form is the
//! serialized [`JobReport`] (docs/report-format.md). Kept apart from the
//! building (`report`) so a wording change cannot touch a number.

use std::fmt::Write as _;

use super::md::{cap_text, DEFAULT_CAP};
use super::report_tables::{counts_line, md_table, table};
use super::Format;
use crate::report::{JobReport, Owned};

/// `r` in `format`, ready for stdout (`Human` is the table).
pub fn render(r: &JobReport, format: Format) -> String {
    match format {
        Format::Human => human(r),
        Format::Json => serde_json::to_string_pretty(r).expect("report serializes") + "\n",
        Format::Markdown => cap_text(&markdown(r), DEFAULT_CAP, "backupctl report --format json"),
    }
}

/// Columns of the per-vault and per-plan tables.
const STATE_COLUMNS: &[&str] = &["COMPLETED", "FAILED", "EXPIRED", "ABORTED", "PARTIAL"];

fn owned_rows(kind: &str, list: &[Owned]) -> Vec<Vec<String>> {
    let mut head = vec![kind.to_uppercase(), "JOBS".into()];
    head.extend(STATE_COLUMNS.iter().map(|s| s.to_string()));
    head.push("OTHER".into());
    let mut rows = vec![head];
    for o in list {
        let c = &o.counts;
        let mut row = vec![o.name.clone(), c.total.to_string()];
        row.extend(STATE_COLUMNS.iter().map(|s| c.state(s).to_string()));
        let listed: i64 = STATE_COLUMNS.iter().map(|s| c.state(s)).sum();
        row.push((c.total - listed).to_string());
        rows.push(row);
    }
    rows
}

fn gate_line(r: &JobReport) -> String {
    match r.max_failed {
        Some(max) if r.exceeded => format!(
            "FAIL: {} failed or expired jobs, more than --max-failed {max}.",
            r.failed_jobs
        ),
        Some(max) => format!(
            "OK: {} failed or expired jobs, within --max-failed {max}.",
            r.failed_jobs
        ),
        None => format!("{} failed or expired jobs.", r.failed_jobs),
    }
}

/// The terminal table.
pub fn human(r: &JobReport) -> String {
    let mut out = format!(
        "Backup jobs of stack \"{}\" in {}{}, {} (created {} to {}).\n\n",
        r.stack,
        r.region,
        r.account_id
            .as_ref()
            .map(|a| format!(", account {a}"))
            .unwrap_or_default(),
        r.period.name(),
        r.window.start,
        r.window.end
    );
    let _ = writeln!(out, "Account and region: {} jobs", r.account.total);
    let _ = writeln!(
        out,
        "  by state:            {}",
        counts_line(&r.account.by_state)
    );
    let _ = writeln!(
        out,
        "  by message category: {}",
        counts_line(&r.account.by_message_category)
    );
    let _ = writeln!(
        out,
        "  by resource type:    {}\n",
        counts_line(&r.account.by_resource_type)
    );
    for (kind, list) in [("vault", &r.vaults), ("plan", &r.plans)] {
        if list.is_empty() {
            let _ = writeln!(out, "Managed {kind}s: none\n");
        } else {
            let _ = writeln!(out, "Managed {kind}s:");
            out.push_str(&table(&owned_rows(kind, list)));
            out.push('\n');
        }
    }
    if r.failed_resources.is_empty() {
        out.push_str("Resources with failed or expired jobs: none\n\n");
    } else {
        let _ = writeln!(
            out,
            "Resources with failed or expired jobs ({}):",
            r.failed_resources.len()
        );
        let mut rows = vec![vec![
            "RESOURCE".to_string(),
            "TYPE".into(),
            "FAILED".into(),
            "EXPIRED".into(),
            "LAST".into(),
            "PLANS".into(),
        ]];
        for f in &r.failed_resources {
            rows.push(vec![
                f.resource_arn.clone(),
                f.resource_type.clone(),
                f.failed.to_string(),
                f.expired.to_string(),
                format!("{} {}", f.last_state, f.last_created),
                f.plans
                    .iter()
                    .map(|a| a.strip_prefix("plan.").unwrap_or(a))
                    .chain(f.other_plan_ids.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(","),
            ]);
        }
        out.push_str(&table(&rows));
        for f in &r.failed_resources {
            if let Some(m) = &f.last_failure_message {
                let _ = writeln!(out, "  {}: {m}", f.resource_arn);
            }
        }
        out.push('\n');
    }
    if r.unprotected_resources.is_empty() {
        let _ = writeln!(
            out,
            "Selected resources without a completed job: none (of {} selected by ARN)\n",
            r.explicit_resources
        );
    } else {
        let _ = writeln!(
            out,
            "Selected resources without a completed job ({} of {} selected by ARN):",
            r.unprotected_resources.len(),
            r.explicit_resources
        );
        let mut rows = vec![vec![
            "PLAN".to_string(),
            "SELECTION".into(),
            "RESOURCE".into(),
            "DUE".into(),
            "LAST JOB".into(),
        ]];
        for u in &r.unprotected_resources {
            rows.push(vec![
                u.plan.clone(),
                u.selection.clone(),
                u.resource_arn.clone(),
                u.due.clone(),
                u.last_state.clone().unwrap_or_else(|| "none".into()),
            ]);
        }
        out.push_str(&table(&rows));
        out.push('\n');
    }
    out.push_str(&super::report_dr::human(r));
    // The backup-job gate last, as before copy jobs were reported.
    for line in [
        super::report_dr::copy_gate(&r.copy_jobs),
        super::report_dr::restore_gate(&r.restore_tests),
        gate_line(r),
    ] {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Markdown for an issue or a PR comment.
pub fn markdown(r: &JobReport) -> String {
    let (c, t) = (&r.copy_jobs, &r.restore_tests);
    let unguarded = |max: Option<i64>, n: i64| max.is_none() && n > 0;
    let icon = if r.gated() {
        "❌"
    } else if unguarded(r.max_failed, r.failed_jobs)
        || unguarded(c.max_failed, c.failed_jobs)
        || unguarded(t.max_failed, t.failed_tests)
    {
        "⚠️"
    } else {
        "✅"
    };
    let mut out = format!(
        "## {icon} Backup jobs: stack `{}` in `{}` ({})\n\nJobs created {} to {}. {}\n\n",
        r.stack,
        r.region,
        r.period.name(),
        r.window.start,
        r.window.end,
        gate_line(r)
    );
    let _ = writeln!(out, "**Account and region:** {} jobs\n", r.account.total);
    let mut rows = vec![vec!["State".to_string(), "Jobs".into()]];
    rows.extend(
        r.account
            .by_state
            .iter()
            .map(|(k, v)| vec![k.clone(), v.to_string()]),
    );
    out.push_str(&md_table(&rows));
    out.push('\n');
    let mut rows = vec![vec!["Message category".to_string(), "Jobs".into()]];
    rows.extend(
        r.account
            .by_message_category
            .iter()
            .map(|(k, v)| vec![k.clone(), v.to_string()]),
    );
    out.push_str(&md_table(&rows));
    for (kind, list) in [("vault", &r.vaults), ("plan", &r.plans)] {
        let _ = writeln!(out, "\n**Managed {kind}s**\n");
        if list.is_empty() {
            out.push_str("None.\n");
        } else {
            out.push_str(&md_table(&owned_rows(kind, list)));
        }
    }
    let _ = writeln!(
        out,
        "\n**Resources with failed or expired jobs:** {}\n",
        r.failed_resources.len()
    );
    if !r.failed_resources.is_empty() {
        let mut rows = vec![vec![
            "Resource".to_string(),
            "Failed".into(),
            "Expired".into(),
            "Last job".into(),
            "Message".into(),
        ]];
        for f in &r.failed_resources {
            rows.push(vec![
                format!("`{}`", f.resource_arn),
                f.failed.to_string(),
                f.expired.to_string(),
                format!("{} {}", f.last_state, f.last_created),
                f.last_failure_message.clone().unwrap_or_default(),
            ]);
        }
        out.push_str(&md_table(&rows));
    }
    let _ = writeln!(
        out,
        "\n**Selected resources without a completed job:** {} of {} selected by ARN\n",
        r.unprotected_resources.len(),
        r.explicit_resources
    );
    if !r.unprotected_resources.is_empty() {
        let mut rows = vec![vec![
            "Plan".to_string(),
            "Selection".into(),
            "Resource".into(),
            "Due".into(),
            "Last job".into(),
        ]];
        for u in &r.unprotected_resources {
            rows.push(vec![
                u.plan.clone(),
                u.selection.clone(),
                format!("`{}`", u.resource_arn),
                u.due.clone(),
                u.last_state.clone().unwrap_or_else(|| "none".into()),
            ]);
        }
        out.push_str(&md_table(&rows));
    }
    out.push_str(&super::report_dr::markdown(r));
    out
}
