//! Logically air-gapped vaults and what only they have: their creation
//! (retention fixed at creation, shown as a lock), the MPA approval team
//! and the restore access vaults linked to them. They live in the same
//! vault map as standard vaults (one name space, as in AWS), so describe,
//! list, tags, access policy, notifications and delete are the vault
//! operations; this module adds the `VaultState` transition
//! (`CREATING` until the first read that shows the vault, then
//! `AVAILABLE`: deterministic, see KNOWN_DIFFERENCES.md) and the
//! operations of their own.

use serde_json::{json, Map, Value};

use backup_facts::limits::MAX_RETENTION_DAYS;

use super::Req;
use crate::error::{AwsError, OpResult};
use crate::state::{vault_arn, Lock, Region, Store, Vault};
use crate::util::now;
use crate::validate;

pub const AIR_GAPPED: &str = "LOGICALLY_AIR_GAPPED_BACKUP_VAULT";
pub const RESTORE_ACCESS: &str = "RESTORE_ACCESS_BACKUP_VAULT";

/// The smallest MinRetentionDays AWS accepts for an air-gapped vault
/// (AWS Backup developer guide, "Create a logically air-gapped vault").
pub const MIN_AIR_GAPPED_RETENTION_DAYS: i64 = 7;

/// Vaults shown by a read stop being `CREATING` (the next read sees them
/// `AVAILABLE`).
pub fn settle(region: &mut Region, shown: impl IntoIterator<Item = String>) {
    for name in shown {
        if let Some(v) = region.vaults.get_mut(&name) {
            v.creating = false;
        }
    }
}

/// DescribeBackupVault's members only some vaults have.
pub fn describe_extra(v: &Vault, out: &mut Value) {
    let m = out.as_object_mut().expect("vault json is an object");
    if let Some(a) = &v.source_vault_arn {
        m.insert("SourceBackupVaultArn".into(), json!(a));
    }
    if let Some(a) = &v.mpa_approval_team_arn {
        m.insert("MpaApprovalTeamArn".into(), json!(a));
    }
}

/// Vault lock operations on a vault whose retention is not a vault lock.
pub fn refuse_lock_change(v: &Vault) -> Result<(), AwsError> {
    if v.vault_type.is_none() {
        return Ok(());
    }
    Err(AwsError::invalid_request(format!(
        "Vault lock configuration cannot be changed on backup vault {} of type {}",
        v.name,
        v.vault_type()
    )))
}

fn retention(body: &Value, key: &str) -> Result<i64, AwsError> {
    let d = validate::opt_i64(body, key)?
        .ok_or_else(|| AwsError::missing(format!("{key} is required")))?;
    if !(MIN_AIR_GAPPED_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&d) {
        return Err(AwsError::invalid(format!(
            "{key} must be between {MIN_AIR_GAPPED_RETENTION_DAYS} and {MAX_RETENTION_DAYS}"
        )));
    }
    Ok(d)
}

pub fn create(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = req.param(0);
    validate::vault_name(name)?;
    let min = retention(&req.body, "MinRetentionDays")?;
    let max = retention(&req.body, "MaxRetentionDays")?;
    if min > max {
        return Err(AwsError::invalid(
            "MinRetentionDays must not be greater than MaxRetentionDays",
        ));
    }
    let tags = validate::tags(&req.body, "BackupVaultTags")?.unwrap_or_default();
    let key = match validate::opt_str(&req.body, "EncryptionKeyArn")? {
        Some(k) => Some(super::kms::resolve(
            store,
            req.caller,
            k,
            req.limits.refuse_kms_aliases,
        )?),
        None => None,
    };
    let creator = validate::creator_request_id(&req.body)?;
    let limit = req.limits.vaults_per_region;
    let region = store.region_mut(req.caller);
    let arn = vault_arn(req.caller, name);
    let lock = Lock {
        min_retention_days: Some(min),
        max_retention_days: Some(max),
        lock_date: None,
    };
    if let Some(v) = region.vaults.get(name) {
        let same = creator.is_some()
            && v.vault_type.as_deref() == Some(AIR_GAPPED)
            && v.creator_request_id == creator
            && v.tags == tags
            && v.lock
                .as_ref()
                .map(|l| (l.min_retention_days, l.max_retention_days))
                == Some((Some(min), Some(max)))
            && (key.is_none() || v.encryption_key_arn == key);
        if same {
            let state = if v.creating { "CREATING" } else { "AVAILABLE" };
            return Ok(json!({"BackupVaultName": name, "BackupVaultArn": arn,
                "CreationDate": v.creation_date, "VaultState": state}));
        }
        return Err(AwsError::already_exists(
            format!("Backup vault with the same name {name} already exists"),
            v.creator_request_id.as_deref(),
            &arn,
        ));
    }
    check_creator(region, req, creator.as_deref())?;
    if region.vaults.len() >= limit {
        return Err(AwsError::limit(format!(
            "Maximum number of backup vaults ({limit}) reached in this region"
        )));
    }
    let created = now();
    region.vaults.insert(
        name.to_string(),
        Vault {
            name: name.to_string(),
            creation_date: created,
            creator_request_id: creator,
            encryption_key_arn: key,
            tags,
            lock: Some(lock),
            vault_type: Some(AIR_GAPPED.to_string()),
            creating: true,
            ..Vault::default()
        },
    );
    Ok(json!({"BackupVaultName": name, "BackupVaultArn": arn,
        "CreationDate": created, "VaultState": "CREATING"}))
}

