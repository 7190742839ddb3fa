//! Vaults AWS creates itself, such as `aws/efs/automatic-backup-vault` for
//! EFS automatic backups. Their names have `/`, which CreateBackupVault's
//! pattern refuses, so only the admin API can make one
//! (`POST /__emulator/aws-vaults`); reads, listings and tags work on them as
//! on any vault, while changing or deleting them is refused (AWS does not
//! let customers manage them). Their name rules are in `validate`.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::error::AwsError;
use crate::state::{vault_arn, Store, Tags, Vault};
use crate::util::now;
use crate::validate;

/// AWS's refusal to let a customer change or delete one of its vaults
/// (the wording is the emulator's: no public report shows AWS's).
pub fn managed_by_aws(name: &str) -> AwsError {
    AwsError::invalid_request(format!(
        "Backup vault {name} is created and managed by AWS and cannot be changed or deleted"
    ))
}

/// Body of `POST /__emulator/aws-vaults`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsVaultSeed {
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub name: String,
    #[serde(default)]
    pub tags: Tags,
    #[serde(default)]
    pub recovery_points: usize,
    /// Optional access policy (a JSON object or its text); AWS has been
    /// seen giving the EFS vault a Deny policy of its own.
    pub access_policy: Option<Value>,
}

/// Adds an AWS-created vault (encrypted with the region's default
/// `aws/backup` key, like any vault created without a key).
pub fn seed(store: &mut Store, c: &Caller, s: AwsVaultSeed) -> Result<Value, String> {
    if !validate::aws_vault_name_ok(&s.name) {
        return Err(format!(
            "invalid AWS vault name {:?}: must be `aws/` then segments of letters, digits, `-`, `_` separated by `/`",
            s.name
        ));
    }
    let policy = match s.access_policy {
        None => None,
        Some(Value::String(t))
            if serde_json::from_str::<Value>(&t).is_ok_and(|v| v.is_object()) =>
        {
            Some(t)
        }
        Some(v @ Value::Object(_)) => Some(v.to_string()),
        Some(_) => return Err("access_policy must be a JSON policy document".into()),
    };
    let region = store.region_mut(c);
    if region.vaults.contains_key(&s.name) {
        return Err(format!(
            "vault {} already exists in {}/{}",
            s.name, c.account, c.region
        ));
    }
    region.vaults.insert(
        s.name.clone(),
        Vault {
            name: s.name.clone(),
            creation_date: now(),
            tags: s.tags,
            access_policy: policy,
            ..Vault::default()
        },
    );
    let n = super::jobs::seed_recovery_points(store, c, &s.name, s.recovery_points)?;
    if s.name.starts_with("aws/efs/") {
        // What an EFS automatic backup vault holds: EFS recovery points.
        let v = store
            .region_mut(c)
            .vaults
            .get_mut(&s.name)
            .expect("just added");
        for p in v.recovery_points.iter_mut() {
            let id = p
                .resource_arn
                .rsplit("vol-")
                .next()
                .unwrap_or_default()
                .to_string();
            p.resource_type = "EFS".into();
            p.resource_arn = format!(
                "arn:aws:elasticfilesystem:{}:{}:file-system/fs-{id}",
                c.region, c.account
            );
        }
    }
    Ok(json!({
        "BackupVaultName": s.name,
        "BackupVaultArn": vault_arn(c, &s.name),
        "NumberOfRecoveryPoints": n,
    }))
}
