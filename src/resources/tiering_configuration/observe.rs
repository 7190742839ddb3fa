//! Reading tiering configurations: ListTieringConfigurations (1 call per
//! page of 1,000), ListTags per configuration, and GetTieringConfiguration
//! for one read in full (the stack's, or named in the config). An endpoint
//! that does not serve ListTieringConfigurations at all (moto_server) holds
//! none; that is said once when the config declares some.

use std::collections::BTreeSet;

use futures_util::future::try_join_all;

use super::model::{LiveTieringConfiguration, TieringConfiguration, TieringSelection};
use crate::aws::error::{from_sdk, unserved};
use crate::aws::{Aws, AwsError};
use crate::model::Tags;
use crate::resources::observe::{classify, ObserveScope, Seen};
use crate::resources::Kind;

const LIST: &str = "ListTieringConfigurations";
const GET: &str = "GetTieringConfiguration";

impl Aws {
    /// Every tiering configuration's (name, ARN); empty when the endpoint
    /// does not implement the list.
    async fn list_tiering(&self, scope: &ObserveScope) -> Result<Vec<(String, String)>, AwsError> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = {
                let _p = self.permit(LIST).await;
                self.client
                    .list_tiering_configurations()
                    .max_results(1000)
                    .set_next_token(token.clone())
                    .send()
                    .await
            };
            let page = match page {
                Ok(p) => p,
                Err(e) if token.is_none() && unserved(&e) => {
                    if !scope.names(Kind::TieringConfiguration).is_empty() {
                        tracing::warn!(
                            "the endpoint does not implement {LIST}; it is read as holding no tiering configurations"
                        );
                    }
                    return Ok(Vec::new());
                }
                Err(e) => return Err(from_sdk(LIST, e)),
            };
            for t in page.tiering_configurations.unwrap_or_default() {
                if let (Some(name), Some(arn)) =
                    (t.tiering_configuration_name, t.tiering_configuration_arn)
                {
                    out.push((name, arn));
                }
            }
            token = page.next_token.filter(|t| !t.is_empty());
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    pub(crate) async fn observe_tiering(
        &self,
        scope: &ObserveScope,
    ) -> Result<(Vec<Seen<LiveTieringConfiguration>>, Option<String>), AwsError> {
        let listed = self.list_tiering(scope).await?;
        let first_arn = listed.first().map(|(_, arn)| arn.clone());
        let seen = try_join_all(listed.into_iter().map(|(name, arn)| async move {
            let tags = self.list_tags(&arn).await?;
            if scope.reads_in_full(Kind::TieringConfiguration, &name, &tags) {
                Ok(match self.read_tiering(&name, tags).await? {
                    Some(t) => Seen::Full(t),
                    // Deleted between the list and the read.
                    None => Seen::Unmanaged(name),
                })
            } else {
                Ok(classify(name, &tags))
            }
        }))
        .await?;
        Ok((seen, first_arn))
    }

    /// GetTieringConfiguration, normalized; `None` when it does not exist.
    pub(crate) async fn read_tiering(
        &self,
        name: &str,
        tags: Tags,
    ) -> Result<Option<LiveTieringConfiguration>, AwsError> {
        let out = {
            let _p = self.permit(GET).await;
            self.client
                .get_tiering_configuration()
                .tiering_configuration_name(name)
                .send()
                .await
        };
        let t = match out {
            Ok(o) => o.tiering_configuration,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception()) =>
            {
                return Ok(None)
            }
            Err(e) => return Err(from_sdk(GET, e)),
        };
        let Some(t) = t else { return Ok(None) };
        let resource_selection: BTreeSet<TieringSelection> = t
            .resource_selection
            .iter()
            .map(|s| TieringSelection {
                resource_type: s.resource_type.clone(),
                resources: s.resources.iter().cloned().collect(),
                tiering_down_settings_in_days: i64::from(s.tiering_down_settings_in_days),
            })
            .collect();
        Ok(Some(LiveTieringConfiguration {
            arn: t.tiering_configuration_arn.clone().unwrap_or_default(),
            config: TieringConfiguration {
                name: t.tiering_configuration_name.clone(),
                vault: t.backup_vault_name.clone(),
                resource_selection,
                tags,
            },
        }))
    }
}
