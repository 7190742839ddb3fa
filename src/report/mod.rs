//! Report: backup-job health for a scheduled job or a CI gate. It answers
//! "did the backups this stack is responsible for actually run?", which a
//! plan cannot: AWS can hold exactly the configured plans and still fail
//! every job (a missing IAM permission, a KMS key policy, a window too
//! short).
//!
//! Sources (see `aws::jobs`):
//! - account and region counts come from ListBackupJobSummaries, AWS's own
//!   aggregation for the period (ONE_DAY: the latest daily bucket, which
//!   must end within the last day; SEVEN_DAYS and FOURTEEN_DAYS: the one
//!   window AWS reports). That window is the report's window.
//! - per managed vault and plan counts, resources with failed or expired
//!   jobs, and explicitly selected resources without a completed job come
//!   from ListBackupJobs created since the window's start.
//!
//! A resource counts as "without a completed job" only when it is selected
//! by ARN (no wildcard, not excluded by `not_resources`) in a managed plan,
//! and one of the plan's rules was due in the window (a scheduled run at or
//! after the window's start whose start window has passed): a monthly rule
//! owes nothing in a one-day report.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::config::cron::{parse_timezone, AwsCron};
use crate::diff::glob_match;
use crate::model::{is_managed, Live, LivePlan};

/// Version of the JSON report.
pub const FORMAT_VERSION: u32 = 1;

/// The aggregation period, as ListBackupJobSummaries names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum Period {
    #[value(name = "ONE_DAY", alias = "1d", alias = "one-day")]
    #[serde(rename = "ONE_DAY")]
    OneDay,
    #[value(name = "SEVEN_DAYS", alias = "7d", alias = "seven-days")]
    #[serde(rename = "SEVEN_DAYS")]
    SevenDays,
    #[value(name = "FOURTEEN_DAYS", alias = "14d", alias = "fourteen-days")]
    #[serde(rename = "FOURTEEN_DAYS")]
    FourteenDays,
}

impl Period {
    pub fn as_aws(self) -> &'static str {
        match self {
            Period::OneDay => "ONE_DAY",
            Period::SevenDays => "SEVEN_DAYS",
            Period::FourteenDays => "FOURTEEN_DAYS",
        }
    }

    pub fn seconds(self) -> f64 {
        86_400.0
            * match self {
                Period::OneDay => 1.0,
                Period::SevenDays => 7.0,
                Period::FourteenDays => 14.0,
            }
    }
}

/// One ListBackupJobSummaries entry.
#[derive(Debug, Clone, PartialEq)]
pub struct JobSummary {
    pub state: String,
    pub resource_type: String,
    pub message_category: String,
    pub count: i64,
    pub start: f64,
    pub end: f64,
}

/// One backup job from ListBackupJobs.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: String,
    pub state: String,
    pub message_category: Option<String>,
    pub status_message: Option<String>,
    pub resource_arn: String,
    pub resource_type: String,
    pub vault: String,
    pub plan_id: Option<String>,
    pub created: f64,
}

/// States that mean "no recovery point came of it" for the gate and the
/// failed-resources list.
pub const FAILED_STATES: &[&str] = &["FAILED", "EXPIRED"];

const NO_CATEGORY: &str = "(none)";

/// Job counts by state, message category and resource type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: i64,
    pub by_state: BTreeMap<String, i64>,
    pub by_message_category: BTreeMap<String, i64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_resource_type: BTreeMap<String, i64>,
}

impl Counts {
    fn add(&mut self, state: &str, category: &str, resource_type: Option<&str>, n: i64) {
        let category = if category.is_empty() {
            NO_CATEGORY
        } else {
            category
        };
        self.total += n;
        *self.by_state.entry(state.to_string()).or_default() += n;
        *self
            .by_message_category
            .entry(category.to_string())
            .or_default() += n;
        if let Some(t) = resource_type {
            *self.by_resource_type.entry(t.to_string()).or_default() += n;
        }
    }

    fn add_job(&mut self, j: &Job) {
        self.add(
            &j.state,
            j.message_category.as_deref().unwrap_or_default(),
            None,
            1,
        );
    }

    pub fn state(&self, s: &str) -> i64 {
        self.by_state.get(s).copied().unwrap_or(0)
    }

    pub fn failed(&self) -> i64 {
        FAILED_STATES.iter().map(|s| self.state(s)).sum()
    }
}

/// Jobs of one managed vault or plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Owned {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(flatten)]
    pub counts: Counts,
}

/// A resource with failed or expired jobs in the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedResource {
    pub resource_arn: String,
    pub resource_type: String,
    pub failed: i64,
    pub expired: i64,
    /// The latest job of the resource (any state).
    pub last_state: String,
    pub last_created: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_status_message: Option<String>,
    pub vaults: BTreeSet<String>,
    /// Names of managed plans, ids of other plans.
    pub plans: BTreeSet<String>,
}

