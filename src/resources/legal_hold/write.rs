//! The legal hold's AWS writes: CreateLegalHold (with the change's
//! deterministic CreatorRequestId as IdempotencyToken, so a retried or
//! re-run create returns the same hold), Tag/UntagResource for tag-only
//! updates, CancelLegalHold with the run's reason as CancelDescription.
//! Edits of anything but tags are refused by the safety rules before any
//! call; the executor refuses them again.

use aws_sdk_backup::types::{DateRange as SdkRange, RecoveryPointSelection};

use super::diff::id_of;
use super::model::{parse_timestamp, PointSelection};
use crate::aws::convert::{hash, invalid};
use crate::aws::error::from_sdk;
use crate::aws::AwsError;
use crate::changeset::{Action, Change, Content};
use crate::resources::exec::{crid, is_tag, live_arn, malformed, retag, Ctx};

fn instant(s: &str) -> Result<aws_smithy_types::DateTime, AwsError> {
    let t = parse_timestamp(s)
        .ok_or_else(|| invalid("CreateLegalHold", format!("bad timestamp {s}")))?;
    Ok(aws_smithy_types::DateTime::from_millis(
        t.timestamp_millis(),
    ))
}

fn selection(p: &PointSelection) -> Result<RecoveryPointSelection, AwsError> {
    let range = match &p.date_range {
        Some(d) => Some(
            SdkRange::builder()
                .from_date(instant(&d.from)?)
                .to_date(instant(&d.to)?)
                .build()
                .map_err(|e| invalid("CreateLegalHold", e))?,
        ),
        None => None,
    };
    Ok(RecoveryPointSelection::builder()
        .set_vault_names((!p.vaults.is_empty()).then(|| p.vaults.iter().cloned().collect()))
        .set_resource_identifiers(
            (!p.resource_identifiers.is_empty())
                .then(|| p.resource_identifiers.iter().cloned().collect()),
        )
        .set_date_range(range)
        .build())
}

pub(super) async fn execute(ctx: &Ctx<'_>, c: &Change) -> Result<Option<String>, AwsError> {
    let aws = ctx.aws;
    match c.action {
        Action::Create => {
            let Some(Content::LegalHold(h)) = &c.desired else {
                return Err(malformed(c, "the desired legal hold"));
            };
            let token = crid(c)?;
            let sel = h
                .recovery_point_selection
                .as_ref()
                .map(selection)
                .transpose()?;
            let out = {
                let _p = aws.permit("CreateLegalHold").await;
                aws.client
                    .create_legal_hold()
                    .title(&h.title)
                    .description(&h.description)
                    .idempotency_token(token)
                    .set_recovery_point_selection(sel)
                    .set_tags(hash(&h.tags))
                    .send()
                    .await
                    .map_err(|e| from_sdk("CreateLegalHold", e))?
            };
            Ok(out.legal_hold_id.map(|id| format!("legal hold id {id}")))
        }
        Action::Update => {
            if c.fields.iter().any(|f| !is_tag(&f.path)) {
                return Err(AwsError::Other {
                    operation: "apply",
                    detail: format!("{}: AWS cannot edit a legal hold; refused", c.address),
                });
            }
            let arn = live_arn(c).ok_or_else(|| malformed(c, "the hold's ARN"))?;
            retag(aws, &arn, &c.fields).await?;
            Ok(None)
        }
        Action::Delete => {
            let arn = live_arn(c).ok_or_else(|| malformed(c, "the hold's ARN"))?;
            let id = id_of(&arn).ok_or_else(|| malformed(c, "a legal hold ARN"))?;
            let reason = ctx
                .cancel_reason()
                .ok_or_else(|| malformed(c, "a cancel reason (--reason)"))?;
            let _p = aws.permit("CancelLegalHold").await;
            aws.client
                .cancel_legal_hold()
                .legal_hold_id(id)
                .cancel_description(reason)
                .send()
                .await
                .map_err(|e| from_sdk("CancelLegalHold", e))?;
            Ok(Some(format!("legal hold {id} cancelled")))
        }
        Action::Replace => Err(AwsError::Other {
            operation: "apply",
            detail: format!("{}: a legal hold is never replaced", c.address),
        }),
    }
}
