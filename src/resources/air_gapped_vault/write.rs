//! The air-gapped vault write calls apply makes, and [`execute`]: one
//! change to an air-gapped vault. A create is
//! CreateLogicallyAirGappedBackupVault (idempotent by CreatorRequestId),
//! a wait until DescribeBackupVault reports `AVAILABLE` (so what hangs off
//! the vault is put on a vault that exists in full, and the next plan sees
//! no change), then the vault kind's policy and notification Puts, the MPA
//! association and one CreateRestoreAccessBackupVault per restore access
//! vault. A delete revokes the restore access vaults first.

use std::time::Duration;

use aws_sdk_backup::operation::create_logically_air_gapped_backup_vault::CreateLogicallyAirGappedBackupVaultError;
use aws_sdk_backup::operation::create_restore_access_backup_vault::CreateRestoreAccessBackupVaultError;
use aws_sdk_backup::types::VaultState;

use super::model::AirGappedVault;
use super::observe::name_of;
use crate::aws::error::from_sdk;
use crate::aws::mutate::hash;
use crate::aws::{Aws, AwsError};
use crate::changeset::{Action, Address, Change, Content, FieldChange};
use crate::resources::exec::{crid, live_arn, malformed, retag};

/// How long a new vault may stay `CREATING`.
const CREATE_TIMEOUT: Duration = Duration::from_secs(30 * 60);

pub(crate) async fn execute(aws: &Aws, c: &Change) -> Result<Option<String>, AwsError> {
    let Address::AirGappedVault { name } = &c.address else {
        return Err(malformed(c, "an air-gapped vault address"));
    };
    match (c.action, &c.desired) {
        (Action::Delete, _) => {
            aws.revoke_all_restore_access(name).await?;
            aws.delete_vault(name).await?;
            Ok(None)
        }
        (Action::Replace, Some(Content::AirGappedVault(want))) => {
            aws.revoke_all_restore_access(name).await?;
            aws.delete_vault(name).await?;
            create(aws, want, &crid(c)?).await.map(Some)
        }
        (Action::Create, Some(Content::AirGappedVault(want))) => {
            create(aws, want, &crid(c)?).await.map(Some)
        }
        (Action::Update, Some(Content::AirGappedVault(want))) => {
            let arn = live_arn(c).ok_or_else(|| malformed(c, "the vault ARN"))?;
            let vault_tags: Vec<FieldChange> = c
                .fields
                .iter()
                .filter(|f| f.path.starts_with("tags."))
                .cloned()
                .collect();
            retag(aws, &arn, &vault_tags).await?;
            documents(aws, want, Some(&c.fields)).await?;
            restore_access(aws, want, &arn, &c.fields).await?;
            Ok(None)
        }
        _ => Err(malformed(c, "the desired content for this action")),
    }
}

async fn create(aws: &Aws, want: &AirGappedVault, crid: &str) -> Result<String, AwsError> {
    let arn = aws.create_air_gapped(want, crid).await?;
    aws.wait_available(&want.name).await?;
    documents(aws, want, None).await?;
    for (ra, v) in &want.restore_access_vaults {
        aws.create_restore_access(&arn, ra, v).await?;
    }
    Ok(arn)
}

/// Whether a field under `prefix` changed (always, on create).
fn touched(fields: Option<&[FieldChange]>, prefix: &str) -> bool {
    match fields {
        None => true,
        Some(fs) => fs.iter().any(|f| {
            f.path == prefix
                || f.path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('.'))
        }),
    }
}