/// An explicitly selected resource of a managed plan without a completed
/// job although a rule was due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unprotected {
    pub plan: String,
    pub selection: String,
    pub resource_arn: String,
    /// The first scheduled run in the window that should have backed it up.
    pub due: String,
    /// The latest job's state, or `None` when there was no job at all.
    pub last_state: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Window {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub format_version: u32,
    pub stack: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    pub region: String,
    pub period: Period,
    pub window: Window,
    /// Every job in the account and region (ListBackupJobSummaries).
    pub account: Counts,
    pub vaults: Vec<Owned>,
    pub plans: Vec<Owned>,
    pub failed_resources: Vec<FailedResource>,
    pub unprotected_resources: Vec<Unprotected>,
    /// Explicitly selected resources checked (due or not).
    pub explicit_resources: usize,
    /// FAILED + EXPIRED jobs in the account and region: what `--max-failed`
    /// compares.
    pub failed_jobs: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_failed: Option<i64>,
    pub exceeded: bool,
}

/// Format epoch seconds as RFC 3339 UTC.
pub fn timestamp(secs: f64) -> String {
    chrono::DateTime::from_timestamp(secs.floor() as i64, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| secs.to_string())
}

/// The summaries the report's period covers and its window `[start, end]`.
pub fn account_window(
    period: Period,
    summaries: &[JobSummary],
    now: f64,
) -> (Vec<&JobSummary>, f64, f64) {
    let chosen: Vec<&JobSummary> = match period {
        Period::OneDay => {
            let latest = summaries
                .iter()
                .filter(|s| s.end >= now - Period::OneDay.seconds())
                .map(|s| s.start)
                .fold(None, |m: Option<f64>, s| Some(m.map_or(s, |m| m.max(s))));
            summaries
                .iter()
                .filter(|s| Some(s.start) == latest)
                .collect()
        }
        _ => summaries.iter().collect(),
    };
    if chosen.is_empty() {
        return (chosen, now - period.seconds(), now);
    }
    let start = chosen.iter().map(|s| s.start).fold(f64::INFINITY, f64::min);
    let end = chosen
        .iter()
        .map(|s| s.end)
        .fold(f64::NEG_INFINITY, f64::max)
        .min(now);
    (chosen, start, end)
}

/// Everything `build` needs.
pub struct Input<'a> {
    pub stack: &'a str,
    pub live: &'a Live,
    pub period: Period,
    pub summaries: &'a [JobSummary],
    /// Jobs created since the window's start.
    pub jobs: &'a [Job],
    pub now: f64,
    pub max_failed: Option<i64>,
}

