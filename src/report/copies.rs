//! The copy-job part of the report: is disaster-recovery copying working?
//! A rule with a copy action makes a copy job per recovery point; a copy
//! that fails leaves the destination (another region or account) without
//! the recovery point although the backup itself completed, which the
//! backup-job counts cannot show.
//!
//! Attribution: a copy job belongs to a managed plan when its
//! `CreatedBy.BackupPlanId` is the plan's id, and to the plan's copy
//! action whose `destination_vault_arn` equals the job's
//! `DestinationBackupVaultArn`. The live plans do not record AWS's rule
//! ids, so a job cannot be told apart between two rules of one plan
//! copying to the same vault: such rules share one entry that names them
//! all (`rules`). The job's `CreatedBy.BackupRuleId` is read
//! (`CopyJob::rule_id`) for a future exact match.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::counts::{timestamp, Counts};
use crate::changeset::Address;
use crate::model::LivePlan;

/// One copy job (read by `aws::dr_jobs`, which owns the type).
pub use crate::aws::CopyJob;

/// Copy-job states that mean "the destination did not get its copy": what
/// `--max-failed-copies` counts. (`PARTIAL`, a composite job with some
/// failed children, is counted apart, as for backup jobs.)
pub const COPY_FAILED_STATES: &[&str] = &["FAILED"];

/// The copy jobs of the window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyReport {
    /// Every copy job of the window in the account and region.
    pub account: Counts,
    /// One entry per managed plan and copy destination, sorted by plan and
    /// destination.
    pub destinations: Vec<CopyDestination>,
    /// `FAILED` copy jobs of the window in the account and region: what
    /// `--max-failed-copies` compares.
    pub failed_jobs: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_failed: Option<i64>,
    pub exceeded: bool,
}

/// The copy jobs of one managed plan to one destination vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyDestination {
    /// `plan.NAME`, as in the plan JSON.
    pub address: String,
    pub plan: String,
    /// The plan's rules with a copy action to this destination.
    pub rules: BTreeSet<String>,
    pub destination_vault_arn: String,
    #[serde(flatten)]
    pub counts: Counts,
    /// Completion (else creation) time of the latest `COMPLETED` copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success: Option<String>,
    /// Creation time of the latest `FAILED` copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure: Option<String>,
    /// The status message of the latest `FAILED` copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure_message: Option<String>,
}

impl CopyDestination {
    pub fn failed(&self) -> i64 {
        COPY_FAILED_STATES
            .iter()
            .map(|s| self.counts.state(s))
            .sum()
    }
}

fn add(c: &mut Counts, j: &CopyJob) {
    c.add(
        &j.state,
        j.message_category.as_deref().unwrap_or_default(),
        &j.resource_type,
        1,
    );
}

/// The copy report of `jobs` (already cut to the window) for the managed
/// plans.
pub fn build(plans: &[&LivePlan], jobs: &[&CopyJob], max_failed: Option<i64>) -> CopyReport {
    let mut account = Counts::default();
    for j in jobs {
        add(&mut account, j);
    }
    // (plan id, destination) -> entry, from the plans' copy actions.
    let mut entries: BTreeMap<(&str, &str), CopyDestination> = BTreeMap::new();
    for p in plans {
        for (rule_name, rule) in &p.plan.rules {
            for a in &rule.copy_actions {
                entries
                    .entry((p.id.as_str(), a.destination_vault_arn.as_str()))
                    .or_insert_with(|| CopyDestination {
                        address: Address::BackupPlan {
                            name: p.plan.name.clone(),
                        }
                        .to_string(),
                        plan: p.plan.name.clone(),
                        rules: BTreeSet::new(),
                        destination_vault_arn: a.destination_vault_arn.clone(),
                        counts: Counts::default(),
                        last_success: None,
                        last_failure: None,
                        last_failure_message: None,
                    })
                    .rules
                    .insert(rule_name.clone());
            }
        }
    }
    let mut newest: Vec<&&CopyJob> = jobs.iter().collect();
    newest.sort_by(|a, b| b.created.total_cmp(&a.created).then(a.id.cmp(&b.id)));
    for j in newest {
        let Some(plan) = &j.plan_id else { continue };
        let Some(e) = entries.get_mut(&(plan.as_str(), j.destination_vault_arn.as_str())) else {
            continue;
        };
        add(&mut e.counts, j);
        if j.state == "COMPLETED" && e.last_success.is_none() {
            e.last_success = Some(timestamp(j.completed.unwrap_or(j.created)));
        }
        if COPY_FAILED_STATES.contains(&j.state.as_str()) && e.last_failure.is_none() {
            e.last_failure = Some(timestamp(j.created));
            e.last_failure_message = j.status_message.clone();
        }
    }
    let mut destinations: Vec<CopyDestination> = entries.into_values().collect();
    destinations.sort_by(|a, b| {
        (&a.plan, &a.destination_vault_arn).cmp(&(&b.plan, &b.destination_vault_arn))
    });
    let failed_jobs = COPY_FAILED_STATES.iter().map(|s| account.state(s)).sum();
    CopyReport {
        account,
        destinations,
        failed_jobs,
        max_failed,
        exceeded: max_failed.is_some_and(|m| failed_jobs > m),
    }
}
