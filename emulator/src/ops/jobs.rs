//! Backup jobs and recovery points, which only the admin API seeds (the
//! emulator runs no backups): ListBackupJobs with its By* filters,
//! ListBackupJobSummaries and ListRecoveryPointsByBackupVault.

use std::collections::BTreeMap;

use backup_facts::enums::JOB_STATES;
use serde_json::{json, Value};

use super::Req;
use crate::auth::Caller;
use crate::error::{AwsError, OpResult};
use crate::state::{vault_arn, RecoveryPoint, Store};
use crate::util::{make_token, now, parse_timestamp, read_token, uuid};
use crate::validate;

fn offset_token(
    kind: &str,
    q: &std::collections::HashMap<String, String>,
    name: &str,
) -> Result<usize, AwsError> {
    match q.get(name) {
        None => Ok(0),
        Some(t) => read_token(kind, t)?
            .parse()
            .map_err(|_| AwsError::invalid(format!("Invalid NextToken: {t}"))),
    }
}

fn query_time(req: &Req<'_>, name: &str) -> Result<Option<f64>, AwsError> {
    match req.query.get(name) {
        None => Ok(None),
        Some(s) => parse_timestamp(s)
            .map(Some)
            .ok_or_else(|| AwsError::invalid(format!("Invalid timestamp {s} for {name}"))),
    }
}

/// Builds a BackupJob from an admin seed entry.
pub fn job_from_seed(c: &Caller, seed: &Value) -> Result<Value, String> {
    let s = |k: &str| seed.get(k).and_then(Value::as_str);
    let need = |k: &str| s(k).ok_or_else(|| format!("job: {k} is required"));
    let vault = need("BackupVaultName")?;
    let state = need("State")?;
    if !JOB_STATES.contains(&state) {
        return Err(format!("job: invalid State {state}"));
    }
    let created = seed
        .get("CreationDate")
        .and_then(Value::as_f64)
        .ok_or("job: CreationDate (epoch seconds) is required")?;
    let mut job = json!({
        "AccountId": c.account,
        "BackupJobId": s("BackupJobId").map(str::to_string).unwrap_or_else(uuid),
        "BackupVaultName": vault,
        "BackupVaultArn": vault_arn(c, vault),
        "ResourceArn": need("ResourceArn")?,
        "ResourceType": need("ResourceType")?,
        "State": state,
        "CreationDate": created,
        "IamRoleArn": format!("arn:aws:iam::{}:role/service-role/AWSBackupDefaultServiceRole", c.account),
    });
    let category = s("MessageCategory").or(if state == "COMPLETED" {
        Some("SUCCESS")
    } else {
        None
    });
    if let Some(m) = category {
        job["MessageCategory"] = json!(m);
    }
    if let Some(d) = seed.get("CompletionDate").and_then(Value::as_f64) {
        job["CompletionDate"] = json!(d);
    }
    if let Some(m) = s("StatusMessage") {
        job["StatusMessage"] = json!(m);
    }
    if let Some(p) = s("BackupPlanId") {
        let mut by = json!({"BackupPlanId": p,
            "BackupPlanArn": crate::state::plan_arn(c, p)});
        if let Some(r) = s("BackupRuleId") {
            by["BackupRuleId"] = json!(r);
        }
        job["CreatedBy"] = by;
    }
    Ok(job)
}