pub fn build(i: &Input) -> Report {
    let (chosen, start, end) = account_window(i.period, i.summaries, i.now);
    let mut account = Counts::default();
    for s in chosen {
        account.add(
            &s.state,
            &s.message_category,
            Some(&s.resource_type),
            s.count,
        );
    }
    let jobs: Vec<&Job> = i.jobs.iter().filter(|j| j.created >= start).collect();
    let managed_plans: Vec<&LivePlan> = i
        .live
        .plans
        .values()
        .filter(|p| is_managed(&p.plan.tags, i.stack))
        .collect();
    let plan_names: BTreeMap<&str, &str> = managed_plans
        .iter()
        .map(|p| (p.id.as_str(), p.plan.name.as_str()))
        .collect();

    // One pass over the jobs: counts per vault name and per plan id.
    let mut by_vault: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_plan: BTreeMap<&str, Counts> = BTreeMap::new();
    for j in &jobs {
        by_vault.entry(&j.vault).or_default().add_job(j);
        if let Some(id) = &j.plan_id {
            by_plan.entry(id).or_default().add_job(j);
        }
    }
    let vaults = i
        .live
        .vaults
        .values()
        .filter(|v| is_managed(&v.vault.tags, i.stack))
        .map(|v| Owned {
            name: v.vault.name.clone(),
            id: None,
            counts: by_vault.remove(v.vault.name.as_str()).unwrap_or_default(),
        })
        .collect();
    let plans = managed_plans
        .iter()
        .map(|p| Owned {
            name: p.plan.name.clone(),
            id: Some(p.id.clone()),
            counts: by_plan.remove(p.id.as_str()).unwrap_or_default(),
        })
        .collect();

    // Per resource: its jobs, newest first.
    let mut by_resource: BTreeMap<&str, Vec<&Job>> = BTreeMap::new();
    for j in &jobs {
        by_resource.entry(&j.resource_arn).or_default().push(j);
    }
    for list in by_resource.values_mut() {
        list.sort_by(|a, b| b.created.total_cmp(&a.created).then(a.id.cmp(&b.id)));
    }
    let failed_resources = by_resource
        .iter()
        .filter_map(|(arn, list)| {
            let n = |s: &str| list.iter().filter(|j| j.state == s).count() as i64;
            let (failed, expired) = (n("FAILED"), n("EXPIRED"));
            if failed + expired == 0 {
                return None;
            }
            let last = list[0];
            let last_bad = list
                .iter()
                .find(|j| FAILED_STATES.contains(&j.state.as_str()));
            Some(FailedResource {
                resource_arn: arn.to_string(),
                resource_type: last.resource_type.clone(),
                failed,
                expired,
                last_state: last.state.clone(),
                last_created: timestamp(last.created),
                last_status_message: last_bad.and_then(|j| j.status_message.clone()),
                vaults: list.iter().map(|j| j.vault.clone()).collect(),
                plans: list
                    .iter()
                    .filter_map(|j| j.plan_id.as_deref())
                    .map(|id| plan_names.get(id).unwrap_or(&id).to_string())
                    .collect(),
            })
        })
        .collect();

    let mut explicit_resources = 0;
    let mut unprotected_resources = Vec::new();
    for p in &managed_plans {
        let due = first_due(p, start, i.now);
        for (sel_name, sel) in &p.plan.selections {
            for arn in sel.resources.iter().filter(|a| !a.contains('*')) {
                if sel.not_resources.iter().any(|g| glob_match(g, arn)) {
                    continue;
                }
                explicit_resources += 1;
                let Some(due) = due else { continue };
                let list = by_resource.get(arn.as_str());
                if list.is_some_and(|l| l.iter().any(|j| j.state == "COMPLETED")) {
                    continue;
                }
                unprotected_resources.push(Unprotected {
                    plan: p.plan.name.clone(),
                    selection: sel_name.clone(),
                    resource_arn: arn.clone(),
                    due: timestamp(due),
                    last_state: list.map(|l| l[0].state.clone()),
                });
            }
        }
    }

    let failed_jobs = account.failed();
    Report {
        format_version: FORMAT_VERSION,
        stack: i.stack.to_string(),
        account_id: i.live.account_id.clone(),
        region: i.live.region.clone(),
        period: i.period,
        window: Window {
            start: timestamp(start),
            end: timestamp(end),
        },
        account,
        vaults,
        plans,
        failed_resources,
        unprotected_resources,
        explicit_resources,
        failed_jobs,
        max_failed: i.max_failed,
        exceeded: i.max_failed.is_some_and(|m| failed_jobs > m),
    }
}

/// The earliest scheduled run of any rule of the plan at or after `start`
/// whose start window has closed by `now` (so a job should exist).
fn first_due(p: &LivePlan, start: f64, now: f64) -> Option<f64> {
    let after = chrono::DateTime::from_timestamp(start.floor() as i64 - 1, 0)?;
    p.plan
        .rules
        .values()
        .filter_map(|r| {
            let cron = AwsCron::parse(&r.schedule).ok()?;
            let tz = parse_timezone(&r.schedule_timezone)?;
            let run = cron.next_runs(tz, after, 1).into_iter().next()?.timestamp() as f64;
            (run + 60.0 * r.start_window_minutes as f64 <= now).then_some(run)
        })
        .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.min(t))))
}

fn table(rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        let _ = writeln!(out, "  {}", line.join("  ").trim_end());
    }
    out
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

fn counts_line(m: &BTreeMap<String, i64>) -> String {
    if m.is_empty() {
        return "none".into();
    }
    m.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn gate_line(r: &Report) -> String {
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
pub fn human(r: &Report) -> String {
    let mut out = format!(
        "Backup jobs of stack \"{}\" in {}{}, {} ({} to {}).\n\n",
        r.stack,
        r.region,
        r.account_id
            .as_ref()
            .map(|a| format!(", account {a}"))
            .unwrap_or_default(),
        r.period.as_aws(),
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
                f.plans.iter().cloned().collect::<Vec<_>>().join(","),
            ]);
        }
        out.push_str(&table(&rows));
        for f in &r.failed_resources {
            if let Some(m) = &f.last_status_message {
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
    out.push_str(&gate_line(r));
    out.push('\n');
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn md_table(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        let cells: Vec<String> = r.iter().map(|c| md_cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
        if i == 0 {
            let _ = writeln!(out, "|{}", "---|".repeat(r.len()));
        }
    }
    out
}

/// Markdown for an issue or a PR comment.
pub fn markdown(r: &Report) -> String {
    let icon = if r.exceeded {
        "❌"
    } else if r.max_failed.is_none() && r.failed_jobs > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let mut out = format!(
        "## {icon} Backup jobs: stack `{}` in `{}` ({})\n\n{} to {}. {}\n\n",
        r.stack,
        r.region,
        r.period.as_aws(),
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
                f.last_status_message.clone().unwrap_or_default(),
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
    out
}

#[cfg(test)]
mod tests;
