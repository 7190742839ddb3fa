//! Restore jobs, which only the admin API seeds
//! (`/__emulator/restore-jobs`), including those a restore testing plan
//! started (`CreatedBy.RestoreTestingPlanArn`, `ValidationStatus`):
//! ListRestoreJobs with its By* filters, ListRestoreJobsByProtectedResource,
//! ListRestoreJobSummaries and DescribeRestoreJob, for backupctl's `report`.

use backup_facts::audit::{
    RESTORE_DELETION_STATUSES, RESTORE_JOB_STATUSES, RESTORE_JOB_SUMMARY_STATES,
    RESTORE_VALIDATION_STATUSES,
};
use serde_json::{json, Map, Value};

use super::job_lists::{
    eq, newest_first_page, query_enum, query_time, summaries, SummarySpec, Times,
};
use super::Req;
use crate::auth::Caller;
use crate::error::{AwsError, OpResult};
use crate::state::{vault_arn, Store};
use crate::util::uuid;
use crate::validate;

/// RestoreJobsListMember members a seed may set as they are.
const PASS_THROUGH: &[&str] = &[
    "CompletionDate",
    "StatusMessage",
    "PercentDone",
    "BackupSizeInBytes",
    "ExpectedCompletionTimeMinutes",
    "CreatedResourceArn",
    "RecoveryPointCreationDate",
    "IsParent",
    "ParentJobId",
    "ValidationStatusMessage",
    "DeletionStatusMessage",
];

/// Builds a restore job from an admin seed entry: `Status`, `CreationDate`
/// (epoch seconds) and `ResourceType` are required; `BackupVaultName`,
/// `RestoreTestingPlanArn` (becomes `CreatedBy`), `ValidationStatus`,
/// `DeletionStatus` and the pass-through members are optional.
pub fn job_from_seed(c: &Caller, seed: &Value) -> Result<Value, String> {
    let obj = seed.as_object().ok_or("restore job: must be an object")?;
    let s = |k: &str| obj.get(k).and_then(Value::as_str);
    let need = |k: &str| s(k).ok_or_else(|| format!("restore job: {k} is required"));
    let status = need("Status")?;
    if !RESTORE_JOB_STATUSES.contains(&status) {
        return Err(format!("restore job: invalid Status {status}"));
    }
    let created = obj
        .get("CreationDate")
        .and_then(Value::as_f64)
        .ok_or("restore job: CreationDate (epoch seconds) is required")?;
    let mut job = Map::new();
    for (k, v) in obj {
        let own = [
            "Status",
            "CreationDate",
            "ResourceType",
            "RestoreJobId",
            "RecoveryPointArn",
            "SourceResourceArn",
            "BackupVaultName",
            "RestoreTestingPlanArn",
            "ValidationStatus",
            "DeletionStatus",
        ];
        if PASS_THROUGH.contains(&k.as_str()) {
            job.insert(k.clone(), v.clone());
        } else if !own.contains(&k.as_str()) {
            return Err(format!("restore job: unknown member {k}"));
        }
    }
    let mut job = Value::Object(job);
    for (k, allowed) in [
        ("ValidationStatus", RESTORE_VALIDATION_STATUSES),
        ("DeletionStatus", RESTORE_DELETION_STATUSES),
    ] {
        if let Some(v) = s(k) {
            if !allowed.contains(&v) {
                return Err(format!("restore job: invalid {k} {v}"));
            }
            job[k] = json!(v);
        }
    }
    job["AccountId"] = json!(c.account);
    job["RestoreJobId"] = json!(s("RestoreJobId").map(str::to_string).unwrap_or_else(uuid));
    job["RecoveryPointArn"] =
        json!(s("RecoveryPointArn")
            .map(str::to_string)
            .unwrap_or_else(|| format!(
                "arn:aws:backup:{}:{}:recovery-point:{}",
                c.region,
                c.account,
                uuid()
            )));
    if let Some(r) = s("SourceResourceArn") {
        job["SourceResourceArn"] = json!(r);
    }
    if let Some(v) = s("BackupVaultName") {
        job["BackupVaultArn"] = json!(vault_arn(c, v));
    }
    job["ResourceType"] = json!(need("ResourceType")?);
    job["Status"] = json!(status);
    job["CreationDate"] = json!(created);
    job["IamRoleArn"] = json!(format!(
        "arn:aws:iam::{}:role/service-role/AWSBackupDefaultServiceRole",
        c.account
    ));
    if let Some(p) = s("RestoreTestingPlanArn") {
        job["CreatedBy"] = json!({ "RestoreTestingPlanArn": p });
    }
    Ok(job)
}

fn plan_of(job: &Value) -> Option<&str> {
    job["CreatedBy"]["RestoreTestingPlanArn"].as_str()
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let q = &req.query;
    validate::query_patterns(q, &["resourceType"], &["accountId"])?;
    query_enum(req, "status", RESTORE_JOB_STATUSES)?;
    let times = Times::parse(req)?;
    let region = store.region_mut(req.caller);
    let hits: Vec<&Value> = region
        .restore_jobs
        .iter()
        .filter(|j| {
            eq(q, j, "AccountId", "accountId")
                && eq(q, j, "ResourceType", "resourceType")
                && eq(q, j, "Status", "status")
                && eq(q, j, "ParentJobId", "parentJobId")
                && q.get("restoreTestingPlanArn")
                    .is_none_or(|p| plan_of(j) == Some(p.as_str()))
                && times.keep(j)
        })
        .collect();
    let (page, next) = newest_first_page(hits, "RestoreJobId", "restore-jobs", req)?;
    let mut out = json!({ "RestoreJobs": page });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn list_by_resource(store: &mut Store, req: &Req<'_>) -> OpResult {
    let arn = req.param(0).to_string();
    let q = &req.query;
    query_enum(req, "status", RESTORE_JOB_STATUSES)?;
    let after = query_time(req, "recoveryPointCreationDateAfter")?;
    let before = query_time(req, "recoveryPointCreationDateBefore")?;
    let region = store.region_mut(req.caller);
    let hits: Vec<&Value> = region
        .restore_jobs
        .iter()
        .filter(|j| {
            let rp = j["RecoveryPointCreationDate"].as_f64();
            j["SourceResourceArn"].as_str() == Some(arn.as_str())
                && eq(q, j, "Status", "status")
                && after.is_none_or(|t| rp.is_some_and(|d| d > t))
                && before.is_none_or(|t| rp.is_some_and(|d| d < t))
        })
        .collect();
    let (page, next) = newest_first_page(hits, "RestoreJobId", "restore-jobs-by-resource", req)?;
    let mut out = json!({ "RestoreJobs": page });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn describe(store: &mut Store, req: &Req<'_>) -> OpResult {
    let id = req.param(0);
    let region = store.region_mut(req.caller);
    region
        .restore_jobs
        .iter()
        .find(|j| j["RestoreJobId"].as_str() == Some(id))
        .cloned()
        .ok_or_else(|| AwsError::not_found(format!("Restore job {id} not found")))
}

pub fn list_summaries(store: &mut Store, req: &Req<'_>) -> OpResult {
    let region = store.region_mut(req.caller);
    summaries(
        &region.restore_jobs,
        req,
        &SummarySpec {
            state_member: "Status",
            states: RESTORE_JOB_SUMMARY_STATES,
            categories: false,
            kind: "restore-summaries",
            list_member: "RestoreJobSummaries",
        },
    )
}
