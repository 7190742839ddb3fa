//! The tiering configuration write calls apply makes: create (idempotent by
//! CreatorRequestId, tags included), update (vault and selections, in
//! place: the API changes everything but the name), delete; and
//! [`execute`], the calls one change makes.

use aws_sdk_backup::operation::create_tiering_configuration::CreateTieringConfigurationError;
use aws_sdk_backup::types::{
    ResourceSelection, TieringConfigurationInputForCreate, TieringConfigurationInputForUpdate,
};

use super::model::TieringConfiguration;
use crate::aws::convert::invalid;
use crate::aws::error::from_sdk;
use crate::aws::mutate::hash;
use crate::aws::{Aws, AwsError};
use crate::changeset::{Action, Address, Change, Content};
use crate::resources::exec::{crid, is_tag, live_arn, malformed, retag};

/// Carry out one change. Ok(detail to show: a new configuration's ARN).
/// An update sends UpdateTieringConfiguration only when the vault or the
/// selections differ, and Tag/Untag with the tag differences.
pub(crate) async fn execute(aws: &Aws, c: &Change) -> Result<Option<String>, AwsError> {
    let Address::TieringConfiguration { name } = &c.address else {
        return Err(malformed(c, "a tiering configuration address"));
    };
    match (c.action, &c.desired) {
        (Action::Delete, _) => {
            aws.delete_tiering(name).await?;
            Ok(None)
        }
        (Action::Create, Some(Content::TieringConfiguration(want))) => {
            Ok(Some(aws.create_tiering(want, &crid(c)?).await?))
        }
        (Action::Replace, Some(Content::TieringConfiguration(want))) => {
            aws.delete_tiering(name).await?;
            Ok(Some(aws.create_tiering(want, &crid(c)?).await?))
        }
        (Action::Update, Some(Content::TieringConfiguration(want))) => {
            let arn = live_arn(c).ok_or_else(|| malformed(c, "the tiering configuration ARN"))?;
            if c.fields.iter().any(|f| !is_tag(&f.path)) {
                aws.update_tiering(want).await?;
            }
            retag(aws, &arn, &c.fields).await?;
            Ok(None)
        }
        _ => Err(malformed(c, "the desired content for this action")),
    }
}

fn selections(t: &TieringConfiguration) -> Result<Vec<ResourceSelection>, AwsError> {
    t.resource_selection
        .iter()
        .map(|s| {
            let days = i32::try_from(s.tiering_down_settings_in_days)
                .map_err(|e| invalid("CreateTieringConfiguration", e))?;
            ResourceSelection::builder()
                .resource_type(&s.resource_type)
                .set_resources(Some(s.resources.iter().cloned().collect()))
                .tiering_down_settings_in_days(days)
                .build()
                .map_err(|e| invalid("CreateTieringConfiguration", e))
        })
        .collect()
}

impl Aws {
    /// CreateTieringConfiguration with tags (the caller includes the stack
    /// tag). Returns the ARN; a retry that AWS recognises by its
    /// CreatorRequestId returns the existing configuration's ARN.
    pub async fn create_tiering(
        &self,
        t: &TieringConfiguration,
        creator_request_id: &str,
    ) -> Result<String, AwsError> {
        const OP: &str = "CreateTieringConfiguration";
        let input = TieringConfigurationInputForCreate::builder()
            .tiering_configuration_name(&t.name)
            .backup_vault_name(&t.vault)
            .set_resource_selection(Some(selections(t)?))
            .build()
            .map_err(|e| invalid(OP, e))?;
        let result = {
            let _p = self.permit(OP).await;
            self.client
                .create_tiering_configuration()
                .tiering_configuration(input)
                .set_tiering_configuration_tags((!t.tags.is_empty()).then(|| hash(&t.tags)))
                .creator_request_id(creator_request_id)
                .send()
                .await
        };
        match result {
            Ok(out) => Ok(out.tiering_configuration_arn.unwrap_or_default()),
            Err(e) => {
                if let Some(CreateTieringConfigurationError::AlreadyExistsException(x)) =
                    e.as_service_error()
                {
                    if x.creator_request_id.as_deref() == Some(creator_request_id) {
                        if let Some(arn) = x.arn.clone().filter(|a| !a.is_empty()) {
                            return Ok(arn);
                        }
                    }
                }
                Err(from_sdk(OP, e))
            }
        }
    }

    /// UpdateTieringConfiguration: the vault and the whole selection list.
    pub async fn update_tiering(&self, t: &TieringConfiguration) -> Result<(), AwsError> {
        const OP: &str = "UpdateTieringConfiguration";
        let input = TieringConfigurationInputForUpdate::builder()
            .backup_vault_name(&t.vault)
            .set_resource_selection(Some(selections(t)?))
            .build()
            .map_err(|e| invalid(OP, e))?;
        let _p = self.permit(OP).await;
        self.client
            .update_tiering_configuration()
            .tiering_configuration_name(&t.name)
            .tiering_configuration(input)
            .send()
            .await
            .map_err(|e| from_sdk(OP, e))?;
        Ok(())
    }

    pub async fn delete_tiering(&self, name: &str) -> Result<(), AwsError> {
        const OP: &str = "DeleteTieringConfiguration";
        let _p = self.permit(OP).await;
        self.client
            .delete_tiering_configuration()
            .tiering_configuration_name(name)
            .send()
            .await
            .map_err(|e| from_sdk(OP, e))?;
        Ok(())
    }
}
