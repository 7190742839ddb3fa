//! Single read calls shared by `observe` and `mutate`: tags, a plan
//! document, a plan's selections, one selection, account settings. Each
//! waits for a concurrency permit and converts into domain types.

use super::convert::{plan_from, selection_from, tags_from};
use super::error::from_sdk;
use super::{Aws, AwsError};
use crate::model::{Selection, Settings, Tags};

/// A selection as ListBackupSelections reports it.
pub(crate) struct SelectionSummary {
    pub(crate) id: String,
    pub(crate) creator_request_id: Option<String>,
}

impl Aws {
    /// All tags of a resource (ListTags paged by NextToken by hand: the SDK
    /// has no paginator for it).
    pub(crate) async fn list_tags(&self, arn: &str) -> Result<Tags, AwsError> {
        let mut tags = Tags::new();
        let mut token: Option<String> = None;
        loop {
            let out = {
                let _p = self.permit("ListTags").await;
                self.client
                    .list_tags()
                    .resource_arn(arn)
                    .set_next_token(token.take())
                    .send()
                    .await
                    .map_err(|e| from_sdk("ListTags", e))?
            };
            // `aws:` keys are AWS's own (CloudFormation, ...): they cannot be
            // declared, set or removed, so they are never compared.
            tags.extend(
                tags_from(out.tags)
                    .into_iter()
                    .filter(|(k, _)| !k.to_ascii_lowercase().starts_with("aws:")),
            );
            match out.next_token.filter(|t| !t.is_empty()) {
                Some(t) => token = Some(t),
                None => return Ok(tags),
            }
        }
    }

    /// GetBackupPlan (the one place that sends it).
    async fn get_plan_output(
        &self,
        id: &str,
    ) -> Result<aws_sdk_backup::operation::get_backup_plan::GetBackupPlanOutput, AwsError> {
        let _p = self.permit("GetBackupPlan").await;
        self.client
            .get_backup_plan()
            .backup_plan_id(id)
            .send()
            .await
            .map_err(|e| from_sdk("GetBackupPlan", e))
    }

    pub(crate) async fn get_plan(
        &self,
        id: &str,
    ) -> Result<(String, crate::model::BackupPlan), AwsError> {
        let out = self.get_plan_output(id).await?;
        let plan = out.backup_plan.map(plan_from).ok_or(AwsError::Other {
            operation: "GetBackupPlan",
            detail: format!("plan {id} came back without a document"),
        })?;
        Ok((out.version_id.unwrap_or_default(), plan))
    }

    /// A plan's current version id and whether it is deleted.
    pub(crate) async fn plan_version(&self, id: &str) -> Result<(String, bool), AwsError> {
        let out = self.get_plan_output(id).await?;
        Ok((
            out.version_id.unwrap_or_default(),
            out.deletion_date.is_some(),
        ))
    }

    pub(crate) async fn list_selections(
        &self,
        plan_id: &str,
    ) -> Result<Vec<SelectionSummary>, AwsError> {
        let pages = self
            .client
            .list_backup_selections()
            .backup_plan_id(plan_id)
            .max_results(1000)
            .into_paginator()
            .send();
        let mut ids = Vec::new();
        for page in self.all_pages("ListBackupSelections", pages).await? {
            ids.extend(
                page.backup_selections_list
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|s| {
                        Some(SelectionSummary {
                            id: s.selection_id?,
                            creator_request_id: s.creator_request_id,
                        })
                    }),
            );
        }
        Ok(ids)
    }

    pub(crate) async fn get_selection(
        &self,
        plan_id: &str,
        selection_id: &str,
    ) -> Result<(String, Selection), AwsError> {
        let _p = self.permit("GetBackupSelection").await;
        let out = self
            .client
            .get_backup_selection()
            .backup_plan_id(plan_id)
            .selection_id(selection_id)
            .send()
            .await
            .map_err(|e| from_sdk("GetBackupSelection", e))?;
        out.backup_selection
            .map(selection_from)
            .ok_or(AwsError::Other {
                operation: "GetBackupSelection",
                detail: format!("selection {selection_id} came back empty"),
            })
    }

    pub(crate) async fn read_settings(&self) -> Result<Settings, AwsError> {
        let global = async {
            let _p = self.permit("DescribeGlobalSettings").await;
            self.client
                .describe_global_settings()
                .send()
                .await
                .map_err(|e| from_sdk("DescribeGlobalSettings", e))
        };
        let region = async {
            let _p = self.permit("DescribeRegionSettings").await;
            self.client
                .describe_region_settings()
                .send()
                .await
                .map_err(|e| from_sdk("DescribeRegionSettings", e))
        };
        let (g, r) = tokio::try_join!(global, region)?;
        Ok(Settings {
            global: g.global_settings.unwrap_or_default().into_iter().collect(),
            resource_type_opt_in: r
                .resource_type_opt_in_preference
                .unwrap_or_default()
                .into_iter()
                .collect(),
            resource_type_management: r
                .resource_type_management_preference
                .unwrap_or_default()
                .into_iter()
                .collect(),
        })
    }
}
