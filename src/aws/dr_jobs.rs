//! Copy-job and restore-job reads for `report`: every ListCopyJobs and
//! ListRestoreJobs entry of the account and region created between two
//! times, paginated like the backup-job read (`aws::jobs`), converted into
//! plain rows owned here. Kept apart from `jobs` so each read stays small;
//! `report` only counts rows. Timestamps become epoch seconds.

use aws_sdk_backup::primitives::DateTime;

use super::{Aws, AwsError};

/// One copy job from ListCopyJobs.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyJob {
    pub id: String,
    pub state: String,
    pub message_category: Option<String>,
    pub status_message: Option<String>,
    pub resource_arn: String,
    pub resource_type: String,
    pub source_vault_arn: String,
    pub destination_vault_arn: String,
    /// CreatedBy.BackupPlanId: the plan whose rule's copy action made it.
    pub plan_id: Option<String>,
    /// CreatedBy.BackupRuleId (kept for a future exact rule match: the
    /// live plans do not record rule ids yet).
    pub rule_id: Option<String>,
    /// CreationDate, epoch seconds: what places a job in a window.
    pub created: f64,
    pub completed: Option<f64>,
}

/// One restore job from ListRestoreJobs.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreJob {
    pub id: String,
    pub status: String,
    pub status_message: Option<String>,
    pub validation_status: Option<String>,
    pub validation_status_message: Option<String>,
    pub resource_type: String,
    pub source_resource_arn: Option<String>,
    /// CreatedBy.RestoreTestingPlanArn: set on restore tests only.
    pub restore_testing_plan_arn: Option<String>,
    pub created: f64,
    pub completed: Option<f64>,
}

fn secs(d: Option<&DateTime>) -> Option<f64> {
    d.map(|d| d.as_secs_f64())
}

fn text(s: Option<String>) -> Option<String> {
    s.filter(|m| !m.is_empty())
}

impl Aws {
    /// Every copy job created after `after` and before `before` (epoch
    /// seconds); callers widen the range and filter, as for backup jobs.
    pub async fn copy_jobs(&self, after: f64, before: f64) -> Result<Vec<CopyJob>, AwsError> {
        let pages = self
            .client
            .list_copy_jobs()
            .by_created_after(DateTime::from_secs_f64(after))
            .by_created_before(DateTime::from_secs_f64(before))
            .max_results(1000)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        for page in self.all_pages("ListCopyJobs", pages).await? {
            for j in page.copy_jobs.unwrap_or_default() {
                let (plan_id, rule_id) = j
                    .created_by
                    .map(|c| (c.backup_plan_id, c.backup_rule_id))
                    .unwrap_or_default();
                out.push(CopyJob {
                    id: j.copy_job_id.unwrap_or_default(),
                    state: j.state.map(|x| x.as_str().to_string()).unwrap_or_default(),
                    message_category: text(j.message_category),
                    status_message: text(j.status_message),
                    resource_arn: j.resource_arn.unwrap_or_default(),
                    resource_type: j.resource_type.unwrap_or_default(),
                    source_vault_arn: j.source_backup_vault_arn.unwrap_or_default(),
                    destination_vault_arn: j.destination_backup_vault_arn.unwrap_or_default(),
                    plan_id: text(plan_id),
                    rule_id: text(rule_id),
                    created: secs(j.creation_date.as_ref()).unwrap_or_default(),
                    completed: secs(j.completion_date.as_ref()),
                });
            }
        }
        Ok(out)
    }

    /// Every restore job created after `after` and before `before` (epoch
    /// seconds), restore tests or not: ListRestoreJobs can only filter by
    /// one restore testing plan, so the caller keeps those with one.
    pub async fn restore_jobs(&self, after: f64, before: f64) -> Result<Vec<RestoreJob>, AwsError> {
        let pages = self
            .client
            .list_restore_jobs()
            .by_created_after(DateTime::from_secs_f64(after))
            .by_created_before(DateTime::from_secs_f64(before))
            .max_results(1000)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        for page in self.all_pages("ListRestoreJobs", pages).await? {
            for j in page.restore_jobs.unwrap_or_default() {
                out.push(RestoreJob {
                    id: j.restore_job_id.unwrap_or_default(),
                    status: j.status.map(|x| x.as_str().to_string()).unwrap_or_default(),
                    status_message: text(j.status_message),
                    validation_status: j.validation_status.map(|x| x.as_str().to_string()),
                    validation_status_message: text(j.validation_status_message),
                    resource_type: j.resource_type.unwrap_or_default(),
                    source_resource_arn: text(j.source_resource_arn),
                    restore_testing_plan_arn: j
                        .created_by
                        .and_then(|c| text(c.restore_testing_plan_arn)),
                    created: secs(j.creation_date.as_ref()).unwrap_or_default(),
                    completed: secs(j.completion_date.as_ref()),
                });
            }
        }
        Ok(out)
    }
}
