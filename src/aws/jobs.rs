//! Backup-job reads for `report`: ListBackupJobSummaries (AWS's aggregated
//! counts for a period) and ListBackupJobs created after a time, both
//! paginated, converted into `report`'s plain types. Timestamps become
//! epoch seconds.

use aws_sdk_backup::primitives::DateTime;
use aws_sdk_backup::types::AggregationPeriod;

use super::{Aws, AwsError};
use crate::report::{Job, JobSummary, Period};

fn secs(d: Option<&DateTime>) -> Option<f64> {
    d.map(|d| d.as_secs_f64())
}

impl Aws {
    /// Every ListBackupJobSummaries entry for `period` (all states,
    /// resource types and message categories, grouped by value).
    pub async fn job_summaries(&self, period: Period) -> Result<Vec<JobSummary>, AwsError> {
        let pages = self
            .client
            .list_backup_job_summaries()
            .aggregation_period(AggregationPeriod::from(period.as_aws()))
            // The API reference says "accepted range 1 to 500" here although
            // the model allows 1000.
            .max_results(500)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        for page in self.all_pages("ListBackupJobSummaries", pages).await? {
            for s in page.backup_job_summaries.unwrap_or_default() {
                out.push(JobSummary {
                    state: s.state.map(|x| x.as_str().to_string()).unwrap_or_default(),
                    resource_type: s.resource_type.unwrap_or_default(),
                    message_category: s.message_category.unwrap_or_default(),
                    count: i64::from(s.count),
                    start: secs(s.start_time.as_ref()).unwrap_or_default(),
                    end: secs(s.end_time.as_ref()).unwrap_or_default(),
                });
            }
        }
        Ok(out)
    }

    /// Every backup job created after `after` (epoch seconds).
    pub async fn backup_jobs(&self, after: f64) -> Result<Vec<Job>, AwsError> {
        let pages = self
            .client
            .list_backup_jobs()
            .by_created_after(DateTime::from_secs_f64(after))
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