/// A CreatorRequestId already used by another vault is refused.
fn check_creator(region: &Region, req: &Req<'_>, creator: Option<&str>) -> Result<(), AwsError> {
    let Some(c) = creator else { return Ok(()) };
    match region
        .vaults
        .values()
        .find(|v| v.creator_request_id.as_deref() == Some(c))
    {
        Some(other) => Err(AwsError::already_exists(
            format!("A backup vault was already created with CreatorRequestId {c}"),
            Some(c),
            &vault_arn(req.caller, &other.name),
        )),
        None => Ok(()),
    }
}

/// The air-gapped vault named in the URI, or ResourceNotFoundException
/// (also for a vault of another type: only air-gapped vaults have these).
fn air_gapped_mut<'a>(store: &'a mut Store, req: &Req<'_>) -> Result<&'a mut Vault, AwsError> {
    let name = req.param(0);
    validate::vault_name(name)?;
    match store.region_mut(req.caller).vaults.get_mut(name) {
        Some(v) if v.vault_type.as_deref() == Some(AIR_GAPPED) => Ok(v),
        _ => Err(AwsError::not_found(format!(
            "Logically air-gapped backup vault {name} not found"
        ))),
    }
}

/// `arn:aws:mpa:REGION:ACCOUNT:approval-team/ID`.
pub fn mpa_team_arn_ok(s: &str) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[2] == "mpa"
        && parts[5]
            .strip_prefix("approval-team/")
            .is_some_and(|id| !id.is_empty())
}

pub fn associate_mpa(store: &mut Store, req: &Req<'_>) -> OpResult {
    let team = validate::req_str(&req.body, "MpaApprovalTeamArn")?.to_string();
    validate::opt_str(&req.body, "RequesterComment")?;
    if !mpa_team_arn_ok(&team) {
        return Err(AwsError::invalid(format!(
            "Invalid MpaApprovalTeamArn {team}"
        )));
    }
    air_gapped_mut(store, req)?.mpa_approval_team_arn = Some(team);
    Ok(json!({}))
}

pub fn disassociate_mpa(store: &mut Store, req: &Req<'_>) -> OpResult {
    validate::opt_str(&req.body, "RequesterComment")?;
    let v = air_gapped_mut(store, req)?;
    if v.mpa_approval_team_arn.take().is_none() {
        return Err(AwsError::invalid_request(format!(
            "Backup vault {} has no associated MPA approval team",
            v.name
        )));
    }
    Ok(json!({}))
}

/// `arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME` -> NAME, if the ARN
/// is of the caller's account and region.
fn local_vault_name<'a>(req: &Req<'_>, arn: &'a str) -> Option<&'a str> {
    let prefix = vault_arn(req.caller, "");
    arn.strip_prefix(prefix.as_str())
}

