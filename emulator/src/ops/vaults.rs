//! Backup vaults and what hangs off them: access policy, notifications and
//! vault lock (CreateBackupVault ... DeleteBackupVaultLockConfiguration).

use serde_json::{json, Map, Value};

use backup_facts::enums::{VAULT_EVENTS, VAULT_TYPES};
use backup_facts::limits::{MAX_RETENTION_DAYS, MIN_CHANGEABLE_FOR_DAYS};

use super::{air_gapped, aws_vaults, Req};
use crate::error::{AwsError, OpResult};
use crate::state::{vault_arn, Lock, Notifications, Region, Store, Vault};
use crate::util::now;
use crate::validate;

fn not_found(name: &str) -> AwsError {
    AwsError::not_found(format!("Backup vault {name} not found"))
}

/// The vault named in the URI, to change it, or ResourceNotFoundException.
/// AWS-created vaults (`aws/...`) fail the model's name pattern here.
fn vault_mut<'a>(store: &'a mut Store, req: &Req<'_>) -> Result<&'a mut Vault, AwsError> {
    validate::vault_name(req.param(0))?;
    vault_read(store, req)
}

/// The vault named in the URI, to read it (AWS-created vaults included),
/// or ResourceNotFoundException.
fn vault_read<'a>(store: &'a mut Store, req: &Req<'_>) -> Result<&'a mut Vault, AwsError> {
    let name = req.param(0);
    validate::readable_vault_name(name)?;
    store
        .region_mut(req.caller)
        .vaults
        .get_mut(name)
        .ok_or_else(|| not_found(name))
}

/// The vault as DescribeBackupVault and ListBackupVaults show it.
pub fn vault_json(req: &Req<'_>, region: &Region, v: &Vault) -> Value {
    let c = req.caller;
    let mut m = Map::new();
    m.insert("BackupVaultName".into(), json!(v.name));
    m.insert("BackupVaultArn".into(), json!(vault_arn(c, &v.name)));
    m.insert("VaultType".into(), json!(v.vault_type()));
    let state = if v.creating { "CREATING" } else { "AVAILABLE" };
    m.insert("VaultState".into(), json!(state));
    let key = v.encryption_key_arn.clone().unwrap_or_else(|| {
        format!(
            "arn:aws:kms:{}:{}:key/{}",
            c.region, c.account, region.default_key_id
        )
    });
    m.insert("EncryptionKeyArn".into(), json!(key));
    if v.vault_type.is_some() {
        let kind = if v.encryption_key_arn.is_some() {
            "CUSTOMER_MANAGED_KMS_KEY"
        } else {
            "AWS_OWNED_KMS_KEY"
        };
        m.insert("EncryptionKeyType".into(), json!(kind));
    }
    m.insert("CreationDate".into(), json!(v.creation_date));
    if let Some(id) = &v.creator_request_id {
        m.insert("CreatorRequestId".into(), json!(id));
    }
    m.insert(
        "NumberOfRecoveryPoints".into(),
        json!(v.recovery_points.len()),
    );
    let t = now();
    m.insert(
        "Locked".into(),
        json!(v.lock.as_ref().is_some_and(|l| l.locked(t))),
    );
    if let Some(l) = &v.lock {
        if let Some(x) = l.min_retention_days {
            m.insert("MinRetentionDays".into(), json!(x));
        }
        if let Some(x) = l.max_retention_days {
            m.insert("MaxRetentionDays".into(), json!(x));
        }
        if let Some(x) = l.lock_date {
            m.insert("LockDate".into(), json!(x));
        }
    }
    Value::Object(m)
}

pub fn create(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = req.param(0);
    validate::vault_name(name)?;
    let tags = validate::tags(&req.body, "BackupVaultTags")?.unwrap_or_default();
    // Stored (and compared on a retried create) as the key ARN AWS reports.
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
    if let Some(v) = region.vaults.get(name) {
        let same = creator.is_some()
            && v.vault_type.is_none()
            && v.creator_request_id == creator
            && v.tags == tags
            && (key.is_none() || v.encryption_key_arn == key);
        if same {
            return Ok(json!({"BackupVaultName": name, "BackupVaultArn": arn,
                "CreationDate": v.creation_date}));
        }
        return Err(AwsError::already_exists(
            format!("Backup vault with the same name {name} already exists"),
            v.creator_request_id.as_deref(),
            &arn,
        ));
    }
    if let Some(c) = &creator {
        if let Some(other) = region
            .vaults
            .values()
            .find(|v| v.creator_request_id.as_ref() == Some(c))
        {
            return Err(AwsError::already_exists(
                format!("A backup vault was already created with CreatorRequestId {c}"),
                Some(c),
                &vault_arn(req.caller, &other.name),
            ));
        }
    }
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
            ..Vault::default()
        },
    );
    Ok(json!({"BackupVaultName": name, "BackupVaultArn": arn, "CreationDate": created}))
}

