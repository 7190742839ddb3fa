//! Account settings: DescribeGlobalSettings + DescribeRegionSettings, and
//! the two Update calls; [`execute`] makes them for one change.

use std::collections::BTreeMap;

use crate::aws::error::from_sdk;
use crate::aws::{Aws, AwsError};
use crate::changeset::{Change, Content};
use crate::model::Settings;
use crate::resources::exec::malformed;

/// Carry out a change to the settings: UpdateGlobalSettings then
/// UpdateRegionSettings (each skipped when it has nothing to set).
pub(crate) async fn execute(aws: &Aws, c: &Change) -> Result<Option<String>, AwsError> {
    let Some(Content::Settings(s)) = &c.desired else {
        return Err(malformed(c, "the desired content for this action"));
    };
    aws.update_global_settings(&s.global).await?;
    aws.update_region_settings(&s.resource_type_opt_in, &s.resource_type_management)
        .await?;
    Ok(None)
}

impl Aws {
    pub(crate) async fn read_settings(&self) -> Result<Settings, AwsError> {
        let global = async {
            let _p = self.permit("DescribeGlobalSettings").await;
            self.client
                .describe_global_settings()
                .send()
                .await
                .map_err(|e| from_sdk("DescribeGlobalSettings", e))
        };
        let region = async {
            let _p = self.permit("DescribeRegionSettings").await;
            self.client
                .describe_region_settings()
                .send()
                .await
                .map_err(|e| from_sdk("DescribeRegionSettings", e))
        };
        let (g, r) = tokio::try_join!(global, region)?;
        Ok(Settings {
            global: g.global_settings.unwrap_or_default().into_iter().collect(),
            resource_type_opt_in: r
                .resource_type_opt_in_preference
                .unwrap_or_default()
                .into_iter()
                .collect(),
            resource_type_management: r
                .resource_type_management_preference
                .unwrap_or_default()
                .into_iter()
                .collect(),
        })
    }
}

impl Aws {
    /// UpdateGlobalSettings with the given keys; no call when empty.
    pub async fn update_global_settings(
        &self,
        settings: &BTreeMap<String, String>,
    ) -> Result<(), AwsError> {
        if settings.is_empty() {
            return Ok(());
        }
        let _p = self.permit("UpdateGlobalSettings").await;
        self.client
            .update_global_settings()
            .set_global_settings(Some(
                settings
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ))
            .send()
            .await
            .map_err(|e| from_sdk("UpdateGlobalSettings", e))?;
        Ok(())
    }

    /// UpdateRegionSettings with the given preferences (resource type ->
    /// enabled); empty maps are omitted, no call when both are empty.
    pub async fn update_region_settings(
        &self,
        opt_in: &BTreeMap<String, bool>,
        management: &BTreeMap<String, bool>,
    ) -> Result<(), AwsError> {
        if opt_in.is_empty() && management.is_empty() {
            return Ok(());
        }
        let _p = self.permit("UpdateRegionSettings").await;
        self.client
            .update_region_settings()
            .set_resource_type_opt_in_preference(
                (!opt_in.is_empty()).then(|| opt_in.iter().map(|(k, v)| (k.clone(), *v)).collect()),
            )
            .set_resource_type_management_preference(
                (!management.is_empty())
                    .then(|| management.iter().map(|(k, v)| (k.clone(), *v)).collect()),
            )
            .send()
            .await
            .map_err(|e| from_sdk("UpdateRegionSettings", e))?;
        Ok(())
    }
}
