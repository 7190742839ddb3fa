//! Selection reads (ListBackupSelections, GetBackupSelection) and writes
//! (create, idempotent by CreatorRequestId; delete). Selections cannot be
//! updated in AWS. [`execute`]: the calls one change to a selection makes.

use aws_sdk_backup::operation::create_backup_selection::CreateBackupSelectionError;

use super::convert::{selection_from, selection_to};
use crate::aws::error::from_sdk;
use crate::aws::{Aws, AwsError};
use crate::changeset::{Action, Address, Change, Content};
use crate::model::Selection;
use crate::resources::exec::{crid, malformed, Ctx};

/// Carry out one change to a selection (its plan's id comes from `ctx`).
/// Ok(detail to show: the new selection id). A replace is
/// DeleteBackupSelection then CreateBackupSelection.
pub(crate) async fn execute(ctx: &Ctx<'_>, c: &Change) -> Result<Option<String>, AwsError> {
    let aws = ctx.aws;
    let Address::Selection { plan, name, .. } = &c.address else {
        return Err(malformed(c, "a selection address"));
    };
    match (c.action, &c.desired) {
        (Action::Delete, _) => {
            let (plan_id, sid) = selection_ids(c)?;
            aws.delete_selection(&plan_id, &sid).await?;
            Ok(None)
        }
        (action, Some(Content::Selection(sel))) => {
            let Some(plan_id) = ctx.plan_id(plan) else {
                return Err(malformed(c, "the id of its plan"));
            };
            if action == Action::Replace {
                let (_, sid) = selection_ids(c)?;
                aws.delete_selection(&plan_id, &sid).await?;
            }
            let sid = aws.create_selection(&plan_id, name, sel, &crid(c)?).await?;
            Ok(Some(sid))
        }
        _ => Err(malformed(c, "the desired content for this action")),
    }
}

/// The live (plan id, selection id) a replace or delete names.
fn selection_ids(c: &Change) -> Result<(String, String), AwsError> {
    let live = c.live.as_ref().ok_or_else(|| malformed(c, "live ids"))?;
    match (&live.plan_id, &live.selection_id) {
        (Some(p), Some(s)) => Ok((p.clone(), s.clone())),
        _ => Err(malformed(c, "the plan and selection ids")),
    }
}

/// A selection as ListBackupSelections reports it.
pub(crate) struct SelectionSummary {
    pub(crate) id: String,
    pub(crate) creator_request_id: Option<String>,
}

impl Aws {
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
}

impl Aws {
    /// CreateBackupSelection. Returns the selection id. On an
    /// AlreadyExistsException with our CreatorRequestId the existing
    /// selection is found through ListBackupSelections.
    pub async fn create_selection(
        &self,
        plan_id: &str,
        name: &str,
        selection: &Selection,
        creator_request_id: &str,
    ) -> Result<String, AwsError> {
        const OP: &str = "CreateBackupSelection";
        let body = selection_to(OP, name, selection)?;
        let result = {
            let _p = self.permit(OP).await;
            self.client
                .create_backup_selection()
                .backup_plan_id(plan_id)
                .backup_selection(body)
                .creator_request_id(creator_request_id)
                .send()
                .await
        };
        match result {
            Ok(out) => Ok(out.selection_id.unwrap_or_default()),
            Err(e) => {
                if let Some(CreateBackupSelectionError::AlreadyExistsException(x)) =
                    e.as_service_error()
                {
                    if x.creator_request_id.as_deref() == Some(creator_request_id) {
                        let listed = self.list_selections(plan_id).await?;
                        if let Some(s) = listed
                            .into_iter()
                            .find(|s| s.creator_request_id.as_deref() == Some(creator_request_id))
                        {
                            return Ok(s.id);
                        }
                    }
                }
                Err(from_sdk(OP, e))
            }
        }
    }

    pub async fn delete_selection(
        &self,
        plan_id: &str,
        selection_id: &str,
    ) -> Result<(), AwsError> {
        let _p = self.permit("DeleteBackupSelection").await;
        self.client
            .delete_backup_selection()
            .backup_plan_id(plan_id)
            .selection_id(selection_id)
            .send()
            .await
            .map_err(|e| from_sdk("DeleteBackupSelection", e))?;
        Ok(())
    }
}