/// Policy, notifications and MPA team: on create only the declared ones,
/// on update only those whose fields differ (Put, or Delete/Disassociate).
async fn documents(
    aws: &Aws,
    want: &AirGappedVault,
    fields: Option<&[FieldChange]>,
) -> Result<(), AwsError> {
    let creating = fields.is_none();
    let name = &want.name;
    if touched(fields, "access_policy") {
        match &want.access_policy {
            Some(p) => aws.put_access_policy(name, p).await?,
            None if !creating => aws.delete_access_policy(name).await?,
            None => {}
        }
    }
    if touched(fields, "notifications") {
        match &want.notifications {
            Some(n) => aws.put_notifications(name, n).await?,
            None if !creating => aws.delete_notifications(name).await?,
            None => {}
        }
    }
    if touched(fields, "mpa_approval_team_arn") {
        match &want.mpa_approval_team_arn {
            Some(t) => aws.associate_mpa(name, t).await?,
            None if !creating => aws.disassociate_mpa(name).await?,
            None => {}
        }
    }
    Ok(())
}

/// Restore access vaults on update: the live ones are listed again; missing
/// ones are created, undeclared ones revoked, changed tags re-tagged.
async fn restore_access(
    aws: &Aws,
    want: &AirGappedVault,
    arn: &str,
    fields: &[FieldChange],
) -> Result<(), AwsError> {
    if !touched(Some(fields), "restore_access_vaults") {
        return Ok(());
    }
    let live = aws.restore_access_arns(&want.name).await?;
    for (name, ra_arn) in &live {
        if !want.restore_access_vaults.contains_key(name) {
            aws.revoke_restore_access(&want.name, ra_arn).await?;
        }
    }
    for (name, v) in &want.restore_access_vaults {
        match live.iter().find(|(n, _)| n == name) {
            None => {
                aws.create_restore_access(arn, name, v).await?;
            }
            Some((_, ra_arn)) => {
                let prefix = format!("restore_access_vaults.{name}.");
                let tags: Vec<FieldChange> = fields
                    .iter()
                    .filter_map(|f| {
                        let rest = f.path.strip_prefix(&prefix)?;
                        rest.starts_with("tags.").then(|| FieldChange {
                            path: rest.to_string(),
                            ..f.clone()
                        })
                    })
                    .collect();
                retag(aws, ra_arn, &tags).await?;
            }
        }
    }
    Ok(())
}

