//! The vault write calls apply makes: create (name, key, tags; idempotent
//! by CreatorRequestId), delete, and the separate Put/Delete calls for the
//! access policy, notifications and Vault Lock.

use aws_sdk_backup::operation::create_backup_vault::CreateBackupVaultError;
use aws_sdk_backup::types::BackupVaultEvent;

use crate::aws::error::from_sdk;
use crate::aws::mutate::hash;
use crate::aws::{Aws, AwsError};
use crate::model::{Notifications, Vault, VaultLock};

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
}
