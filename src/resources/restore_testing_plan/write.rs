//! The restore testing plan write calls apply makes (create, idempotent by
//! CreatorRequestId and carrying the tags; update of everything but the
//! name; Tag/Untag; delete) and [`execute`], the calls one change makes.

use aws_sdk_backup::operation::create_restore_testing_plan::CreateRestoreTestingPlanError;
use aws_sdk_backup::types as t;

use super::model::{RecoveryPointSelection, RestoreTestingPlan};
use crate::aws::error::from_sdk;
use crate::aws::{Aws, AwsError};
use crate::changeset::{Action, Address, Change, Content};
use crate::resources::exec::{crid, is_tag, live_arn, malformed, retag};

pub(crate) async fn execute(aws: &Aws, c: &Change) -> Result<Option<String>, AwsError> {
    let Address::RestoreTestingPlan { name } = &c.address else {
        return Err(malformed(c, "a restore testing plan address"));
    };
    match (c.action, &c.desired) {
        (Action::Delete, _) => {
            aws.delete_rtp(name).await?;
            Ok(None)
        }
        (Action::Create, Some(Content::RestoreTestingPlan(want))) => {
            aws.create_rtp(want, &crid(c)?).await.map(Some)
        }
        (Action::Update, Some(Content::RestoreTestingPlan(want))) => {
            let arn = live_arn(c).ok_or_else(|| malformed(c, "the plan ARN"))?;
            if c.fields.iter().any(|f| !is_tag(&f.path)) {
                aws.update_rtp(want).await?;
            }
            retag(aws, &arn, &c.fields).await?;
            Ok(None)
        }
        _ => Err(malformed(c, "the desired content for this action")),
    }
}

fn rps(r: &RecoveryPointSelection) -> t::RestoreTestingRecoveryPointSelection {
    t::RestoreTestingRecoveryPointSelection::builder()
        .algorithm(t::RestoreTestingRecoveryPointSelectionAlgorithm::from(
            r.algorithm.as_str(),
        ))
        .set_include_vaults(Some(r.include_vaults.iter().cloned().collect()))
        .set_exclude_vaults(Some(r.exclude_vaults.iter().cloned().collect()))
        .set_recovery_point_types(Some(
            r.recovery_point_types
                .iter()
                .map(|x| t::RestoreTestingRecoveryPointType::from(x.as_str()))
                .collect(),
        ))
        .selection_window_days(small(r.selection_window_days))
        .build()
}

fn small(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl Aws {
    /// CreateRestoreTestingPlan (with the tags). Returns the plan's ARN; an
    /// AlreadyExistsException answering our own CreatorRequestId (a
    /// retried create) answers the existing plan's.
    pub(crate) async fn create_rtp(
        &self,
        p: &RestoreTestingPlan,
        creator_request_id: &str,
    ) -> Result<String, AwsError> {
        const OP: &str = "CreateRestoreTestingPlan";
        let body = t::RestoreTestingPlanForCreate::builder()
            .restore_testing_plan_name(&p.name)
            .schedule_expression(&p.schedule)
            .schedule_expression_timezone(&p.schedule_timezone)
            .start_window_hours(small(p.start_window_hours))
            .recovery_point_selection(rps(&p.recovery_point_selection))
            .build()
            .map_err(|e| AwsError::Other {
                operation: OP,
                detail: e.to_string(),
            })?;
        let result = {
            let _p = self.permit(OP).await;
            self.client
                .create_restore_testing_plan()
                .restore_testing_plan(body)
                .set_tags(
                    (!p.tags.is_empty())
                        .then(|| p.tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
                )
                .creator_request_id(creator_request_id)
                .send()
                .await
        };
        match result {
            Ok(out) => Ok(out.restore_testing_plan_arn),
            Err(e) => match e.as_service_error() {
                Some(CreateRestoreTestingPlanError::AlreadyExistsException(x))
                    if x.creator_request_id() == Some(creator_request_id) =>
                {
                    Ok(x.arn().unwrap_or_default().to_string())
                }
                _ => Err(from_sdk(OP, e)),
            },
        }
    }

    /// UpdateRestoreTestingPlan with every updatable member.
    pub(crate) async fn update_rtp(&self, p: &RestoreTestingPlan) -> Result<(), AwsError> {
        let body = t::RestoreTestingPlanForUpdate::builder()
            .schedule_expression(&p.schedule)
            .schedule_expression_timezone(&p.schedule_timezone)
            .start_window_hours(small(p.start_window_hours))
            .recovery_point_selection(rps(&p.recovery_point_selection))
            .build();
        let _p = self.permit("UpdateRestoreTestingPlan").await;
        self.client
            .update_restore_testing_plan()
            .restore_testing_plan_name(&p.name)
            .restore_testing_plan(body)
            .send()
            .await
            .map_err(|e| from_sdk("UpdateRestoreTestingPlan", e))?;
        Ok(())
    }

    pub(crate) async fn delete_rtp(&self, name: &str) -> Result<(), AwsError> {
        let _p = self.permit("DeleteRestoreTestingPlan").await;
        self.client
            .delete_restore_testing_plan()
            .restore_testing_plan_name(name)
            .send()
            .await
            .map_err(|e| from_sdk("DeleteRestoreTestingPlan", e))?;
        Ok(())
    }
}
