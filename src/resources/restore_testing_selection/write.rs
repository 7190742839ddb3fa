//! Restore testing selection reads (List/GetRestoreTestingSelection, for
//! the plan's observe) and writes (create, idempotent by CreatorRequestId;
//! update; delete), with SDK conversion, and [`execute`]: the calls one
//! change to a selection makes (a replace: delete, then create).

use std::collections::BTreeMap;

use aws_sdk_backup::operation::create_restore_testing_selection::CreateRestoreTestingSelectionError;
use aws_sdk_backup::types as t;

use super::model::RestoreTestingSelection;
use crate::aws::error::from_sdk;
use crate::aws::{Aws, AwsError};
use crate::changeset::{Action, Address, Change, Content};
use crate::resources::exec::{crid, malformed, Ctx};

pub(crate) async fn execute(ctx: &Ctx<'_>, c: &Change) -> Result<Option<String>, AwsError> {
    let aws = ctx.aws;
    let Address::RestoreTestingSelection { plan, name } = &c.address else {
        return Err(malformed(c, "a restore testing selection address"));
    };
    match (c.action, &c.desired) {
        (Action::Delete, _) => aws.delete_rts(plan, name).await.map(|_| None),
        (Action::Update, Some(Content::RestoreTestingSelection(s))) => {
            aws.update_rts(plan, name, s).await.map(|_| None)
        }
        (Action::Create | Action::Replace, Some(Content::RestoreTestingSelection(s))) => {
            if c.action == Action::Replace {
                aws.delete_rts(plan, name).await?;
            }
            aws.create_rts(plan, name, s, &crid(c)?).await.map(|_| None)
        }
        _ => Err(malformed(c, "the desired content for this action")),
    }
}

fn pairs(set: &std::collections::BTreeSet<(String, String)>) -> Vec<t::KeyValue> {
    set.iter()
        .filter_map(|(k, v)| t::KeyValue::builder().key(k).value(v).build().ok())
        .collect()
}

fn conditions(s: &RestoreTestingSelection) -> t::ProtectedResourceConditions {
    t::ProtectedResourceConditions::builder()
        .set_string_equals(Some(pairs(&s.string_equals)))
        .set_string_not_equals(Some(pairs(&s.string_not_equals)))
        .build()
}

fn from_kv(l: Option<&[t::KeyValue]>) -> std::collections::BTreeSet<(String, String)> {
    l.unwrap_or_default()
        .iter()
        .map(|kv| (kv.key().to_string(), kv.value().to_string()))
        .collect()
}

pub(crate) fn selection_from(g: &t::RestoreTestingSelectionForGet) -> RestoreTestingSelection {
    let c = g.protected_resource_conditions();
    RestoreTestingSelection {
        iam_role_arn: g.iam_role_arn().to_string(),
        protected_resource_type: g.protected_resource_type().to_string(),
        protected_resource_arns: g.protected_resource_arns().iter().cloned().collect(),
        string_equals: from_kv(c.map(|c| c.string_equals())),
        string_not_equals: from_kv(c.map(|c| c.string_not_equals())),
        restore_metadata_overrides: g
            .restore_metadata_overrides()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        validation_window_hours: i64::from(g.validation_window_hours()),
    }
}

