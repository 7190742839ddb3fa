//! The copy-job and restore-test sections of the job report, as terminal
//! tables and as Markdown, and their gate lines. Kept apart from
//! `render::report` (the backup-job sections) so each file stays small;
//! both use `render::report_tables`.

use std::fmt::Write as _;

use super::report_tables::{counts_line, md_table, table};
use crate::report::{CopyReport, JobReport, RestoreTestReport};

fn dash(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "-".into())
}

fn seconds(v: Option<i64>) -> String {
    v.map(|s| format!("{s}s")).unwrap_or_else(|| "-".into())
}

fn copy_rows(c: &CopyReport) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "PLAN",
        "RULES",
        "DESTINATION",
        "JOBS",
        "COMPLETED",
        "FAILED",
        "OTHER",
        "LAST SUCCESS",
        "LAST FAILURE",
    ]
    .map(String::from)
    .to_vec()];
    for d in &c.destinations {
        let (done, failed) = (d.counts.state("COMPLETED"), d.failed());
        rows.push(vec![
            d.plan.clone(),
            d.rules.iter().cloned().collect::<Vec<_>>().join(","),
            d.destination_vault_arn.clone(),
            d.counts.total.to_string(),
            done.to_string(),
            failed.to_string(),
            (d.counts.total - done - failed).to_string(),
            dash(&d.last_success),
            dash(&d.last_failure),
        ]);
    }
    rows
}

fn restore_rows(t: &RestoreTestReport) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "RESTORE TESTING PLAN",
        "TESTS",
        "PASSED",
        "FAILED",
        "PENDING",
        "LAST DURATION",
        "MAX DURATION",
        "LAST PASSED",
        "LAST FAILURE",
    ]
    .map(String::from)
    .to_vec()];
    for p in &t.plans {
        rows.push(vec![
            p.name.clone(),
            p.total.to_string(),
            p.passed.to_string(),
            p.failed.to_string(),
            p.pending.to_string(),
            seconds(p.last_duration_seconds),
            seconds(p.max_duration_seconds),
            dash(&p.last_passed),
            dash(&p.last_failure),
        ]);
    }
    rows
}

/// The copy-job gate's line.
pub fn copy_gate(c: &CopyReport) -> String {
    let n = c.failed_jobs;
    match c.max_failed {
        Some(max) if c.exceeded => {
            format!("FAIL: {n} failed copy jobs, more than --max-failed-copies {max}.")
        }
        Some(max) => format!("OK: {n} failed copy jobs, within --max-failed-copies {max}."),
        None => format!("{n} failed copy jobs."),
    }
}

/// The restore-test gate's line.
pub fn restore_gate(t: &RestoreTestReport) -> String {
    let n = t.failed_tests;
    match t.max_failed {
        Some(max) if t.exceeded => {
            format!("FAIL: {n} failed restore tests, more than --max-failed-restore-tests {max}.")
        }
        Some(max) => {
            format!("OK: {n} failed restore tests, within --max-failed-restore-tests {max}.")
        }
        None => format!("{n} failed restore tests."),
    }
}

/// The terminal sections.
pub fn human(r: &JobReport) -> String {
    let (c, t) = (&r.copy_jobs, &r.restore_tests);
    let mut out = format!(
        "Copy jobs: {} in the account and region, by state: {}\n",
        c.account.total,
        counts_line(&c.account.by_state)
    );
    if c.destinations.is_empty() {
        out.push_str("Copy destinations of managed plans: none\n\n");
    } else {
        out.push_str("Copy destinations of managed plans:\n");
        out.push_str(&table(&copy_rows(c)));
        for d in &c.destinations {
            if let Some(m) = &d.last_failure_message {
                let _ = writeln!(out, "  {} -> {}: {m}", d.plan, d.destination_vault_arn);
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Restore tests: {} ({} passed, {} failed, {} pending)",
        t.total, t.passed, t.failed, t.pending
    );
    if !t.plans.is_empty() {
        out.push_str(&table(&restore_rows(t)));
        for p in &t.plans {
            if let Some(m) = &p.last_failure_message {
                let _ = writeln!(out, "  {}: {m}", p.name);
            }
        }
    }
    out.push('\n');
    out
}

/// The Markdown sections.
pub fn markdown(r: &JobReport) -> String {
    let (c, t) = (&r.copy_jobs, &r.restore_tests);
    let mut out = format!(
        "\n**Copy jobs:** {} in the account and region. {}\n\n",
        c.account.total,
        copy_gate(c)
    );
    if c.destinations.is_empty() {
        out.push_str("No managed plan copies to another vault.\n");
    } else {
        let mut rows = copy_rows(c);
        rows[0].push("MESSAGE".into());
        for (row, d) in rows.iter_mut().skip(1).zip(&c.destinations) {
            row[2] = format!("`{}`", row[2]);
            row.push(d.last_failure_message.clone().unwrap_or_default());
        }
        out.push_str(&md_table(&rows));
    }
    let _ = writeln!(
        out,
        "\n**Restore tests:** {} ({} passed, {} failed, {} pending). {}\n",
        t.total,
        t.passed,
        t.failed,
        t.pending,
        restore_gate(t)
    );
    if !t.plans.is_empty() {
        let mut rows = restore_rows(t);
        rows[0].push("MESSAGE".into());
        for (row, p) in rows.iter_mut().skip(1).zip(&t.plans) {
            row.push(p.last_failure_message.clone().unwrap_or_default());
        }
        out.push_str(&md_table(&rows));
    }
    out
}
