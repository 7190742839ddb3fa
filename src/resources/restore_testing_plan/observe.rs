//! Reading restore testing plans: ListRestoreTestingPlans (1 call per page
//! of 1,000), ListTags per plan; for a plan read in full (the stack's, or
//! named in the config) GetRestoreTestingPlan, ListRestoreTestingSelections
//! and GetRestoreTestingSelection per selection. When the config declares
//! plans and none is listed, STS GetCallerIdentity tells the account.

use futures_util::future::try_join_all;

use super::model::{LiveRestoreTestingPlan, RecoveryPointSelection, RestoreTestingPlan};
use crate::aws::error::from_sdk;
use crate::aws::{Aws, AwsError};
use crate::model::Tags;
use crate::resources::observe::{classify, ObserveScope, Seen};
use crate::resources::Kind;

impl Aws {
    pub(crate) async fn observe_restore_testing_plans(
        &self,
        scope: &ObserveScope,
    ) -> Result<(Vec<Seen<LiveRestoreTestingPlan>>, Option<String>), AwsError> {
        let pages = self
            .client
            .list_restore_testing_plans()
            .max_results(1000)
            .into_paginator()
            .send();
        let mut listed = Vec::new();
        for page in self
            .all_pages_if_served("ListRestoreTestingPlans", pages)
            .await?
            .unwrap_or_default()
        {
            for p in page.restore_testing_plans {
                listed.push((p.restore_testing_plan_name, p.restore_testing_plan_arn));
            }
        }
        let mut first_arn = listed.first().map(|(_, a)| a.clone());
        // Vault names in a recovery point selection become ARNs, which need
        // the account: when the config declares restore testing plans and
        // nothing was listed here, STS tells it (the other kinds' listings
        // come first; an empty account has none).
        if first_arn.is_none() && !scope.names(Kind::RestoreTestingPlan).is_empty() {
            if let Some(account) = self.caller_account().await? {
                first_arn = Some(format!(
                    "arn:aws:backup:{}:{account}:restore-testing-plan:",
                    self.region
                ));
            }
        }
        let seen = try_join_all(listed.into_iter().map(|(name, arn)| async move {
            let tags = self.list_tags(&arn).await?;
            if scope.reads_in_full(Kind::RestoreTestingPlan, &name, &tags) {
                Ok(Seen::Full(
                    self.read_restore_testing_plan(&name, arn, tags).await?,
                ))
            } else {
                Ok(classify(name, &tags))
            }
        }))
        .await?;
        Ok((seen, first_arn))
    }

    async fn read_restore_testing_plan(
        &self,
        name: &str,
        arn: String,
        tags: Tags,
    ) -> Result<LiveRestoreTestingPlan, AwsError> {
        let got = {
            let _p = self.permit("GetRestoreTestingPlan").await;
            self.client
                .get_restore_testing_plan()
                .restore_testing_plan_name(name)
                .send()
                .await
                .map_err(|e| from_sdk("GetRestoreTestingPlan", e))?
        };
        let g = got.restore_testing_plan.ok_or(AwsError::Other {
            operation: "GetRestoreTestingPlan",
            detail: format!("restore testing plan {name} came back empty"),
        })?;
        let r = g.recovery_point_selection();
        let plan = RestoreTestingPlan {
            name: name.to_string(),
            tags,
            schedule: g.schedule_expression().to_string(),
            schedule_timezone: g
                .schedule_expression_timezone()
                .unwrap_or(backup_facts::defaults::DEFAULT_TIMEZONE)
                .to_string(),
            start_window_hours: i64::from(g.start_window_hours()),
            recovery_point_selection: RecoveryPointSelection {
                algorithm: r
                    .and_then(|r| r.algorithm())
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_default(),
                include_vaults: r
                    .map(|r| r.include_vaults().iter().cloned().collect())
                    .unwrap_or_default(),
                exclude_vaults: r
                    .map(|r| r.exclude_vaults().iter().cloned().collect())
                    .unwrap_or_default(),
                recovery_point_types: r
                    .map(|r| {
                        r.recovery_point_types()
                            .iter()
                            .map(|t| t.as_str().to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
                selection_window_days: r.map_or(0, |r| i64::from(r.selection_window_days())),
            },
            selections: self.read_rts(name).await?,
        };
        Ok(LiveRestoreTestingPlan { arn, plan })
    }
}