fn hours(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl Aws {
    /// Every selection of restore testing plan `plan`, read in full.
    pub(crate) async fn read_rts(
        &self,
        plan: &str,
    ) -> Result<BTreeMap<String, RestoreTestingSelection>, AwsError> {
        let pages = self
            .client
            .list_restore_testing_selections()
            .restore_testing_plan_name(plan)
            .max_results(1000)
            .into_paginator()
            .send();
        let mut out = BTreeMap::new();
        for page in self
            .all_pages("ListRestoreTestingSelections", pages)
            .await?
        {
            for s in page.restore_testing_selections {
                let name = s.restore_testing_selection_name;
                let _p = self.permit("GetRestoreTestingSelection").await;
                let got = self
                    .client
                    .get_restore_testing_selection()
                    .restore_testing_plan_name(plan)
                    .restore_testing_selection_name(&name)
                    .send()
                    .await
                    .map_err(|e| from_sdk("GetRestoreTestingSelection", e))?;
                if let Some(g) = got.restore_testing_selection {
                    out.insert(name, selection_from(&g));
                }
            }
        }
        Ok(out)
    }

    /// CreateRestoreTestingSelection; an AlreadyExistsException answering
    /// our own CreatorRequestId (a retried create) counts as done.
    pub(crate) async fn create_rts(
        &self,
        plan: &str,
        name: &str,
        s: &RestoreTestingSelection,
        creator_request_id: &str,
    ) -> Result<(), AwsError> {
        const OP: &str = "CreateRestoreTestingSelection";
        let body = t::RestoreTestingSelectionForCreate::builder()
            .restore_testing_selection_name(name)
            .iam_role_arn(&s.iam_role_arn)
            .protected_resource_type(&s.protected_resource_type)
            .set_protected_resource_arns(
                (!s.protected_resource_arns.is_empty())
                    .then(|| s.protected_resource_arns.iter().cloned().collect()),
            )
            .set_protected_resource_conditions(
                (!s.string_equals.is_empty() || !s.string_not_equals.is_empty())
                    .then(|| conditions(s)),
            )
            .set_restore_metadata_overrides((!s.restore_metadata_overrides.is_empty()).then(|| {
                s.restore_metadata_overrides
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            }))
            .validation_window_hours(hours(s.validation_window_hours))
            .build()
            .map_err(|e| AwsError::Other {
                operation: OP,
                detail: e.to_string(),
            })?;
        let result = {
            let _p = self.permit(OP).await;
            self.client
                .create_restore_testing_selection()
                .restore_testing_plan_name(plan)
                .restore_testing_selection(body)
                .creator_request_id(creator_request_id)
                .send()
                .await
        };
        match result {
            Ok(_) => Ok(()),
            Err(e) => match e.as_service_error() {
                Some(CreateRestoreTestingSelectionError::AlreadyExistsException(x))
                    if x.creator_request_id() == Some(creator_request_id) =>
                {
                    Ok(())
                }
                _ => Err(from_sdk(OP, e)),
            },
        }
    }

    /// UpdateRestoreTestingSelection with every updatable member.
    pub(crate) async fn update_rts(
        &self,
        plan: &str,
        name: &str,
        s: &RestoreTestingSelection,
    ) -> Result<(), AwsError> {
        let body = t::RestoreTestingSelectionForUpdate::builder()
            .iam_role_arn(&s.iam_role_arn)
            .set_protected_resource_arns(Some(s.protected_resource_arns.iter().cloned().collect()))
            .protected_resource_conditions(conditions(s))
            .set_restore_metadata_overrides(Some(
                s.restore_metadata_overrides
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ))
            .validation_window_hours(hours(s.validation_window_hours))
            .build();
        let _p = self.permit("UpdateRestoreTestingSelection").await;
        self.client
            .update_restore_testing_selection()
            .restore_testing_plan_name(plan)
            .restore_testing_selection_name(name)
            .restore_testing_selection(body)
            .send()
            .await
            .map_err(|e| from_sdk("UpdateRestoreTestingSelection", e))?;
        Ok(())
    }

    pub(crate) async fn delete_rts(&self, plan: &str, name: &str) -> Result<(), AwsError> {
        let _p = self.permit("DeleteRestoreTestingSelection").await;
        self.client
            .delete_restore_testing_selection()
            .restore_testing_plan_name(plan)
            .restore_testing_selection_name(name)
            .send()
            .await
            .map_err(|e| from_sdk("DeleteRestoreTestingSelection", e))?;
        Ok(())
    }
}
