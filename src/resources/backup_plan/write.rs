//! The backup plan write calls apply makes: create (idempotent by
//! CreatorRequestId: an AlreadyExists naming our id is the earlier
//! attempt's plan), update and delete; and [`execute`], the calls one
//! change to a plan makes.

use aws_sdk_backup::operation::create_backup_plan::CreateBackupPlanError;

use super::convert::plan_to;
use crate::aws::error::from_sdk;
use crate::aws::mutate::hash;
use crate::aws::{Aws, AwsError};
use crate::changeset::{Action, Address, Change, Content};
use crate::model::{BackupPlan, Tags};
use crate::resources::exec::{crid, is_tag, live_arn, live_plan_id, malformed, retag, Ctx};

/// Carry out one change to a backup plan. Ok(detail to show: a new plan's
/// id, remembered in `ctx` for its selections). An update is
/// UpdateBackupPlan when the document differs, plus Tag/Untag.
pub(crate) async fn execute(ctx: &Ctx<'_>, c: &Change) -> Result<Option<String>, AwsError> {
    let aws = ctx.aws;
    let Address::BackupPlan { name } = &c.address else {
        return Err(malformed(c, "a plan address"));
    };
    match (c.action, &c.desired) {
        (Action::Delete, _) => {
            let id = live_plan_id(c).ok_or_else(|| malformed(c, "the plan id"))?;
            aws.delete_plan(&id).await?;
            Ok(None)
        }
        (Action::Create, Some(Content::BackupPlan(doc))) => {
            let (id, _arn, _version) = aws.create_plan(doc, &doc.tags, &crid(c)?).await?;
            ctx.created_plan(name, &id);
            Ok(Some(id))
        }
        (Action::Update, Some(Content::BackupPlan(doc))) => {
            let id = live_plan_id(c).ok_or_else(|| malformed(c, "the plan id"))?;
            let arn = live_arn(c).ok_or_else(|| malformed(c, "the plan ARN"))?;
            if c.fields.iter().any(|f| !is_tag(&f.path)) {
                aws.update_plan(&id, doc).await?;
            }
            retag(aws, &arn, &c.fields).await?;
            Ok(None)
        }
        _ => Err(malformed(c, "the desired content for this action")),
    }
}

/// The plan id in a plan ARN (`arn:aws:backup:R:A:backup-plan:ID`).
fn plan_id_of(arn: &str) -> Option<&str> {
    arn.rsplit_once(':')
        .map(|(_, id)| id)
        .filter(|id| !id.is_empty())
}

impl Aws {
    /// CreateBackupPlan with the plan document (its `selections` and `tags`
    /// fields are ignored; `tags` are the plan tags incl. the stack tag).
    /// Returns (plan id, plan ARN, version id).
    ///
    /// AWS keeps deleted plans (with a DeletionDate), and their
    /// CreatorRequestId still answers: a plan deleted and later declared
    /// again with the same content would come back as the deleted one. So
    /// when the id leads to a deleted plan, the next generation of the id
    /// (`ID-1`, `ID-2`, ...) is tried: still deterministic, so a resumed
    /// run walks the same sequence and finds the plan it made.
    pub async fn create_plan(
        &self,
        plan: &BackupPlan,
        tags: &Tags,
        creator_request_id: &str,
    ) -> Result<(String, String, String), AwsError> {
        const GENERATIONS: u32 = 10;
        for generation in 0..GENERATIONS {
            let crid = match generation {
                0 => creator_request_id.to_string(),
                g => format!("{creator_request_id}-{g}"),
            };
            if let Some(found) = self.create_plan_once(plan, tags, &crid).await? {
                return Ok(found);
            }
        }
        Err(AwsError::Other {
            operation: "CreateBackupPlan",
            detail: format!(
                "{GENERATIONS} deleted plans already carry CreatorRequestId {creator_request_id} and its successors"
            ),
        })
    }

    /// One CreateBackupPlan attempt; `None` when the CreatorRequestId
    /// belongs to a deleted plan.
    pub(crate) async fn create_plan_once(
        &self,
        plan: &BackupPlan,
        tags: &Tags,
        creator_request_id: &str,
    ) -> Result<Option<(String, String, String)>, AwsError> {
        const OP: &str = "CreateBackupPlan";
        let doc = plan_to(OP, plan)?;
        let result = {
            let _p = self.permit(OP).await;
            self.client
                .create_backup_plan()
                .backup_plan(doc)
                .set_backup_plan_tags((!tags.is_empty()).then(|| hash(tags)))
                .creator_request_id(creator_request_id)
                .send()
                .await
        };
        let found = match result {
            Ok(out) => (
                out.backup_plan_id.unwrap_or_default(),
                out.backup_plan_arn.unwrap_or_default(),
                out.version_id,
            ),
            Err(e) => {
                let mine = match e.as_service_error() {
                    Some(CreateBackupPlanError::AlreadyExistsException(x))
                        if x.creator_request_id.as_deref() == Some(creator_request_id) =>
                    {
                        x.arn.clone()
                    }
                    _ => return Err(from_sdk(OP, e)),
                };
                // The plan named by the error's Arn, else the listed plan
                // carrying our CreatorRequestId.
                let found = match mine.as_deref().and_then(plan_id_of) {
                    Some(id) => Some((id.to_string(), mine.clone().unwrap_or_default())),
                    None => self
                        .list_plans()
                        .await?
                        .into_iter()
                        .find(|p| p.creator_request_id.as_deref() == Some(creator_request_id))
                        .map(|p| (p.id, p.arn)),
                };
                match found {
                    Some((id, arn)) => (id, arn, None),
                    None => return Err(from_sdk(OP, e)),
                }
            }
        };
        let (id, arn, version) = found;
        // An answer without a version (the existing plan) may be a deleted one.
        if let Some(version) = version {
            return Ok(Some((id, arn, version)));
        }
        let (version, deleted) = self.plan_version(&id).await?;
        Ok((!deleted).then_some((id, arn, version)))
    }

    /// UpdateBackupPlan with the whole document. Returns the new version id.
    pub async fn update_plan(&self, id: &str, plan: &BackupPlan) -> Result<String, AwsError> {
        const OP: &str = "UpdateBackupPlan";
        let doc = plan_to(OP, plan)?;
        let _p = self.permit(OP).await;
        let out = self
            .client
            .update_backup_plan()
            .backup_plan_id(id)
            .backup_plan(doc)
            .send()
            .await
            .map_err(|e| from_sdk(OP, e))?;
        Ok(out.version_id.unwrap_or_default())
    }

    /// DeleteBackupPlan (AWS refuses while selections exist).
    pub async fn delete_plan(&self, id: &str) -> Result<(), AwsError> {
        let _p = self.permit("DeleteBackupPlan").await;
        self.client
            .delete_backup_plan()
            .backup_plan_id(id)
            .send()
            .await
            .map_err(|e| from_sdk("DeleteBackupPlan", e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plan_id_from_arn() {
        assert_eq!(
            super::plan_id_of("arn:aws:backup:us-east-1:123456789012:backup-plan:abc-123"),
            Some("abc-123")
        );
        assert_eq!(super::plan_id_of("nonsense"), None);
    }
}
