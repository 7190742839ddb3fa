//! The IAM policy document `iam-policy` prints, built from the table
//! alone: one statement per (use, resource type) with a stable Sid, the
//! actions sorted, and the resources either the unscoped patterns (`*`
//! accounts and regions) or those of a config ([`Scope`]). Reads stay
//! account-wide within the config's accounts and regions, since backupctl
//! lists and reads every resource to find unmanaged and orphaned ones;
//! vault writes are narrowed to the config's vault ARNs; the other kinds'
//! ARNs hold IDs AWS assigns, so their writes cover the kind's ARNs in
//! those accounts and regions.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::scope::{Place, Scope};
use super::table::{Need, Res, Use, CALLS};

/// One statement of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: &'static str,
    pub actions: BTreeSet<&'static str>,
    pub resources: BTreeSet<String>,
}

/// The statement an action on `res` needed by `uses` goes to: its Sid and
/// its place in the document.
pub fn sid(uses: Use, res: Res) -> &'static str {
    match (res, uses) {
        (Res::Any, Use::ReadOnly) => "ReadAccountWide",
        (Res::Any, Use::Apply) => "ApplyAccountWide",
        (Res::BackupVault, Use::ReadOnly) => "ReadBackupVaults",
        (Res::BackupVault, Use::Apply) => "ApplyBackupVaults",
        (Res::BackupPlan, Use::ReadOnly) => "ReadBackupPlans",
        (Res::BackupPlan, Use::Apply) => "ApplyBackupPlans",
        (Res::RestoreTestingPlan, Use::ReadOnly) => "ReadRestoreTestingPlans",
        (Res::RestoreTestingPlan, Use::Apply) => "ApplyRestoreTestingPlans",
        (Res::LegalHold, Use::ReadOnly) => "ReadLegalHolds",
        (Res::LegalHold, Use::Apply) => "ApplyLegalHolds",
        (Res::Framework, Use::ReadOnly) => "ReadFrameworks",
        (Res::Framework, Use::Apply) => "ApplyFrameworks",
        (Res::ReportPlan, Use::ReadOnly) => "ReadReportPlans",
        (Res::ReportPlan, Use::Apply) => "ApplyReportPlans",
        (Res::TieringConfiguration, Use::ReadOnly) => "ReadTieringConfigurations",
        (Res::TieringConfiguration, Use::Apply) => "ApplyTieringConfigurations",
        (Res::PassedRole, _) => "PassRolesToBackup",
        (Res::KmsKey, _) => "UseVaultKmsKeys",
        (Res::Capsule, _) => "MountVaultStorage",
        (Res::TargetRole, _) => "AssumeTargetRoles",
    }
}

/// The ARN kind segment of a Backup resource type.
fn arn_kind(res: Res) -> Option<&'static str> {
    Some(match res {
        Res::BackupVault => "backup-vault",
        Res::BackupPlan => "backup-plan",
        Res::RestoreTestingPlan => "restore-testing-plan",
        Res::LegalHold => "legal-hold",
        Res::Framework => "framework",
        Res::ReportPlan => "report-plan",
        Res::TieringConfiguration => "tiering-configuration",
        _ => return None,
    })
}

/// The resources of the statement for (`uses`, `res`).
fn resources(uses: Use, res: Res, scope: Option<&Scope>) -> BTreeSet<String> {
    let anywhere = BTreeSet::from([Place::anywhere()]);
    let places = scope.map_or(&anywhere, |s| &s.places);
    let set = |xs: &BTreeSet<String>, unscoped: &str| match scope {
        Some(_) => xs.clone(),
        None => BTreeSet::from([unscoped.to_string()]),
    };
    match res {
        Res::Any | Res::Capsule => BTreeSet::from(["*".to_string()]),
        Res::PassedRole => set(
            scope.map_or(&BTreeSet::new(), |s| &s.passed_roles),
            "arn:aws:iam::*:role/*",
        ),
        Res::TargetRole => set(
            scope.map_or(&BTreeSet::new(), |s| &s.target_roles),
            "arn:aws:iam::*:role/*",
        ),
        Res::KmsKey => set(
            scope.map_or(&BTreeSet::new(), |s| &s.kms_keys),
            "arn:aws:kms:*:*:key/*",
        ),
        Res::BackupVault if uses == Use::Apply && scope.is_some() => {
            scope.map(|s| s.vault_arns.clone()).unwrap_or_default()
        }
        _ => {
            let kind = arn_kind(res).expect("a Backup resource type");
            places.iter().map(|p| p.backup_arn(kind, "*")).collect()
        }
    }
}

