//! The AWS Backup operations: one module per resource family, all working on
//! the in-memory [`Store`] for the calling account and region.

pub mod aws_vaults;
pub mod jobs;
pub mod kms;
pub mod plan_document;
pub mod plans;
pub mod schedule;
pub mod selections;
pub mod settings;
pub mod tags;
pub mod vaults;

use std::collections::HashMap;

use serde_json::Value;

use crate::auth::Caller;
use crate::error::{AwsError, OpResult};
use crate::state::Store;

/// Service quotas (AWS defaults; adjustable through the admin config).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Limits {
    pub vaults_per_region: usize,
    pub plans_per_region: usize,
    pub selections_per_plan: usize,
    /// Extra BackupVaultEvent values accepted besides the model's enum.
    pub extra_vault_events: Vec<String>,
    /// Refuse KMS alias ARNs in CreateBackupVault as AWS did in 2020
    /// (aws/aws-cdk#10979) instead of resolving them to a key ARN.
    pub refuse_kms_aliases: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            vaults_per_region: 100,
            plans_per_region: 100,
            selections_per_plan: 50,
            extra_vault_events: Vec::new(),
            refuse_kms_aliases: false,
        }
    }
}

/// One decoded AWS request.
pub struct Req<'a> {
    pub caller: &'a Caller,
    /// Percent-decoded URI labels, in template order.
    pub params: Vec<String>,
    pub query: HashMap<String, String>,
    pub body: Value,
    pub limits: &'a Limits,
}

impl Req<'_> {
    pub fn param(&self, i: usize) -> &str {
        self.params.get(i).map(String::as_str).unwrap_or_default()
    }
}

/// Every operation the emulator implements (botocore names).
pub const OPERATIONS: &[&str] = &[
    "CreateBackupVault",
    "DescribeBackupVault",
    "ListBackupVaults",
    "DeleteBackupVault",
    "PutBackupVaultAccessPolicy",
    "GetBackupVaultAccessPolicy",
    "DeleteBackupVaultAccessPolicy",
    "PutBackupVaultNotifications",
    "GetBackupVaultNotifications",
    "DeleteBackupVaultNotifications",
    "PutBackupVaultLockConfiguration",
    "DeleteBackupVaultLockConfiguration",
    "ListRecoveryPointsByBackupVault",
    "CreateBackupPlan",
    "UpdateBackupPlan",
    "GetBackupPlan",
    "ListBackupPlans",
    "DeleteBackupPlan",
    "ListBackupPlanVersions",
    "CreateBackupSelection",
    "GetBackupSelection",
    "ListBackupSelections",
    "DeleteBackupSelection",
    "TagResource",
    "UntagResource",
    "ListTags",
    "DescribeGlobalSettings",
    "UpdateGlobalSettings",
    "DescribeRegionSettings",
    "UpdateRegionSettings",
    "ListBackupJobs",
    "ListBackupJobSummaries",
];

/// Whether an operation changes state (so a state file must be rewritten).
pub fn mutates(op: &str) -> bool {
    !(op.starts_with("Describe") || op.starts_with("Get") || op.starts_with("List"))
}