impl Aws {
    /// CreateLogicallyAirGappedBackupVault; the vault ARN. A retry that
    /// finds the vault created by the same CreatorRequestId takes it.
    pub async fn create_air_gapped(
        &self,
        v: &AirGappedVault,
        creator_request_id: &str,
    ) -> Result<String, AwsError> {
        const OP: &str = "CreateLogicallyAirGappedBackupVault";
        let result = {
            let _p = self.permit(OP).await;
            self.client
                .create_logically_air_gapped_backup_vault()
                .backup_vault_name(&v.name)
                .min_retention_days(v.min_retention_days)
                .max_retention_days(v.max_retention_days)
                .set_encryption_key_arn(v.encryption_key_arn.clone())
                .set_backup_vault_tags((!v.tags.is_empty()).then(|| hash(&v.tags)))
                .creator_request_id(creator_request_id)
                .send()
                .await
        };
        match result {
            Ok(out) => Ok(out.backup_vault_arn.unwrap_or_default()),
            Err(e) => {
                if let Some(CreateLogicallyAirGappedBackupVaultError::AlreadyExistsException(x)) =
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

    /// Poll DescribeBackupVault until the vault is `AVAILABLE` (200 ms, then
    /// doubling up to 10 s); `FAILED` or the timeout is an error.
    pub async fn wait_available(&self, name: &str) -> Result<(), AwsError> {
        let started = std::time::Instant::now();
        let mut delay = Duration::from_millis(200);
        loop {
            let state = {
                let _p = self.permit("DescribeBackupVault").await;
                self.client
                    .describe_backup_vault()
                    .backup_vault_name(name)
                    .send()
                    .await
                    .map_err(|e| from_sdk("DescribeBackupVault", e))?
                    .vault_state
            };
            match state {
                Some(VaultState::Available) | None => return Ok(()),
                Some(VaultState::Failed) => {
                    return Err(AwsError::Other {
                        operation: "DescribeBackupVault",
                        detail: format!(
                            "air-gapped vault \"{name}\" failed to create (VaultState FAILED)"
                        ),
                    })
                }
                Some(_) if started.elapsed() > CREATE_TIMEOUT => {
                    return Err(AwsError::Other {
                        operation: "DescribeBackupVault",
                        detail: format!(
                            "air-gapped vault \"{name}\" still CREATING after {} minutes",
                            CREATE_TIMEOUT.as_secs() / 60
                        ),
                    })
                }
                Some(_) => {
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_secs(10));
                }
            }
        }
    }

    pub async fn associate_mpa(&self, name: &str, team: &str) -> Result<(), AwsError> {
        let _p = self.permit("AssociateBackupVaultMpaApprovalTeam").await;
        self.client
            .associate_backup_vault_mpa_approval_team()
            .backup_vault_name(name)
            .mpa_approval_team_arn(team)
            .send()
            .await
            .map_err(|e| from_sdk("AssociateBackupVaultMpaApprovalTeam", e))?;
        Ok(())
    }

    pub async fn disassociate_mpa(&self, name: &str) -> Result<(), AwsError> {
        let _p = self.permit("DisassociateBackupVaultMpaApprovalTeam").await;
        self.client
            .disassociate_backup_vault_mpa_approval_team()
            .backup_vault_name(name)
            .send()
            .await
            .map_err(|e| from_sdk("DisassociateBackupVaultMpaApprovalTeam", e))?;
        Ok(())
    }

    /// CreateRestoreAccessBackupVault. Its name is unique in the region, so a
    /// retry that finds it already linked to this source takes it.
    pub async fn create_restore_access(
        &self,
        source_arn: &str,
        name: &str,
        v: &super::model::RestoreAccessVault,
    ) -> Result<(), AwsError> {
        const OP: &str = "CreateRestoreAccessBackupVault";
        let result = {
            let _p = self.permit(OP).await;
            self.client
                .create_restore_access_backup_vault()
                .source_backup_vault_arn(source_arn)
                .backup_vault_name(name)
                .set_backup_vault_tags((!v.tags.is_empty()).then(|| hash(&v.tags)))
                .set_requester_comment(v.requester_comment.clone())
                .send()
                .await
        };
        match result {
            Ok(_) => Ok(()),
            Err(e) => {
                if let Some(CreateRestoreAccessBackupVaultError::AlreadyExistsException(_)) =
                    e.as_service_error()
                {
                    let source = name_of(source_arn).unwrap_or_default();
                    let linked = self.restore_access_arns(source).await?;
                    if linked.iter().any(|(n, _)| n == name) {
                        return Ok(());
                    }
                }
                Err(from_sdk(OP, e))
            }
        }
    }

    /// The restore access vaults linked to `source`: (name, ARN).
    pub async fn restore_access_arns(
        &self,
        source: &str,
    ) -> Result<Vec<(String, String)>, AwsError> {
        let pages = self
            .client
            .list_restore_access_backup_vaults()
            .backup_vault_name(source)
            .max_results(1000)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        for page in self
            .all_pages("ListRestoreAccessBackupVaults", pages)
            .await?
        {
            for r in page.restore_access_backup_vaults.unwrap_or_default() {
                if let Some(arn) = r.restore_access_backup_vault_arn {
                    if let Some(n) = name_of(&arn) {
                        out.push((n.to_string(), arn.clone()));
                    }
                }
            }
        }
        Ok(out)
    }

    pub async fn revoke_restore_access(&self, source: &str, arn: &str) -> Result<(), AwsError> {
        let _p = self.permit("RevokeRestoreAccessBackupVault").await;
        self.client
            .revoke_restore_access_backup_vault()
            .backup_vault_name(source)
            .restore_access_backup_vault_arn(arn)
            .send()
            .await
            .map_err(|e| from_sdk("RevokeRestoreAccessBackupVault", e))?;
        Ok(())
    }

    async fn revoke_all_restore_access(&self, source: &str) -> Result<(), AwsError> {
        for (_, arn) in self.restore_access_arns(source).await? {
            self.revoke_restore_access(source, &arn).await?;
        }
        Ok(())
    }
}