pub fn list_jobs(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults")?;
    let start = offset_token("jobs", &req.query, "nextToken")?;
    let q = &req.query;
    validate::query_patterns(q, &["resourceType"], &["accountId"])?;
    if let Some(s) = q.get("state") {
        if !JOB_STATES.contains(&s.as_str()) {
            return Err(AwsError::invalid(format!("Invalid state {s}")));
        }
    }
    if let Some(v) = q.get("backupVaultName") {
        validate::readable_vault_name(v)?;
    }
    let (cb, ca) = (
        query_time(req, "createdBefore")?,
        query_time(req, "createdAfter")?,
    );
    let (pb, pa) = (
        query_time(req, "completeBefore")?,
        query_time(req, "completeAfter")?,
    );
    let eq = |job: &Value, member: &str, param: &str| {
        q.get(param)
            .is_none_or(|want| job[member].as_str() == Some(want.as_str()))
    };
    let region = store.region_mut(req.caller);
    let mut hits: Vec<&Value> = region
        .jobs
        .iter()
        .filter(|j| {
            eq(j, "ResourceArn", "resourceArn")
                && eq(j, "State", "state")
                && eq(j, "BackupVaultName", "backupVaultName")
                && eq(j, "ResourceType", "resourceType")
                && eq(j, "AccountId", "accountId")
                && eq(j, "ParentJobId", "parentJobId")
                && (q
                    .get("messageCategory")
                    .is_some_and(|m| m == "ANY" || m == "AGGREGATE_ALL")
                    || eq(j, "MessageCategory", "messageCategory"))
        })
        .filter(|j| {
            let c = j["CreationDate"].as_f64().unwrap_or(0.0);
            let d = j["CompletionDate"].as_f64();
            cb.is_none_or(|t| c < t)
                && ca.is_none_or(|t| c > t)
                && pb.is_none_or(|t| d.is_some_and(|d| d < t))
                && pa.is_none_or(|t| d.is_some_and(|d| d > t))
        })
        .collect();
    hits.sort_by(|a, b| {
        let ka = a["CreationDate"].as_f64().unwrap_or(0.0);
        let kb = b["CreationDate"].as_f64().unwrap_or(0.0);
        kb.total_cmp(&ka)
            .then_with(|| a["BackupJobId"].as_str().cmp(&b["BackupJobId"].as_str()))
    });
    let end = (start + max).min(hits.len());
    let page: Vec<Value> = hits
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|j| (*j).clone())
        .collect();
    let mut out = json!({ "BackupJobs": page });
    if end < hits.len() {
        out["NextToken"] = json!(make_token("jobs", &end.to_string()));
    }
    Ok(out)
}

/// Grouping value for a summary dimension: a specific value filters,
/// AGGREGATE_ALL sums across values, ANY (or nothing) groups by value.
fn dimension(filter: Option<&String>, value: &str) -> Option<String> {
    match filter.map(String::as_str) {
        None | Some("ANY") => Some(value.to_string()),
        Some("AGGREGATE_ALL") => Some("AGGREGATE_ALL".into()),
        Some(f) if f == value => Some(value.to_string()),
        Some(_) => None,
    }
}

pub fn summaries(store: &mut Store, req: &Req<'_>) -> OpResult {
    let q = &req.query;
    let max = validate::max_results(q, "MaxResults")?;
    let start = offset_token("summaries", q, "NextToken")?;
    validate::query_patterns(q, &["ResourceType"], &[])?;
    let period = q
        .get("AggregationPeriod")
        .map(String::as_str)
        .unwrap_or("ONE_DAY");
    let days = match period {
        "ONE_DAY" | "FOURTEEN_DAYS" => 14.0,
        "SEVEN_DAYS" => 7.0,
        p => return Err(AwsError::invalid(format!("Invalid AggregationPeriod {p}"))),
    };
    if let Some(s) = q.get("State") {
        if !JOB_STATES.contains(&s.as_str()) && s != "ANY" && s != "AGGREGATE_ALL" {
            return Err(AwsError::invalid(format!("Invalid State {s}")));
        }
    }
    if let Some(a) = q.get("AccountId") {
        if a != "ANY" && a != "AGGREGATE_ALL" && !backup_facts::names::is_account_id(a) {
            return Err(AwsError::invalid(format!("Invalid AccountId {a}")));
        }
    }
    let t = now();
    let from = t - days * 86400.0;
    let region = store.region_mut(req.caller);
    type Key = (i64, String, String, String, String);
    let mut groups: BTreeMap<Key, (f64, f64, i64)> = BTreeMap::new();
    for j in &region.jobs {
        let created = j["CreationDate"].as_f64().unwrap_or(0.0);
        if created < from || created > t {
            continue;
        }
        let s = |k: &str| j[k].as_str().unwrap_or_default().to_string();
        let (Some(acct), Some(state), Some(rtype), Some(cat)) = (
            // Only the caller's account is visible: AccountId filters, never groups.
            match q.get("AccountId").map(String::as_str) {
                None | Some("ANY") | Some("AGGREGATE_ALL") => Some(s("AccountId")),
                Some(a) if a == s("AccountId") => Some(s("AccountId")),
                Some(_) => None,
            },
            dimension(q.get("State"), &s("State")),
            dimension(q.get("ResourceType"), &s("ResourceType")),
            dimension(q.get("MessageCategory"), &s("MessageCategory")),
        ) else {
            continue;
        };
        let (bucket, st, en) = if period == "ONE_DAY" {
            let day = (created / 86400.0).floor();
            (day as i64, day * 86400.0, day * 86400.0 + 86400.0)
        } else {
            (0, from, t)
        };
        let e = groups
            .entry((-bucket, acct, state, rtype, cat))
            .or_insert((st, en, 0));
        e.2 += 1;
    }
    let all: Vec<Value> = groups
        .into_iter()
        .map(|((_, acct, state, rtype, cat), (st, en, n))| {
            let mut m = json!({"Region": req.caller.region, "AccountId": acct, "State": state,
                "ResourceType": rtype, "Count": n, "StartTime": st, "EndTime": en});
            if !cat.is_empty() {
                m["MessageCategory"] = json!(cat);
            }
            m
        })
        .collect();
    let end = (start + max).min(all.len());
    let mut out = json!({"BackupJobSummaries": all.get(start..end).unwrap_or_default(),
        "AggregationPeriod": period});
    if end < all.len() {
        out["NextToken"] = json!(make_token("summaries", &end.to_string()));
    }
    Ok(out)
}

