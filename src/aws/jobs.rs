//! Backup-job reads for `report`: every ListBackupJobs entry of the account
//! and region created between two times, paginated, converted into the
//! plain [`Job`] row defined here (the lowest layer owns the type; `report`
//! only counts rows). Timestamps become epoch seconds.
//!
//! ListBackupJobSummaries is not used: its ONE_DAY answer is daily buckets
//! whose edges AWS chooses, so its counts covered a window that depended on
//! the time of day and could not match the jobs the rest of the report
//! counts; the jobs of the report's own window can.

use aws_sdk_backup::primitives::DateTime;

use super::{Aws, AwsError};

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
    /// CreationDate, epoch seconds: what places a job in a window.
    pub created: f64,
}

fn secs(d: Option<&DateTime>) -> Option<f64> {
    d.map(|d| d.as_secs_f64())
}

impl Aws {
    /// Every backup job created after `after` and before `before` (epoch
    /// seconds). AWS does not say whether the edges are included: callers
    /// widen the range and filter themselves. A fixed `before` also keeps
    /// the pages stable while new jobs start during the read.
    pub async fn backup_jobs(&self, after: f64, before: f64) -> Result<Vec<Job>, AwsError> {
        let pages = self
            .client
            .list_backup_jobs()
            .by_created_after(DateTime::from_secs_f64(after))
            .by_created_before(DateTime::from_secs_f64(before))
            .max_results(1000)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        for page in self.all_pages("ListBackupJobs", pages).await? {
            for j in page.backup_jobs.unwrap_or_default() {
                out.push(Job {
                    id: j.backup_job_id.unwrap_or_default(),
                    state: j.state.map(|x| x.as_str().to_string()).unwrap_or_default(),
                    message_category: j.message_category,
                    status_message: j.status_message.filter(|m| !m.is_empty()),
                    resource_arn: j.resource_arn.unwrap_or_default(),
                    resource_type: j.resource_type.unwrap_or_default(),
                    vault: j.backup_vault_name.unwrap_or_default(),
                    plan_id: j.created_by.and_then(|c| c.backup_plan_id),
                    created: secs(j.creation_date.as_ref()).unwrap_or_default(),
                });
            }
        }
        Ok(out)
    }
}
