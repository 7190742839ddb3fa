//! The report plan write calls apply makes: create (idempotent by
//! IdempotencyToken, the change's deterministic CreatorRequestId; tags
//! included), update in place (its own token), delete (waiting until it is
//! gone), replace (a new template: delete, then create); and [`execute`].
//! Frameworks named by name are resolved to their ARNs here, waiting for
//! each to be deployed (one created earlier in this run may still be in
//! progress).

use aws_sdk_backup::types::{ReportDeliveryChannel, ReportSetting};

use super::model::ReportPlan;
use crate::aws::convert::invalid;
use crate::aws::error::from_sdk;
use crate::aws::mutate::hash;
use crate::aws::{Aws, AwsError};
use crate::changeset::{Action, Address, Change, Content};
use crate::resources::exec::{crid, is_tag, live_arn, malformed, retag};

pub(crate) async fn execute(aws: &Aws, c: &Change) -> Result<Option<String>, AwsError> {
    let Address::ReportPlan { name } = &c.address else {
        return Err(malformed(c, "a report plan address"));
    };
    match (c.action, &c.desired) {
        (Action::Delete, _) => {
            aws.delete_report_plan(name).await?;
            Ok(None)
        }
        (Action::Create, Some(Content::ReportPlan(want))) => {
            Ok(Some(aws.create_report_plan(want, &crid(c)?).await?))
        }
        (Action::Replace, Some(Content::ReportPlan(want))) => {
            aws.delete_report_plan(name).await?;
            Ok(Some(aws.create_report_plan(want, &crid(c)?).await?))
        }
        (Action::Update, Some(Content::ReportPlan(want))) => {
            let arn = live_arn(c).ok_or_else(|| malformed(c, "the report plan ARN"))?;
            if c.fields.iter().any(|f| !is_tag(&f.path)) {
                aws.await_report_plan(name, false).await?;
                aws.update_report_plan(want, &crid(c)?).await?;
            }
            retag(aws, &arn, &c.fields).await?;
            Ok(None)
        }
        _ => Err(malformed(c, "the desired content for this action")),
    }
}

impl Aws {
    async fn report_parts(
        &self,
        p: &ReportPlan,
        op: &'static str,
    ) -> Result<(ReportDeliveryChannel, ReportSetting), AwsError> {
        let mut arns = Vec::new();
        for f in &p.frameworks {
            if f.starts_with("arn:") {
                arns.push(f.clone());
            } else {
                arns.push(self.await_framework(f).await?);
            }
        }
        let channel = ReportDeliveryChannel::builder()
            .s3_bucket_name(&p.delivery.s3_bucket)
            .set_s3_key_prefix(p.delivery.s3_key_prefix.clone())
            .set_formats(Some(p.delivery.formats.iter().cloned().collect()))
            .build()
            .map_err(|e| invalid(op, e))?;
        let list = |s: &std::collections::BTreeSet<String>| {
            (!s.is_empty()).then(|| s.iter().cloned().collect::<Vec<_>>())
        };
        let setting = ReportSetting::builder()
            .report_template(&p.template)
            .set_framework_arns((!arns.is_empty()).then_some(arns))
            .set_accounts(list(&p.accounts))
            .set_organization_units(list(&p.organization_units))
            .set_regions(list(&p.regions))
            .build()
            .map_err(|e| invalid(op, e))?;
        Ok((channel, setting))
    }

    pub async fn create_report_plan(
        &self,
        p: &ReportPlan,
        token: &str,
    ) -> Result<String, AwsError> {
        const OP: &str = "CreateReportPlan";
        let (channel, setting) = self.report_parts(p, OP).await?;
        let _p = self.permit(OP).await;
        let out = self
            .client
            .create_report_plan()
            .report_plan_name(&p.name)
            .set_report_plan_description(p.description.clone())
            .report_delivery_channel(channel)
            .report_setting(setting)
            .set_report_plan_tags((!p.tags.is_empty()).then(|| hash(&p.tags)))
            .idempotency_token(token)
            .send()
            .await
            .map_err(|e| from_sdk(OP, e))?;
        Ok(out.report_plan_arn.unwrap_or_default())
    }

    pub async fn update_report_plan(&self, p: &ReportPlan, token: &str) -> Result<(), AwsError> {
        const OP: &str = "UpdateReportPlan";
        let (channel, setting) = self.report_parts(p, OP).await?;
        let _p = self.permit(OP).await;
        self.client
            .update_report_plan()
            .report_plan_name(&p.name)
            .report_plan_description(p.description.clone().unwrap_or_default())
            .report_delivery_channel(channel)
            .report_setting(setting)
            .idempotency_token(token)
            .send()
            .await
            .map_err(|e| from_sdk(OP, e))?;
        Ok(())
    }

    /// DeleteReportPlan once its deployment is done, then wait until it is
    /// gone (so its frameworks, deleted next, are no longer named).
    pub async fn delete_report_plan(&self, name: &str) -> Result<(), AwsError> {
        const OP: &str = "DeleteReportPlan";
        self.await_report_plan(name, false).await?;
        {
            let _p = self.permit(OP).await;
            self.client
                .delete_report_plan()
                .report_plan_name(name)
                .send()
                .await
                .map_err(|e| from_sdk(OP, e))?;
        }
        self.await_report_plan(name, true).await
    }
}