pub fn dispatch(op: &str, store: &mut Store, req: &Req) -> OpResult {
    match op {
        "CreateBackupVault" => vaults::create(store, req),
        "DescribeBackupVault" => vaults::describe(store, req),
        "ListBackupVaults" => vaults::list(store, req),
        "DeleteBackupVault" => vaults::delete(store, req),
        "PutBackupVaultAccessPolicy" => vaults::put_policy(store, req),
        "GetBackupVaultAccessPolicy" => vaults::get_policy(store, req),
        "DeleteBackupVaultAccessPolicy" => vaults::delete_policy(store, req),
        "PutBackupVaultNotifications" => vaults::put_notifications(store, req),
        "GetBackupVaultNotifications" => vaults::get_notifications(store, req),
        "DeleteBackupVaultNotifications" => vaults::delete_notifications(store, req),
        "PutBackupVaultLockConfiguration" => vaults::put_lock(store, req),
        "DeleteBackupVaultLockConfiguration" => vaults::delete_lock(store, req),
        "ListRecoveryPointsByBackupVault" => jobs::list_recovery_points(store, req),
        "CreateBackupPlan" => plans::create(store, req),
        "UpdateBackupPlan" => plans::update(store, req),
        "GetBackupPlan" => plans::get(store, req),
        "ListBackupPlans" => plans::list(store, req),
        "DeleteBackupPlan" => plans::delete(store, req),
        "ListBackupPlanVersions" => plans::versions(store, req),
        "CreateBackupSelection" => selections::create(store, req),
        "GetBackupSelection" => selections::get(store, req),
        "ListBackupSelections" => selections::list(store, req),
        "DeleteBackupSelection" => selections::delete(store, req),
        "TagResource" => tags::tag(store, req),
        "UntagResource" => tags::untag(store, req),
        "ListTags" => tags::list(store, req),
        "DescribeGlobalSettings" => settings::describe_global(store, req),
        "UpdateGlobalSettings" => settings::update_global(store, req),
        "DescribeRegionSettings" => settings::describe_region(store, req),
        "UpdateRegionSettings" => settings::update_region(store, req),
        "ListBackupJobs" => jobs::list_jobs(store, req),
        "ListBackupJobSummaries" => jobs::summaries(store, req),
        other => Err(AwsError::new(
            404,
            "UnknownOperationException",
            format!("Unknown operation {other}"),
        )),
    }
}

/// One page from an ordered map, resuming after the key in `token`.
pub fn page<'m, V>(
    map: &'m std::collections::BTreeMap<String, V>,
    kind: &str,
    token: Option<&String>,
    max: usize,
    mut keep: impl FnMut(&V) -> bool,
) -> Result<(Vec<&'m V>, Option<String>), AwsError> {
    use std::ops::Bound;
    let start = match token {
        Some(t) => Bound::Excluded(crate::util::read_token(kind, t)?),
        None => Bound::Unbounded,
    };
    let mut out = Vec::new();
    let mut last_key = None;
    let mut iter = map.range::<String, _>((start, Bound::Unbounded));
    for (k, v) in iter.by_ref() {
        if keep(v) {
            out.push(v);
            last_key = Some(k);
            if out.len() == max {
                break;
            }
        }
    }
    let next = match last_key {
        Some(k) if out.len() == max && iter.any(|(_, v)| keep(v)) => {
            Some(crate::util::make_token(kind, k))
        }
        _ => None,
    };
    Ok((out, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn pages_resume_after_the_token_key_even_if_it_was_deleted() {
        let mut m: BTreeMap<String, u32> = (0..10).map(|i| (format!("k{i}"), i)).collect();
        let (first, next) = page(&m, "t", None, 4, |_| true).unwrap();
        assert_eq!(first, [&0, &1, &2, &3]);
        let next = next.unwrap();
        m.remove("k3");
        m.remove("k4");
        let (second, next) = page(&m, "t", Some(&next), 4, |_| true).unwrap();
        assert_eq!(second, [&5, &6, &7, &8]);
        let (third, next) = page(&m, "t", next.as_ref(), 4, |_| true).unwrap();
        assert_eq!(third, [&9]);
        assert!(next.is_none());
    }

    #[test]
    fn filtered_pages_have_no_empty_tail() {
        let m: BTreeMap<String, u32> = (0..6).map(|i| (format!("k{i}"), i)).collect();
        // Exactly two matches: one full page of 2 and no token.
        let (items, next) = page(&m, "t", None, 2, |v| *v == 1 || *v == 4).unwrap();
        assert_eq!(items, [&1, &4]);
        assert!(next.is_none());
    }

    #[test]
    fn foreign_tokens_are_refused() {
        let m: BTreeMap<String, u32> = BTreeMap::new();
        let t = crate::util::make_token("other", "k1");
        let e = page(&m, "t", Some(&t), 2, |_| true).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValueException");
    }

    #[test]
    fn every_operation_dispatches() {
        let caller = Caller {
            account: "123456789012".into(),
            region: "us-east-1".into(),
        };
        let limits = Limits::default();
        let mut store = Store::default();
        for op in OPERATIONS {
            let req = Req {
                caller: &caller,
                params: vec!["x".into(), "y".into()],
                query: HashMap::new(),
                body: serde_json::json!({}),
                limits: &limits,
            };
            if let Err(e) = dispatch(op, &mut store, &req) {
                assert_ne!(e.code, "UnknownOperationException", "{op}");
            }
        }
    }
}
