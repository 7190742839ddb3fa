//! Reading frameworks: ListFrameworks (1 call per page of 1,000; one being
//! deleted, `DELETE_IN_PROGRESS`, is read as gone), ListTags per framework,
//! and DescribeFramework for one read in full (the stack's, or named in the
//! config). A framework whose deployment is still in progress is read as
//! what it will be: its controls are already those sent.

use std::collections::BTreeMap;
use std::time::Duration;

use futures_util::future::try_join_all;

use super::model::{non_empty, normalize_params, Control, Framework, LiveFramework, Scope};
use crate::aws::error::{code_of, from_sdk, unserved};
use crate::aws::{Aws, AwsError};
use crate::model::Tags;
use crate::resources::observe::{classify, ObserveScope, Seen};
use crate::resources::Kind;

const LIST: &str = "ListFrameworks";
const DESCRIBE: &str = "DescribeFramework";

/// What DescribeFramework told.
pub(crate) struct Described {
    pub(crate) framework: LiveFramework,
    pub(crate) status: String,
}

impl Aws {
    async fn list_frameworks(&self) -> Result<Vec<(String, String)>, AwsError> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = {
                let _p = self.permit(LIST).await;
                self.client
                    .list_frameworks()
                    .max_results(1000)
                    .set_next_token(token.clone())
                    .send()
                    .await
            };
            // An endpoint that does not serve the listing (moto_server)
            // holds no frameworks.
            let page = match page {
                Ok(p) => p,
                Err(e) if token.is_none() && unserved(&e) => return Ok(Vec::new()),
                Err(e) => return Err(from_sdk(LIST, e)),
            };
            for f in page.frameworks.unwrap_or_default() {
                if f.deployment_status.as_deref() == Some("DELETE_IN_PROGRESS") {
                    continue;
                }
                if let (Some(name), Some(arn)) = (f.framework_name, f.framework_arn) {
                    out.push((name, arn));
                }
            }
            token = page.next_token.filter(|t| !t.is_empty());
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    pub(crate) async fn observe_frameworks(
        &self,
        scope: &ObserveScope,
    ) -> Result<(Vec<Seen<LiveFramework>>, Option<String>), AwsError> {
        let listed = self.list_frameworks().await?;
        let first_arn = listed.first().map(|(_, arn)| arn.clone());
        let seen = try_join_all(listed.into_iter().map(|(name, arn)| async move {
            let tags = self.list_tags(&arn).await?;
            if scope.reads_in_full(Kind::Framework, &name, &tags) {
                Ok(match self.describe_framework(&name, tags).await? {
                    Some(d) if d.status != "DELETE_IN_PROGRESS" => Seen::Full(d.framework),
                    // Deleted between the list and the read.
                    _ => Seen::Unmanaged(name),
                })
            } else {
                Ok(classify(name, &tags))
            }
        }))
        .await?;
        Ok((seen, first_arn))
    }

    /// DescribeFramework, normalized; `None` when it does not exist.
    pub(crate) async fn describe_framework(
        &self,
        name: &str,
        tags: Tags,
    ) -> Result<Option<Described>, AwsError> {
        let out = {
            let _p = self.permit(DESCRIBE).await;
            self.client
                .describe_framework()
                .framework_name(name)
                .send()
                .await
        };
        let o = match out {
            Ok(o) => o,
            Err(e) if code_of(&e) == Some("ResourceNotFoundException") => return Ok(None),
            Err(e) => return Err(from_sdk(DESCRIBE, e)),
        };
        let controls = o
            .framework_controls
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                let params: BTreeMap<String, String> = c
                    .control_input_parameters
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|p| {
                        Some((p.parameter_name?, p.parameter_value.unwrap_or_default()))
                    })
                    .collect();
                let scope = c.control_scope.and_then(|s| {
                    non_empty(Scope {
                        resource_ids: s
                            .compliance_resource_ids
                            .unwrap_or_default()
                            .into_iter()
                            .collect(),
                        resource_types: s
                            .compliance_resource_types
                            .unwrap_or_default()
                            .into_iter()
                            .collect(),
                        tags: s.tags.unwrap_or_default().into_iter().collect(),
                    })
                });
                let parameters = normalize_params(&c.control_name, params);
                (c.control_name, Control { parameters, scope })
            })
            .collect();
        Ok(Some(Described {
            status: o.deployment_status.unwrap_or_default(),
            framework: LiveFramework {
                arn: o.framework_arn.unwrap_or_default(),
                framework: Framework {
                    name: o.framework_name.unwrap_or_else(|| name.to_string()),
                    description: o.framework_description.filter(|d| !d.trim().is_empty()),
                    controls,
                    tags,
                },
            },
        }))
    }

    /// Wait until framework `name` is deployed (DeploymentStatus
    /// COMPLETED) and return its ARN: a report plan naming it, or an
    /// update or delete of it, needs that first.
    pub(crate) async fn await_framework(&self, name: &str) -> Result<String, AwsError> {
        let mut delay = Duration::from_millis(100);
        for _ in 0..120 {
            let Some(d) = self.describe_framework(name, Tags::new()).await? else {
                return Err(AwsError::Other {
                    operation: DESCRIBE,
                    detail: format!("framework \"{name}\" does not exist"),
                });
            };
            match d.status.as_str() {
                "COMPLETED" | "" => return Ok(d.framework.arn),
                "FAILED" => {
                    return Err(AwsError::Other {
                        operation: DESCRIBE,
                        detail: format!("framework \"{name}\": deployment FAILED"),
                    })
                }
                _ => {}
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(10));
        }
        Err(AwsError::Other {
            operation: DESCRIBE,
            detail: format!("framework \"{name}\" is still not deployed"),
        })
    }

    /// Wait until framework `name` is gone after DeleteFramework.
    pub(crate) async fn await_framework_gone(&self, name: &str) -> Result<(), AwsError> {
        let mut delay = Duration::from_millis(100);
        for _ in 0..120 {
            match self.describe_framework(name, Tags::new()).await? {
                None => return Ok(()),
                Some(d) if d.status == "FAILED" => {
                    return Err(AwsError::Other {
                        operation: DESCRIBE,
                        detail: format!("framework \"{name}\": deletion FAILED"),
                    })
                }
                Some(_) => {}
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(10));
        }
        Err(AwsError::Other {
            operation: DESCRIBE,
            detail: format!("framework \"{name}\" is still being deleted"),
        })
    }
}
