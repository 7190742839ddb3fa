//! Copy jobs, which only the admin API seeds (`/__emulator/copy-jobs`):
//! ListCopyJobs with its By* filters, ListCopyJobSummaries and
//! DescribeCopyJob, for backupctl's `report`.

use backup_facts::audit::{COPY_JOB_STATES, COPY_JOB_SUMMARY_STATES};
use serde_json::{json, Map, Value};

use super::job_lists::{eq, newest_first_page, query_enum, summaries, SummarySpec, Times};
use super::Req;
use crate::auth::Caller;
use crate::error::{AwsError, OpResult};
use crate::state::{plan_arn, vault_arn, Store};
use crate::util::uuid;
use crate::validate;

/// CopyJob members a seed may set as they are.
const PASS_THROUGH: &[&str] = &[
    "CompletionDate",
    "StatusMessage",
    "BackupSizeInBytes",
    "DestinationRecoveryPointArn",
    "DestinationEncryptionKeyArn",
    "DestinationVaultType",
    "DestinationVaultLockState",
    "ParentJobId",
    "IsParent",
    "NumberOfChildJobs",
    "CompositeMemberIdentifier",
    "ResourceName",
    "CreatedByBackupJobId",
    "MessageCategory",
];

/// Seed members that are not CopyJob members.
const SEED_ONLY: &[&str] = &[
    "SourceBackupVaultName",
    "DestinationBackupVaultName",
    "BackupPlanId",
    "BackupRuleId",
];

/// Builds a CopyJob from an admin seed entry: `State`, `CreationDate`
/// (epoch seconds), `ResourceArn`, `ResourceType`,
/// `SourceBackupVaultName` and `DestinationBackupVaultArn` (or
/// `DestinationBackupVaultName`, a vault of the same account) are
/// required; ids, ARNs and the role are filled in.
pub fn job_from_seed(c: &Caller, seed: &Value) -> Result<Value, String> {
    let obj = seed.as_object().ok_or("copy job: must be an object")?;
    let s = |k: &str| obj.get(k).and_then(Value::as_str);
    let need = |k: &str| s(k).ok_or_else(|| format!("copy job: {k} is required"));
    let state = need("State")?;
    if !COPY_JOB_STATES.contains(&state) {
        return Err(format!("copy job: invalid State {state}"));
    }
    let created = obj
        .get("CreationDate")
        .and_then(Value::as_f64)
        .ok_or("copy job: CreationDate (epoch seconds) is required")?;
    let source = need("SourceBackupVaultName")?;
    let dest = match (
        s("DestinationBackupVaultArn"),
        s("DestinationBackupVaultName"),
    ) {
        (Some(a), _) => a.to_string(),
        (None, Some(n)) => vault_arn(c, n),
        _ => return Err("copy job: DestinationBackupVaultArn is required".into()),
    };
    let mut job = Map::new();
    for (k, v) in obj {
        let known = PASS_THROUGH.contains(&k.as_str())
            || SEED_ONLY.contains(&k.as_str())
            || [
                "State",
                "CreationDate",
                "ResourceArn",
                "ResourceType",
                "CopyJobId",
                "SourceRecoveryPointArn",
                "DestinationBackupVaultArn",
            ]
            .contains(&k.as_str());
        if !known {
            return Err(format!("copy job: unknown member {k}"));
        }
        if PASS_THROUGH.contains(&k.as_str()) {
            job.insert(k.clone(), v.clone());
        }
    }
    let mut job = Value::Object(job);
    job["AccountId"] = json!(c.account);
    job["CopyJobId"] = json!(s("CopyJobId").map(str::to_string).unwrap_or_else(uuid));
    job["SourceBackupVaultArn"] = json!(vault_arn(c, source));
    job["SourceRecoveryPointArn"] = json!(s("SourceRecoveryPointArn")
        .map(str::to_string)
        .unwrap_or_else(|| format!(
            "arn:aws:backup:{}:{}:recovery-point:{}",
            c.region,
            c.account,
            uuid()
        )));
    job["DestinationBackupVaultArn"] = json!(dest);
    job["ResourceArn"] = json!(need("ResourceArn")?);
    job["ResourceType"] = json!(need("ResourceType")?);
    job["State"] = json!(state);
    job["CreationDate"] = json!(created);
    job["IamRoleArn"] = json!(format!(
        "arn:aws:iam::{}:role/service-role/AWSBackupDefaultServiceRole",
        c.account
    ));
    if job.get("MessageCategory").is_none() && state == "COMPLETED" {
        job["MessageCategory"] = json!("SUCCESS");
    }
    if let Some(p) = s("BackupPlanId") {
        let mut by = json!({"BackupPlanId": p, "BackupPlanArn": plan_arn(c, p)});
        if let Some(r) = s("BackupRuleId") {
            by["BackupRuleId"] = json!(r);
        }
        job["CreatedBy"] = by;
    }
    Ok(job)
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let q = &req.query;
    validate::query_patterns(q, &["resourceType"], &["accountId"])?;
    query_enum(req, "state", COPY_JOB_STATES)?;
    let times = Times::parse(req)?;
    let region = store.region_mut(req.caller);
    let hits: Vec<&Value> = region
        .copy_jobs
        .iter()
        .filter(|j| {
            eq(q, j, "ResourceArn", "resourceArn")
                && eq(q, j, "State", "state")
                && eq(q, j, "ResourceType", "resourceType")
                && eq(q, j, "DestinationBackupVaultArn", "destinationVaultArn")
                && eq(q, j, "AccountId", "accountId")
                && eq(q, j, "ParentJobId", "parentJobId")
                && eq(q, j, "SourceRecoveryPointArn", "sourceRecoveryPointArn")
                && (q
                    .get("messageCategory")
                    .is_some_and(|m| m == "ANY" || m == "AGGREGATE_ALL")
                    || eq(q, j, "MessageCategory", "messageCategory"))
                && times.keep(j)
        })
        .collect();
    let (page, next) = newest_first_page(hits, "CopyJobId", "copy-jobs", req)?;
    let mut out = json!({ "CopyJobs": page });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn describe(store: &mut Store, req: &Req<'_>) -> OpResult {
    let id = req.param(0);
    let region = store.region_mut(req.caller);
    let job = region
        .copy_jobs
        .iter()
        .find(|j| j["CopyJobId"].as_str() == Some(id))
        .ok_or_else(|| AwsError::not_found(format!("Copy job {id} not found")))?;
    Ok(json!({ "CopyJob": job }))
}

pub fn list_summaries(store: &mut Store, req: &Req<'_>) -> OpResult {
    let region = store.region_mut(req.caller);
    summaries(
        &region.copy_jobs,
        req,
        &SummarySpec {
            state_member: "State",
            states: COPY_JOB_SUMMARY_STATES,
            categories: true,
            kind: "copy-summaries",
            list_member: "CopyJobSummaries",
        },
    )
}