/// Adds `count` completed recovery points to a vault (admin API).
pub fn seed_recovery_points(
    store: &mut Store,
    c: &Caller,
    vault: &str,
    count: usize,
) -> Result<usize, String> {
    let v = store
        .region_mut(c)
        .vaults
        .get_mut(vault)
        .ok_or_else(|| format!("vault {vault} does not exist in {}/{}", c.account, c.region))?;
    let t = now();
    for _ in 0..count {
        let id = uuid();
        v.recovery_points.push(RecoveryPoint {
            recovery_point_arn: format!(
                "arn:aws:backup:{}:{}:recovery-point:{id}",
                c.region, c.account
            ),
            resource_arn: format!(
                "arn:aws:ec2:{}:{}:volume/vol-{}",
                c.region,
                c.account,
                &id[..17].replace('-', "")
            ),
            resource_type: "EBS".into(),
            creation_date: t,
            status: "COMPLETED".into(),
            backup_size_in_bytes: 1 << 30,
        });
    }
    Ok(v.recovery_points.len())
}

pub fn list_recovery_points(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults")?;
    let start = offset_token("points", &req.query, "nextToken")?;
    validate::query_patterns(&req.query, &["resourceType"], &["backupVaultAccountId"])?;
    validate::readable_vault_name(req.param(0))?;
    if req
        .query
        .get("backupVaultAccountId")
        .is_some_and(|a| *a != req.caller.account)
    {
        return Err(AwsError::access_denied());
    }
    let (cb, ca) = (
        query_time(req, "createdBefore")?,
        query_time(req, "createdAfter")?,
    );
    let name = req.param(0);
    let region = store.region_mut(req.caller);
    let key = format!(
        "arn:aws:kms:{}:{}:key/{}",
        req.caller.region, req.caller.account, region.default_key_id
    );
    // Like DescribeBackupVault, a missing vault answers AccessDeniedException.
    let v = region
        .vaults
        .get(name)
        .ok_or_else(AwsError::access_denied)?;
    let hits: Vec<&RecoveryPoint> = v
        .recovery_points
        .iter()
        .filter(|p| {
            req.query
                .get("resourceArn")
                .is_none_or(|a| *a == p.resource_arn)
                && req
                    .query
                    .get("resourceType")
                    .is_none_or(|a| *a == p.resource_type)
                && cb.is_none_or(|t| p.creation_date < t)
                && ca.is_none_or(|t| p.creation_date > t)
        })
        .collect();
    let end = (start + max).min(hits.len());
    let arn = vault_arn(req.caller, name);
    let key = v.encryption_key_arn.clone().unwrap_or(key);
    let list: Vec<Value> = hits
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|p| {
            json!({"RecoveryPointArn": p.recovery_point_arn, "BackupVaultName": name,
                "BackupVaultArn": arn, "ResourceArn": p.resource_arn,
                "ResourceType": p.resource_type, "Status": p.status,
                "CreationDate": p.creation_date, "CompletionDate": p.creation_date,
                "BackupSizeInBytes": p.backup_size_in_bytes, "EncryptionKeyArn": key,
                "IsEncrypted": true, "VaultType": "BACKUP_VAULT",
                "IamRoleArn": format!("arn:aws:iam::{}:role/service-role/AWSBackupDefaultServiceRole", req.caller.account)})
        })
        .collect();
    let mut out = json!({ "RecoveryPoints": list });
    if end < hits.len() {
        out["NextToken"] = json!(make_token("points", &end.to_string()));
    }
    Ok(out)
}
