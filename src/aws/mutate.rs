//! The write calls `apply` makes, one method per AWS operation, domain
//! types in and ids out. Creates carry the caller's deterministic
//! CreatorRequestId; an AlreadyExistsException naming that same id means an
//! earlier attempt (an SDK retry, an interrupted run) already created the
//! resource, so it counts as success and the existing resource is returned:
//! never a second one (facts, quirk 6). Zero/empty values are omitted from
//! requests (see `convert`).
//!
//! Creates make the bare resource only: `create_vault` sets name, key and
//! tags (policy, notifications and lock are separate Put calls);
//! `create_plan` writes the plan document and tags (selections are created
//! one by one with `create_selection`).

use std::collections::BTreeMap;

use aws_sdk_backup::operation::create_backup_plan::CreateBackupPlanError;
use aws_sdk_backup::operation::create_backup_selection::CreateBackupSelectionError;
use aws_sdk_backup::operation::create_backup_vault::CreateBackupVaultError;
use aws_sdk_backup::types::BackupVaultEvent;

use super::convert::{plan_to, selection_to};
use super::error::from_sdk;
use super::{Aws, AwsError};
use crate::model::{BackupPlan, Notifications, Selection, Tags, Vault, VaultLock};

fn hash(tags: &Tags) -> std::collections::HashMap<String, String> {
    tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// The plan id in a plan ARN (`arn:aws:backup:R:A:backup-plan:ID`).
fn plan_id_of(arn: &str) -> Option<&str> {
    arn.rsplit_once(':')
        .map(|(_, id)| id)
        .filter(|id| !id.is_empty())
}

impl Aws {
    /// CreateBackupVault with name, encryption key and tags (the caller
    /// includes the stack tag). Returns the vault ARN.
    pub async fn create_vault(
        &self,
        vault: &Vault,
        creator_request_id: &str,
    ) -> Result<String, AwsError> {
        const OP: &str = "CreateBackupVault";
        let result = {
            let _p = self.permit(OP).await;
            self.client
                .create_backup_vault()
                .backup_vault_name(&vault.name)
                .set_encryption_key_arn(vault.encryption_key_arn.clone())
                .set_backup_vault_tags((!vault.tags.is_empty()).then(|| hash(&vault.tags)))
                .creator_request_id(creator_request_id)
                .send()
                .await
        };
        match result {
            Ok(out) => Ok(out.backup_vault_arn.unwrap_or_default()),
            Err(e) => {
                if let Some(CreateBackupVaultError::AlreadyExistsException(x)) =
                    e.as_service_error()
                {
                    if x.creator_request_id.as_deref() == Some(creator_request_id) {
                        if let Some(arn) = x.arn.clone().filter(|a| !a.is_empty()) {
                            return Ok(arn);
                        }
                        if let Some(v) = self.probe_vault(&vault.name).await? {
                            return Ok(v.arn);
                        }
                    }
                }
                Err(from_sdk(OP, e))
            }
        }
    }

    /// DeleteBackupVault (AWS refuses while recovery points exist).
    pub async fn delete_vault(&self, name: &str) -> Result<(), AwsError> {
        let _p = self.permit("DeleteBackupVault").await;
        self.client
            .delete_backup_vault()
            .backup_vault_name(name)
            .send()
            .await
            .map_err(|e| from_sdk("DeleteBackupVault", e))?;
        Ok(())
    }

    /// PutBackupVaultAccessPolicy with the policy serialized as JSON.
    pub async fn put_access_policy(
        &self,
        name: &str,
        policy: &serde_json::Value,
    ) -> Result<(), AwsError> {
        let _p = self.permit("PutBackupVaultAccessPolicy").await;
        self.client
            .put_backup_vault_access_policy()
            .backup_vault_name(name)
            .policy(policy.to_string())
            .send()
            .await
            .map_err(|e| from_sdk("PutBackupVaultAccessPolicy", e))?;
        Ok(())
    }

    pub async fn delete_access_policy(&self, name: &str) -> Result<(), AwsError> {
        let _p = self.permit("DeleteBackupVaultAccessPolicy").await;
        self.client
            .delete_backup_vault_access_policy()
            .backup_vault_name(name)
            .send()
            .await
            .map_err(|e| from_sdk("DeleteBackupVaultAccessPolicy", e))?;
        Ok(())
    }

    /// PutBackupVaultNotifications (replaces the whole configuration).
    pub async fn put_notifications(
        &self,
        name: &str,
        notifications: &Notifications,
    ) -> Result<(), AwsError> {
        let _p = self.permit("PutBackupVaultNotifications").await;
        self.client
            .put_backup_vault_notifications()
            .backup_vault_name(name)
            .sns_topic_arn(&notifications.sns_topic_arn)
            .set_backup_vault_events(Some(
                notifications
                    .events
                    .iter()
                    .map(|e| BackupVaultEvent::from(e.as_str()))
                    .collect(),
            ))
            .send()
            .await
            .map_err(|e| from_sdk("PutBackupVaultNotifications", e))?;
        Ok(())
    }

    pub async fn delete_notifications(&self, name: &str) -> Result<(), AwsError> {
        let _p = self.permit("DeleteBackupVaultNotifications").await;
        self.client
            .delete_backup_vault_notifications()
            .backup_vault_name(name)
            .send()
            .await
            .map_err(|e| from_sdk("DeleteBackupVaultNotifications", e))?;
        Ok(())
    }

    /// PutBackupVaultLockConfiguration. With `changeable_for_days` the lock
    /// becomes immutable after that many days (compliance mode).
    pub async fn put_lock(&self, name: &str, lock: &VaultLock) -> Result<(), AwsError> {
        let _p = self.permit("PutBackupVaultLockConfiguration").await;
        self.client
            .put_backup_vault_lock_configuration()
            .backup_vault_name(name)
            .set_min_retention_days(lock.min_retention_days.filter(|d| *d > 0))
            .set_max_retention_days(lock.max_retention_days.filter(|d| *d > 0))
            .set_changeable_for_days(lock.changeable_for_days.filter(|d| *d > 0))
            .send()
            .await
            .map_err(|e| from_sdk("PutBackupVaultLockConfiguration", e))?;
        Ok(())
    }

    pub async fn delete_lock(&self, name: &str) -> Result<(), AwsError> {
        let _p = self.permit("DeleteBackupVaultLockConfiguration").await;
        self.client
            .delete_backup_vault_lock_configuration()
            .backup_vault_name(name)
            .send()
            .await
            .map_err(|e| from_sdk("DeleteBackupVaultLockConfiguration", e))?;
        Ok(())
    }

    /// TagResource with the given tags (added or overwritten); no call when
    /// `tags` is empty.
    pub async fn tag(&self, arn: &str, tags: &Tags) -> Result<(), AwsError> {
        if tags.is_empty() {
            return Ok(());
        }
        let _p = self.permit("TagResource").await;
        self.client
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(hash(tags)))
            .send()
            .await
            .map_err(|e| from_sdk("TagResource", e))?;
        Ok(())
    }

    /// UntagResource for the given keys; no call when `keys` is empty.
    pub async fn untag(&self, arn: &str, keys: &[String]) -> Result<(), AwsError> {
        if keys.is_empty() {
            return Ok(());
        }
        let _p = self.permit("UntagResource").await;
        self.client
            .untag_resource()
            .resource_arn(arn)
            .set_tag_key_list(Some(keys.to_vec()))
            .send()
            .await
            .map_err(|e| from_sdk("UntagResource", e))?;
        Ok(())
    }

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
    async fn create_plan_once(
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
