//! The framework write calls apply makes: create (idempotent by
//! IdempotencyToken, the change's deterministic CreatorRequestId; tags
//! included), update in place (description and controls, with its own
//! token), delete; and [`execute`], the calls one change makes. An update
//! or delete first waits for a deployment in progress to finish (AWS
//! refuses both meanwhile); a delete waits until the framework is gone, so
//! the name is free again.

use aws_sdk_backup::types::{ControlInputParameter, ControlScope, FrameworkControl};

use super::model::Framework;
use crate::aws::convert::invalid;
use crate::aws::error::from_sdk;
use crate::aws::mutate::hash;
use crate::aws::{Aws, AwsError};
use crate::changeset::{Action, Address, Change, Content};
use crate::resources::exec::{crid, is_tag, live_arn, malformed, retag};

/// Carry out one change. Ok(detail to show: a new framework's ARN).
pub(crate) async fn execute(aws: &Aws, c: &Change) -> Result<Option<String>, AwsError> {
    let Address::Framework { name } = &c.address else {
        return Err(malformed(c, "a framework address"));
    };
    match (c.action, &c.desired) {
        (Action::Delete, _) => {
            aws.await_framework(name).await?;
            aws.delete_framework(name).await?;
            aws.await_framework_gone(name).await?;
            Ok(None)
        }
        (Action::Create, Some(Content::Framework(want))) => {
            Ok(Some(aws.create_framework(want, &crid(c)?).await?))
        }
        (Action::Update, Some(Content::Framework(want))) => {
            let arn = live_arn(c).ok_or_else(|| malformed(c, "the framework ARN"))?;
            if c.fields.iter().any(|f| !is_tag(&f.path)) {
                aws.await_framework(name).await?;
                aws.update_framework(want, &crid(c)?).await?;
            }
            retag(aws, &arn, &c.fields).await?;
            Ok(None)
        }
        _ => Err(malformed(c, "the desired content for this action")),
    }
}

fn controls(f: &Framework, op: &'static str) -> Result<Vec<FrameworkControl>, AwsError> {
    f.controls
        .iter()
        .map(|(name, c)| {
            let mut b = FrameworkControl::builder().control_name(name);
            for (k, v) in &c.parameters {
                b = b.control_input_parameters(
                    ControlInputParameter::builder()
                        .parameter_name(k)
                        .parameter_value(v)
                        .build(),
                );
            }
            if let Some(s) = &c.scope {
                let scope = ControlScope::builder()
                    .set_compliance_resource_ids(
                        (!s.resource_ids.is_empty())
                            .then(|| s.resource_ids.iter().cloned().collect()),
                    )
                    .set_compliance_resource_types(
                        (!s.resource_types.is_empty())
                            .then(|| s.resource_types.iter().cloned().collect()),
                    )
                    .set_tags((!s.tags.is_empty()).then(|| s.tags.clone().into_iter().collect()))
                    .build();
                b = b.control_scope(scope);
            }
            b.build().map_err(|e| invalid(op, e))
        })
        .collect()
}

impl Aws {
    /// CreateFramework with tags (the caller includes the stack tag).
    /// Returns the ARN; a retry with the same token returns the same one.
    pub async fn create_framework(&self, f: &Framework, token: &str) -> Result<String, AwsError> {
        const OP: &str = "CreateFramework";
        let ctl = controls(f, OP)?;
        let _p = self.permit(OP).await;
        let out = self
            .client
            .create_framework()
            .framework_name(&f.name)
            .set_framework_description(f.description.clone())
            .set_framework_controls(Some(ctl))
            .set_framework_tags((!f.tags.is_empty()).then(|| hash(&f.tags)))
            .idempotency_token(token)
            .send()
            .await
            .map_err(|e| from_sdk(OP, e))?;
        Ok(out.framework_arn.unwrap_or_default())
    }

    /// UpdateFramework: description (an empty one clears it) and the whole
    /// control list.
    pub async fn update_framework(&self, f: &Framework, token: &str) -> Result<(), AwsError> {
        const OP: &str = "UpdateFramework";
        let ctl = controls(f, OP)?;
        let _p = self.permit(OP).await;
        self.client
            .update_framework()
            .framework_name(&f.name)
            .framework_description(f.description.clone().unwrap_or_default())
            .set_framework_controls(Some(ctl))
            .idempotency_token(token)
            .send()
            .await
            .map_err(|e| from_sdk(OP, e))?;
        Ok(())
    }

    pub async fn delete_framework(&self, name: &str) -> Result<(), AwsError> {
        const OP: &str = "DeleteFramework";
        let _p = self.permit(OP).await;
        self.client
            .delete_framework()
            .framework_name(name)
            .send()
            .await
            .map_err(|e| from_sdk(OP, e))?;
        Ok(())
    }
}
