//! Building the report from the live state and the jobs: the window, the
//! counts, the failed resources and the explicitly selected resources
//! without a completed job. Pure (no I/O, `now` is given) so the window's
//! edges can be tested at a fixed time.

use std::collections::BTreeMap;

use super::types::*;
use super::{CopyJob, RestoreJob};
use crate::changeset::Address;
use crate::diff::glob_match;
use crate::model::{is_managed, Live, LivePlan};
use crate::yaml::cron::{parse_timezone, AwsCron};

fn plan_address(name: &str) -> String {
    Address::BackupPlan {
        name: name.to_string(),
    }
    .to_string()
}

/// The report's window `[start, end]` in whole epoch seconds, both
/// included: `end` is `now` (truncated to the second), `start` is `end`
/// minus the period. It depends on nothing but `now` and the period.
pub fn window(period: Period, now: f64) -> (f64, f64) {
    let end = now.floor();
    (end - period.seconds(), end)
}

/// True when a job created at `created` (epoch seconds) belongs to the
/// window `[start, end]`; a job created while the report runs (after `end`)
/// does not count.
pub fn in_window(created: f64, (start, end): (f64, f64)) -> bool {
    (start..=end).contains(&created)
}

/// Everything `build` needs.
pub struct Input<'a> {
    pub stack: &'a str,
    pub live: &'a Live,
    pub period: Period,
    /// Jobs of the account and region read around the window (a superset
    /// is fine: only those `in_window` count).
    pub jobs: &'a [Job],
    /// When the report runs (epoch seconds): the window's end.
    pub now: f64,
    pub max_failed: Option<i64>,
    /// Copy jobs read around the window, like `jobs`.
    pub copy_jobs: &'a [CopyJob],
    /// Restore jobs read around the window, like `jobs` (restore tests and
    /// others: only restore tests count).
    pub restore_jobs: &'a [RestoreJob],
    /// `--max-failed-copies`.
    pub max_failed_copies: Option<i64>,
    /// `--max-failed-restore-tests`.
    pub max_failed_restore_tests: Option<i64>,
    /// The config's restore testing plans, `None` while the config has no
    /// such kind (`restore_tests::build`).
    pub restore_testing_plans: Option<&'a [super::restore_tests::Declared]>,
}

pub fn build(i: &Input<'_>) -> JobReport {
    let (start, end) = window(i.period, i.now);
    let jobs: Vec<&Job> = i
        .jobs
        .iter()
        .filter(|j| in_window(j.created, (start, end)))
        .collect();
    let mut account = Counts::default();
    for j in &jobs {
        account.add(
            &j.state,
            j.message_category.as_deref().unwrap_or_default(),
            &j.resource_type,
            1,
        );
    }
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
            address: Address::Vault {
                name: v.vault.name.clone(),
            }
            .to_string(),
            name: v.vault.name.clone(),
            plan_id: None,
            counts: by_vault.remove(v.vault.name.as_str()).unwrap_or_default(),
        })
        .collect();
    let plans = managed_plans
        .iter()
        .map(|p| Owned {
            address: plan_address(&p.plan.name),
            name: p.plan.name.clone(),
            plan_id: Some(p.id.clone()),
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
            let plan_ids = list.iter().filter_map(|j| j.plan_id.as_deref());
            Some(FailedResource {
                resource_arn: arn.to_string(),
                resource_type: last.resource_type.clone(),
                failed,
                expired,
                last_state: last.state.clone(),
                last_created: timestamp(last.created),
                last_failure_message: last_bad.and_then(|j| j.status_message.clone()),
                vaults: list
                    .iter()
                    .map(|j| {
                        Address::Vault {
                            name: j.vault.clone(),
                        }
                        .to_string()
                    })
                    .collect(),
                plans: plan_ids
                    .clone()
                    .filter_map(|id| plan_names.get(id).map(|n| plan_address(n)))
                    .collect(),
                other_plan_ids: plan_ids
                    .filter(|id| !plan_names.contains_key(id))
                    .map(str::to_string)
                    .collect(),
            })
        })
        .collect();

    let mut explicit_resources = 0;
    let mut unprotected_resources = Vec::new();
    for p in &managed_plans {
        let due = first_due(p, start, end);
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
                    address: Address::Selection {
                        plan: p.plan.name.clone(),
                        name: sel_name.clone(),
                        id: None,
                    }
                    .to_string(),
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
    let copies: Vec<&CopyJob> = i
        .copy_jobs
        .iter()
        .filter(|j| in_window(j.created, (start, end)))
        .collect();
    let restores: Vec<&RestoreJob> = i
        .restore_jobs
        .iter()
        .filter(|j| in_window(j.created, (start, end)))
        .collect();
    JobReport {
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
        copy_jobs: super::copies::build(&managed_plans, &copies, i.max_failed_copies),
        restore_tests: super::restore_tests::build(
            &restores,
            i.restore_testing_plans,
            i.max_failed_restore_tests,
        ),
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