/// The statements of the policy for `uses` (read-only, or apply: read-only
/// plus the writes), scoped to a config or not. Statements without a
/// resource (e.g. no KMS key in the config) are left out.
pub fn statements(uses: Use, scope: Option<&Scope>) -> Vec<Statement> {
    let mut groups: BTreeMap<(Res, Use), BTreeSet<&'static str>> = BTreeMap::new();
    for call in CALLS.iter().filter(|c| c.uses <= uses) {
        for perm in call.permissions {
            if perm.need == Need::VaultKey && scope.is_some_and(|s| s.kms_keys.is_empty()) {
                continue;
            }
            for &res in perm.resources {
                // Dependent permissions get one statement whatever the use.
                let u = match res {
                    Res::PassedRole | Res::KmsKey | Res::Capsule | Res::TargetRole => Use::Apply,
                    _ => call.uses,
                };
                groups.entry((res, u)).or_default().insert(perm.action);
            }
        }
    }
    let mut out: Vec<((Use, Res), Statement)> = groups
        .into_iter()
        .map(|((res, u), actions)| {
            let st = Statement {
                sid: sid(u, res),
                actions,
                resources: resources(u, res, scope),
            };
            ((u, res), st)
        })
        .filter(|(_, st)| !st.resources.is_empty())
        .collect();
    // Read-only statements first, then apply's; each in resource order.
    out.sort_by_key(|a| a.0);
    out.into_iter().map(|(_, st)| st).collect()
}

/// The policy document.
pub fn document(uses: Use, scope: Option<&Scope>) -> Value {
    let statements: Vec<Value> = statements(uses, scope)
        .into_iter()
        .map(|st| {
            json!({
                "Sid": st.sid,
                "Effect": "Allow",
                "Action": st.actions.into_iter().collect::<Vec<_>>(),
                "Resource": st.resources.into_iter().collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// The policy document as printed: pretty JSON and a newline.
pub fn render(uses: Use, scope: Option<&Scope>) -> String {
    let mut text =
        serde_json::to_string_pretty(&document(uses, scope)).expect("a policy serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actions(uses: Use) -> BTreeSet<&'static str> {
        statements(uses, None)
            .into_iter()
            .flat_map(|s| s.actions)
            .collect()
    }

    #[test]
    fn apply_contains_read_only_and_sids_are_unique() {
        let (ro, apply) = (actions(Use::ReadOnly), actions(Use::Apply));
        assert!(ro.is_subset(&apply));
        assert!(apply.contains("backup:CreateBackupVault"));
        assert!(!ro.contains("backup:CreateBackupVault"));
        for uses in [Use::ReadOnly, Use::Apply] {
            let sids: Vec<_> = statements(uses, None).iter().map(|s| s.sid).collect();
            let unique: BTreeSet<_> = sids.iter().collect();
            assert_eq!(sids.len(), unique.len(), "{sids:?}");
        }
    }

    #[test]
    fn a_scope_without_keys_drops_the_key_statements() {
        let scope = Scope {
            places: BTreeSet::from([Place {
                partition: "aws".into(),
                region: "eu-west-1".into(),
                account: "123456789012".into(),
            }]),
            vault_arns: BTreeSet::from([
                "arn:aws:backup:eu-west-1:123456789012:backup-vault:v".to_string()
            ]),
            ..Scope::default()
        };
        let sts = statements(Use::Apply, Some(&scope));
        let sids: Vec<_> = sts.iter().map(|s| s.sid).collect();
        assert!(!sids.contains(&"UseVaultKmsKeys"));
        assert!(!sids.contains(&"MountVaultStorage"));
        assert!(!sids.contains(&"PassRolesToBackup"));
        assert!(!sids.contains(&"AssumeTargetRoles"));
        let vaults = sts.iter().find(|s| s.sid == "ApplyBackupVaults").unwrap();
        assert_eq!(
            vaults.resources.iter().collect::<Vec<_>>(),
            ["arn:aws:backup:eu-west-1:123456789012:backup-vault:v"]
        );
    }
}
