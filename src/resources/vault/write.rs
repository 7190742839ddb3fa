//! The vault write calls apply makes: create (name, key, tags; idempotent
//! by CreatorRequestId), delete, and the separate Put/Delete calls for the
//! access policy, notifications and Vault Lock; and [`execute`], the calls
//! one change to a vault makes.

use aws_sdk_backup::operation::create_backup_vault::CreateBackupVaultError;
use aws_sdk_backup::types::BackupVaultEvent;

use crate::aws::error::from_sdk;
use crate::aws::mutate::hash;
use crate::aws::{Aws, AwsError};
use crate::changeset::{Action, Address, Change, Content, FieldChange};
use crate::model::{Notifications, Vault, VaultLock};
use crate::resources::exec::{crid, live_arn, malformed, retag};

/// Carry out one change to a vault. Ok(detail to show: a new vault's ARN).
/// A create is CreateBackupVault (name, key, tags) plus one Put per
/// declared policy, notifications and lock; an update touches only the
/// aspects whose fields differ (Tag/Untag with the difference, Put or
/// Delete for policy, notifications and lock).
pub(crate) async fn execute(aws: &Aws, c: &Change) -> Result<Option<String>, AwsError> {
    let Address::Vault { name } = &c.address else {
        return Err(malformed(c, "a vault address"));
    };
    match (c.action, &c.desired) {
        (Action::Delete, _) => {
            aws.delete_vault(name).await?;
            Ok(None)
        }
        (Action::Replace, Some(Content::Vault(want))) => {
            aws.delete_vault(name).await?;
            let arn = aws.create_vault(want, &crid(c)?).await?;
            vault_documents(aws, want, None).await?;
            Ok(Some(arn))
        }
        (Action::Create, Some(Content::Vault(want))) => {
            let arn = aws.create_vault(want, &crid(c)?).await?;
            vault_documents(aws, want, None).await?;
            Ok(Some(arn))
        }
        (Action::Update, Some(Content::Vault(want))) => {
            let arn = live_arn(c).ok_or_else(|| malformed(c, "the vault ARN"))?;
            retag(aws, &arn, &c.fields).await?;
            vault_documents(aws, want, Some(&c.fields)).await?;
            Ok(None)
        }
        _ => Err(malformed(c, "the desired content for this action")),
    }
}

/// Put or delete a vault's policy, notifications and lock. On create
/// (`fields` = None) only the declared ones are put; on update only those
/// whose fields differ are touched.
async fn vault_documents(
    aws: &Aws,
    want: &Vault,
    fields: Option<&[FieldChange]>,
) -> Result<(), AwsError> {
    let touched = |prefix: &str| match fields {
        None => true,
        Some(fs) => fs.iter().any(|f| {
            f.path == prefix
                || f.path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('.'))
        }),
    };
    let creating = fields.is_none();
    let name = &want.name;
    if touched("access_policy") {
        match &want.access_policy {
            Some(p) => aws.put_access_policy(name, p).await?,
            None if !creating => aws.delete_access_policy(name).await?,
            None => {}
        }
    }
    if touched("notifications") {
        match &want.notifications {
            Some(n) => aws.put_notifications(name, n).await?,
            None if !creating => aws.delete_notifications(name).await?,
            None => {}
        }
    }
    if touched("lock") {
        match &want.lock {
            Some(l) => aws.put_lock(name, l).await?,
            None if !creating => aws.delete_lock(name).await?,
            None => {}
        }
    }
    Ok(())
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
}