pub fn create_restore_access(store: &mut Store, req: &Req<'_>) -> OpResult {
    let source = validate::req_str(&req.body, "SourceBackupVaultArn")?.to_string();
    let name = match validate::opt_str(&req.body, "BackupVaultName")? {
        Some(n) => {
            validate::vault_name(n)?;
            n.to_string()
        }
        None => format!("restore-access-{}", &crate::util::uuid()[..8]),
    };
    let tags = validate::tags(&req.body, "BackupVaultTags")?.unwrap_or_default();
    let creator = validate::creator_request_id(&req.body)?;
    validate::opt_str(&req.body, "RequesterComment")?;
    let limit = req.limits.vaults_per_region;
    let missing = || AwsError::not_found(format!("Backup vault {source} not found"));
    let source_name = local_vault_name(req, &source)
        .ok_or_else(missing)?
        .to_string();
    let region = store.region_mut(req.caller);
    match region.vaults.get(&source_name) {
        Some(v) if v.vault_type.as_deref() == Some(AIR_GAPPED) => {}
        Some(_) => {
            return Err(AwsError::invalid_request(format!(
                "Source backup vault {source} is not a logically air-gapped backup vault"
            )))
        }
        None => return Err(missing()),
    }
    let arn = vault_arn(req.caller, &name);
    if let Some(v) = region.vaults.get(&name) {
        let same = creator.is_some()
            && v.creator_request_id == creator
            && v.source_vault_arn.as_deref() == Some(source.as_str());
        if same {
            let state = if v.creating { "CREATING" } else { "AVAILABLE" };
            return Ok(json!({"RestoreAccessBackupVaultArn": arn,
                "RestoreAccessBackupVaultName": name,
                "CreationDate": v.creation_date, "VaultState": state}));
        }
        return Err(AwsError::already_exists(
            format!("Backup vault with the same name {name} already exists"),
            v.creator_request_id.as_deref(),
            &arn,
        ));
    }
    check_creator(region, req, creator.as_deref())?;
    if region.vaults.len() >= limit {
        return Err(AwsError::limit(format!(
            "Maximum number of backup vaults ({limit}) reached in this region"
        )));
    }
    let created = now();
    region.vaults.insert(
        name.clone(),
        Vault {
            name: name.clone(),
            creation_date: created,
            creator_request_id: creator,
            tags,
            vault_type: Some(RESTORE_ACCESS.to_string()),
            creating: true,
            source_vault_arn: Some(source),
            ..Vault::default()
        },
    );
    Ok(
        json!({"RestoreAccessBackupVaultArn": arn, "RestoreAccessBackupVaultName": name,
        "CreationDate": created, "VaultState": "CREATING"}),
    )
}

pub fn list_restore_access(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults")?;
    let source = vault_arn(req.caller, air_gapped_mut(store, req)?.name.as_str());
    let region = store.region_mut(req.caller);
    let (items, next) = super::page(
        &region.vaults,
        "restore-access-vaults",
        req.query.get("nextToken"),
        max,
        |v| v.source_vault_arn.as_deref() == Some(source.as_str()),
    )?;
    let list: Vec<Value> = items
        .iter()
        .map(|v| {
            let mut m = Map::new();
            m.insert(
                "RestoreAccessBackupVaultArn".into(),
                json!(vault_arn(req.caller, &v.name)),
            );
            m.insert("CreationDate".into(), json!(v.creation_date));
            // The emulator approves at once (no MPA session).
            m.insert("ApprovalDate".into(), json!(v.creation_date));
            let state = if v.creating { "CREATING" } else { "AVAILABLE" };
            m.insert("VaultState".into(), json!(state));
            Value::Object(m)
        })
        .collect();
    let shown: Vec<String> = items.iter().map(|v| v.name.clone()).collect();
    settle(region, shown);
    let mut out = json!({ "RestoreAccessBackupVaults": list });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn revoke_restore_access(store: &mut Store, req: &Req<'_>) -> OpResult {
    let source = vault_arn(req.caller, air_gapped_mut(store, req)?.name.as_str());
    let target = req.param(1).to_string();
    let missing = || AwsError::not_found(format!("Restore access backup vault {target} not found"));
    let name = local_vault_name(req, &target)
        .ok_or_else(missing)?
        .to_string();
    let region = store.region_mut(req.caller);
    match region.vaults.get(&name) {
        Some(v) if v.source_vault_arn.as_deref() == Some(source.as_str()) => {}
        _ => return Err(missing()),
    }
    region.vaults.remove(&name);
    Ok(json!({}))
}
