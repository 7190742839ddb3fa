//! Reading report plans: ListReportPlans (1 call per page of 1,000; it
//! carries every setting, so no Describe is needed; one being deleted is
//! read as gone) and ListTags per plan; and the deletion waiter.

use std::time::Duration;

use futures_util::future::try_join_all;

use super::model::{formats, Delivery, LiveReportPlan, ReportPlan};
use crate::aws::error::{code_of, from_sdk, unserved};
use crate::aws::{Aws, AwsError};
use crate::resources::observe::{classify, ObserveScope, Seen};
use crate::resources::Kind;

const LIST: &str = "ListReportPlans";

impl Aws {
    async fn list_report_plans(&self) -> Result<Vec<(ReportPlan, String)>, AwsError> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = {
                let _p = self.permit(LIST).await;
                self.client
                    .list_report_plans()
                    .max_results(1000)
                    .set_next_token(token.clone())
                    .send()
                    .await
            };
            // An endpoint that does not serve the listing (moto_server)
            // holds no report plans.
            let page = match page {
                Ok(p) => p,
                Err(e) if token.is_none() && unserved(&e) => return Ok(Vec::new()),
                Err(e) => return Err(from_sdk(LIST, e)),
            };
            for p in page.report_plans.unwrap_or_default() {
                if p.deployment_status.as_deref() == Some("DELETE_IN_PROGRESS") {
                    continue;
                }
                let (Some(name), Some(arn)) = (p.report_plan_name, p.report_plan_arn) else {
                    continue;
                };
                let s = p.report_setting;
                let ch = p.report_delivery_channel;
                let set = |v: Option<Vec<String>>| v.unwrap_or_default().into_iter().collect();
                let plan = ReportPlan {
                    name,
                    description: p.report_plan_description.filter(|d| !d.trim().is_empty()),
                    template: s
                        .as_ref()
                        .map(|s| s.report_template.clone())
                        .unwrap_or_default(),
                    delivery: Delivery {
                        s3_bucket: ch
                            .as_ref()
                            .map(|c| c.s3_bucket_name.clone())
                            .unwrap_or_default(),
                        s3_key_prefix: ch
                            .as_ref()
                            .and_then(|c| c.s3_key_prefix.clone())
                            .filter(|s| !s.is_empty()),
                        formats: formats(ch.and_then(|c| c.formats).unwrap_or_default()),
                    },
                    frameworks: set(s.as_ref().and_then(|s| s.framework_arns.clone())),
                    accounts: set(s.as_ref().and_then(|s| s.accounts.clone())),
                    organization_units: set(s.as_ref().and_then(|s| s.organization_units.clone())),
                    regions: set(s.as_ref().and_then(|s| s.regions.clone())),
                    tags: Default::default(),
                };
                out.push((plan, arn));
            }
            token = page.next_token.filter(|t| !t.is_empty());
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    pub(crate) async fn observe_report_plans(
        &self,
        scope: &ObserveScope,
    ) -> Result<(Vec<Seen<LiveReportPlan>>, Option<String>), AwsError> {
        let listed = self.list_report_plans().await?;
        let first_arn = listed.first().map(|(_, arn)| arn.clone());
        let seen = try_join_all(listed.into_iter().map(|(mut plan, arn)| async move {
            let tags = self.list_tags(&arn).await?;
            if scope.reads_in_full(Kind::ReportPlan, &plan.name, &tags) {
                plan.tags = tags;
                Ok(Seen::Full(LiveReportPlan { arn, plan }))
            } else {
                Ok(classify(plan.name, &tags))
            }
        }))
        .await?;
        Ok((seen, first_arn))
    }

    /// DescribeReportPlan's DeploymentStatus; `None` when it does not exist.
    pub(crate) async fn report_plan_status(&self, name: &str) -> Result<Option<String>, AwsError> {
        const OP: &str = "DescribeReportPlan";
        let _p = self.permit(OP).await;
        match self
            .client
            .describe_report_plan()
            .report_plan_name(name)
            .send()
            .await
        {
            Ok(o) => Ok(Some(
                o.report_plan
                    .and_then(|p| p.deployment_status)
                    .unwrap_or_default(),
            )),
            Err(e) if code_of(&e) == Some("ResourceNotFoundException") => Ok(None),
            Err(e) => Err(from_sdk(OP, e)),
        }
    }

    /// Wait until report plan `name` is `COMPLETED` (`gone`: no longer
    /// exists).
    pub(crate) async fn await_report_plan(&self, name: &str, gone: bool) -> Result<(), AwsError> {
        let mut delay = Duration::from_millis(100);
        for _ in 0..120 {
            match self.report_plan_status(name).await? {
                None if gone => return Ok(()),
                None => {
                    return Err(AwsError::Other {
                        operation: "DescribeReportPlan",
                        detail: format!("report plan \"{name}\" does not exist"),
                    })
                }
                Some(s) if !gone && (s == "COMPLETED" || s.is_empty()) => return Ok(()),
                Some(s) if s == "FAILED" => {
                    return Err(AwsError::Other {
                        operation: "DescribeReportPlan",
                        detail: format!("report plan \"{name}\": deployment FAILED"),
                    })
                }
                Some(_) => {}
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(10));
        }
        Err(AwsError::Other {
            operation: "DescribeReportPlan",
            detail: format!("report plan \"{name}\" is still in progress"),
        })
    }
}