pub fn describe(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = req.param(0);
    if let Some(acct) = req.query.get("backupVaultAccountId") {
        if acct != &req.caller.account {
            return Err(AwsError::access_denied());
        }
    }
    let region = store.region_mut(req.caller);
    // Quirk 1: a missing vault answers 403 AccessDeniedException.
    let v = region
        .vaults
        .get(name)
        .ok_or_else(AwsError::access_denied)?;
    let mut out = vault_json(req, region, v);
    air_gapped::describe_extra(v, &mut out);
    air_gapped::settle(region, [name.to_string()]);
    Ok(out)
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults")?;
    let by_type = req.query.get("vaultType");
    if let Some(t) = by_type {
        if !VAULT_TYPES.contains(&t.as_str()) {
            return Err(AwsError::invalid(format!("Invalid vaultType {t}")));
        }
    }
    // No vault is shared with the caller through RAM in the emulator.
    let shared = validate::query_bool(&req.query, "shared")?.unwrap_or(false);
    let region = store.region_mut(req.caller);
    let (items, next) = super::page(
        &region.vaults,
        "vaults",
        req.query.get("nextToken"),
        max,
        |v| !shared && by_type.is_none_or(|t| t == v.vault_type()),
    )?;
    let list: Vec<Value> = items.iter().map(|v| vault_json(req, region, v)).collect();
    let shown: Vec<String> = items.iter().map(|v| v.name.clone()).collect();
    air_gapped::settle(region, shown);
    let mut out = json!({ "BackupVaultList": list });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn delete(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = req.param(0).to_string();
    // DeleteBackupVault's name member has no pattern in the model.
    let v = if validate::is_aws_vault(&name) {
        let v = vault_read(store, req)?;
        return Err(aws_vaults::managed_by_aws(&v.name));
    } else {
        vault_mut(store, req)?
    };
    if !v.recovery_points.is_empty() {
        // AWS's own wording and internal code (gruntwork-io/cloud-nuke#730).
        let mut e = AwsError::invalid_request(
            "Backup vault cannot be deleted because it contains recovery points.",
        );
        e.extra.push(("Code", "ERROR_9101".to_string()));
        return Err(e);
    }
    store.region_mut(req.caller).vaults.remove(&name);
    Ok(json!({}))
}

pub fn put_policy(store: &mut Store, req: &Req<'_>) -> OpResult {
    let policy = validate::req_str(&req.body, "Policy")?.to_string();
    match serde_json::from_str::<Value>(&policy) {
        Ok(Value::Object(_)) => {}
        _ => {
            return Err(AwsError::invalid(
                "Policy is not a valid JSON policy document",
            ))
        }
    }
    vault_mut(store, req)?.access_policy = Some(policy);
    Ok(json!({}))
}

pub fn get_policy(store: &mut Store, req: &Req<'_>) -> OpResult {
    let c = req.caller;
    // Like DescribeBackupVault, a missing vault answers AccessDeniedException
    // here (terraform-provider-aws PR #19749).
    let v = vault_read(store, req).map_err(|e| {
        if e.code == "ResourceNotFoundException" {
            AwsError::access_denied()
        } else {
            e
        }
    })?;
    // AWS's wording (turbot/steampipe-plugin-aws#2032).
    let p = v.access_policy.as_ref().ok_or_else(|| {
        AwsError::not_found(format!(
            "Backup Vault {} has no associated POLICY",
            vault_arn(c, &v.name)
        ))
    })?;
    Ok(json!({"BackupVaultName": v.name, "BackupVaultArn": vault_arn(c, &v.name), "Policy": p}))
}

pub fn delete_policy(store: &mut Store, req: &Req<'_>) -> OpResult {
    vault_mut(store, req)?.access_policy = None;
    Ok(json!({}))
}

pub fn put_notifications(store: &mut Store, req: &Req<'_>) -> OpResult {
    let topic = validate::req_str(&req.body, "SNSTopicArn")?.to_string();
    if !validate::arn_of_service(&topic, "sns") {
        return Err(AwsError::invalid(format!("Invalid SNSTopicArn {topic}")));
    }
    let events = validate::opt_str_list(&req.body, "BackupVaultEvents")?
        .ok_or_else(|| AwsError::missing("BackupVaultEvents is required"))?;
    for e in &events {
        if !VAULT_EVENTS.contains(&e.as_str()) && !req.limits.extra_vault_events.contains(e) {
            // AWS's wording (cloudformation-coverage-roadmap#1188).
            return Err(AwsError::invalid(format!(
                "Please select from the following list of notifications {}",
                VAULT_EVENTS.join(", ")
            )));
        }
    }
    vault_mut(store, req)?.notifications = Some(Notifications {
        sns_topic_arn: topic,
        events,
    });
    Ok(json!({}))
}

pub fn get_notifications(store: &mut Store, req: &Req<'_>) -> OpResult {
    let c = req.caller;
    let v = vault_read(store, req)?;
    let n = v.notifications.as_ref().ok_or_else(|| {
        // AWS's wording and internal code (pulumi/pulumi-aws#2571,
        // turbot/steampipe-plugin-aws#2032).
        let mut e = AwsError::not_found(format!(
            "Failed reading notifications from database for Backup vault {}",
            v.name
        ));
        e.extra.push(("Code", "ERROR_2106".to_string()));
        e
    })?;
    Ok(
        json!({"BackupVaultName": v.name, "BackupVaultArn": vault_arn(c, &v.name),
        "SNSTopicArn": n.sns_topic_arn, "BackupVaultEvents": n.events}),
    )
}

pub fn delete_notifications(store: &mut Store, req: &Req<'_>) -> OpResult {
    vault_mut(store, req)?.notifications = None;
    Ok(json!({}))
}

pub fn put_lock(store: &mut Store, req: &Req<'_>) -> OpResult {
    let min = validate::opt_i64(&req.body, "MinRetentionDays")?;
    let max = validate::opt_i64(&req.body, "MaxRetentionDays")?;
    let changeable = validate::opt_i64(&req.body, "ChangeableForDays")?;
    if let Some(m) = min {
        if !(1..=MAX_RETENTION_DAYS).contains(&m) {
            return Err(AwsError::invalid(format!(
                "MinRetentionDays must be between 1 and {MAX_RETENTION_DAYS}",
            )));
        }
    }
    if let Some(m) = max {
        if !(1..=MAX_RETENTION_DAYS).contains(&m) {
            return Err(AwsError::invalid(format!(
                "MaxRetentionDays must be between 1 and {MAX_RETENTION_DAYS}",
            )));
        }
    }
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            return Err(AwsError::invalid(
                "MinRetentionDays must not be greater than MaxRetentionDays",
            ));
        }
    }
    if let Some(d) = changeable {
        if !(MIN_CHANGEABLE_FOR_DAYS..=MAX_RETENTION_DAYS).contains(&d) {
            return Err(AwsError::invalid(format!(
                "ChangeableForDays must be at least {MIN_CHANGEABLE_FOR_DAYS} days",
            )));
        }
    }
    let t = now();
    let v = vault_mut(store, req)?;
    air_gapped::refuse_lock_change(v)?;
    if v.lock.as_ref().is_some_and(|l| l.immutable(t)) {
        return Err(AwsError::invalid_request(format!(
            "Backup vault {} is locked in compliance mode; its lock configuration cannot be changed",
            v.name
        )));
    }
    v.lock = Some(Lock {
        min_retention_days: min,
        max_retention_days: max,
        lock_date: changeable.map(|d| t + d as f64 * 86400.0),
    });
    Ok(json!({}))
}

pub fn delete_lock(store: &mut Store, req: &Req<'_>) -> OpResult {
    let t = now();
    let v = vault_mut(store, req)?;
    air_gapped::refuse_lock_change(v)?;
    if v.lock.as_ref().is_some_and(|l| l.immutable(t)) {
        return Err(AwsError::invalid_request(format!(
            "Backup vault {} is locked in compliance mode; its lock configuration cannot be deleted",
            v.name
        )));
    }
    v.lock = None;
    Ok(json!({}))
}
