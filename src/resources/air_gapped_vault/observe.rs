//! Reading air-gapped vaults: ListBackupVaults with
//! `ByVaultType=LOGICALLY_AIR_GAPPED_BACKUP_VAULT` (name, ARN, retention,
//! key, recovery points, state), ListTags each, and for one read in full
//! DescribeBackupVault (the MPA approval team), the vault kind's policy
//! and notification reads, and ListRestoreAccessBackupVaults (+ ListTags
//! of each restore access vault).

use aws_sdk_backup::types::VaultType;
use futures_util::future::try_join_all;

use super::model::{AirGappedVault, LiveAirGappedVault, RestoreAccessVault};
use crate::aws::error::from_sdk;
use crate::aws::{Aws, AwsError};
use crate::model::Tags;
use crate::resources::observe::{classify, ObserveScope, Seen};
use crate::resources::Kind;

/// What ListBackupVaults reports of one air-gapped vault.
struct Listed {
    name: String,
    arn: String,
    min: i64,
    max: i64,
    key: Option<String>,
    /// Only a customer managed key is part of the definition.
    customer_key: bool,
    points: i64,
}

/// The name in a vault ARN (`...:backup-vault:NAME`).
pub(crate) fn name_of(arn: &str) -> Option<&str> {
    arn.rsplit_once(":backup-vault:").map(|(_, n)| n)
}

impl Aws {
    async fn list_air_gapped(&self) -> Result<Vec<Listed>, AwsError> {
        let pages = self
            .client
            .list_backup_vaults()
            .by_vault_type(VaultType::LogicallyAirGappedBackupVault)
            .max_results(1000)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        for page in self.all_pages("ListBackupVaults", pages).await? {
            for v in page.backup_vault_list.unwrap_or_default() {
                // An endpoint that ignores the filter lists other vaults too.
                if v.vault_type.as_ref() != Some(&VaultType::LogicallyAirGappedBackupVault) {
                    continue;
                }
                let (Some(name), Some(arn)) = (v.backup_vault_name, v.backup_vault_arn) else {
                    continue;
                };
                let customer_key = v.encryption_key_type.as_ref().is_some_and(|t| {
                    *t == aws_sdk_backup::types::EncryptionKeyType::CustomerManagedKmsKey
                });
                out.push(Listed {
                    name,
                    arn,
                    min: v.min_retention_days.unwrap_or(0),
                    max: v.max_retention_days.unwrap_or(0),
                    key: v.encryption_key_arn.filter(|k| !k.is_empty()),
                    customer_key,
                    points: v.number_of_recovery_points,
                });
            }
        }
        Ok(out)
    }

    pub(crate) async fn observe_air_gapped(
        &self,
        scope: &ObserveScope,
    ) -> Result<(Vec<Seen<LiveAirGappedVault>>, Option<String>), AwsError> {
        let listed = self.list_air_gapped().await?;
        let first_arn = listed.first().map(|v| v.arn.clone());
        let seen = try_join_all(listed.into_iter().map(|v| async move {
            let tags = self.list_tags(&v.arn).await?;
            if scope.reads_in_full(Kind::AirGappedVault, &v.name, &tags) {
                Ok(Seen::Full(self.read_air_gapped(v, tags).await?))
            } else {
                Ok(classify(v.name, &tags))
            }
        }))
        .await?;
        Ok((seen, first_arn))
    }

    async fn read_air_gapped(&self, v: Listed, tags: Tags) -> Result<LiveAirGappedVault, AwsError> {
        let (access_policy, notifications, mpa, restore) = tokio::try_join!(
            self.read_policy(&v.name),
            self.read_notifications(&v.name),
            self.mpa_team(&v.name),
            self.restore_access_vaults(&v.name),
        )?;
        let mut restore_access_vaults = std::collections::BTreeMap::new();
        let mut restore_access_arns = std::collections::BTreeMap::new();
        for (name, arn, tags) in restore {
            restore_access_vaults.insert(
                name.clone(),
                RestoreAccessVault {
                    tags,
                    requester_comment: None,
                },
            );
            restore_access_arns.insert(name, arn);
        }
        Ok(LiveAirGappedVault {
            arn: v.arn,
            number_of_recovery_points: v.points,
            restore_access_arns,
            vault: AirGappedVault {
                name: v.name,
                min_retention_days: v.min,
                max_retention_days: v.max,
                encryption_key_arn: v.key.filter(|_| v.customer_key),
                tags,
                access_policy,
                notifications,
                mpa_approval_team_arn: mpa,
                restore_access_vaults,
            },
        })
    }

    /// DescribeBackupVault's `MpaApprovalTeamArn` (ListBackupVaults lacks it).
    async fn mpa_team(&self, name: &str) -> Result<Option<String>, AwsError> {
        let _p = self.permit("DescribeBackupVault").await;
        let out = self
            .client
            .describe_backup_vault()
            .backup_vault_name(name)
            .send()
            .await
            .map_err(|e| from_sdk("DescribeBackupVault", e))?;
        Ok(out.mpa_approval_team_arn.filter(|a| !a.is_empty()))
    }

    /// The restore access vaults of an air-gapped vault: (name, ARN, tags).
    async fn restore_access_vaults(
        &self,
        name: &str,
    ) -> Result<Vec<(String, String, Tags)>, AwsError> {
        let pages = self
            .client
            .list_restore_access_backup_vaults()
            .backup_vault_name(name)
            .max_results(1000)
            .into_paginator()
            .send();
        let mut arns = Vec::new();
        for page in self
            .all_pages("ListRestoreAccessBackupVaults", pages)
            .await?
        {
            for r in page.restore_access_backup_vaults.unwrap_or_default() {
                if let Some(arn) = r.restore_access_backup_vault_arn {
                    arns.push(arn);
                }
            }
        }
        try_join_all(arns.into_iter().filter_map(|arn| {
            let name = name_of(&arn)?.to_string();
            Some(async move {
                let tags = self.list_tags(&arn).await?;
                Ok::<_, AwsError>((name, arn, tags))
            })
        }))
        .await
    }
}
