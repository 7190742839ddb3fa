//! The one table of every AWS call backupctl makes and the IAM permissions
//! each needs: its action(s), the resource type AWS authorizes the action
//! on (names as in AWS's Service Authorization Reference), which use needs
//! it (the read-only commands, or `apply` on top of them), and the
//! dependent actions AWS documents (`iam:PassRole` for the roles handed to
//! AWS Backup; KMS and `backup-storage:MountCapsule` for a vault with a
//! customer managed key). `iam-policy` derives its policies from this
//! table only, and a test fails when the code calls an AWS operation that
//! is missing here or a row names an operation the code never calls.

/// The AWS service a call goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Service {
    /// AWS Backup (aws-sdk-backup).
    Backup,
    /// AWS STS (aws-sdk-sts, and aws-config's AssumeRole provider).
    Sts,
}

/// Which use needs a permission: the read-only commands (and so every
/// command that talks to AWS), or `apply` (and `import --adopt`) on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Use {
    ReadOnly,
    Apply,
}

/// The resource an action is authorized on, as the Service Authorization
/// Reference names its type (`Any`: the action has no resource type, so the
/// policy must say `"*"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Res {
    Any,
    BackupVault,
    BackupPlan,
    RestoreTestingPlan,
    LegalHold,
    Framework,
    ReportPlan,
    TieringConfiguration,
    /// An IAM role handed to AWS Backup (iam:PassRole).
    PassedRole,
    /// A customer managed KMS key of a vault.
    KmsKey,
    /// A role named by a target's `role_arn` (sts:AssumeRole).
    TargetRole,
    /// backup-storage:MountCapsule, which has no resource type.
    Capsule,
}

impl Res {
    /// The resource type's name in the Service Authorization Reference
    /// (`*` for none).
    pub fn type_name(self) -> &'static str {
        match self {
            Res::Any | Res::Capsule => "*",
            Res::BackupVault => "backupVault",
            Res::BackupPlan => "backupPlan",
            Res::RestoreTestingPlan => "restoreTestingPlan",
            Res::LegalHold => "legalHold",
            Res::Framework => "framework",
            Res::ReportPlan => "reportPlan",
            Res::TieringConfiguration => "tieringConfiguration",
            Res::PassedRole | Res::TargetRole => "role",
            Res::KmsKey => "key",
        }
    }
}

/// When a permission is needed beyond making the call at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// Whenever the call is made.
    Always,
    /// Only for a vault (or air-gapped vault) with a customer managed KMS
    /// key (`encryption_key_arn`).
    VaultKey,
}

/// One IAM action a call needs.
#[derive(Debug, Clone, Copy)]
pub struct Permission {
    /// `service:Action`.
    pub action: &'static str,
    /// The resource types it is authorized on (ListTags, TagResource and
    /// UntagResource: the type of the resource tagged).
    pub resources: &'static [Res],
    pub need: Need,
}

/// One AWS call the code makes.
#[derive(Debug, Clone, Copy)]
pub struct Call {
    pub service: Service,
    /// The API operation (`ListBackupVaults`).
    pub operation: &'static str,
    /// What the source code calls: the SDK fluent method
    /// (`list_backup_vaults`), or for AssumeRole aws-config's provider type.
    pub code: &'static str,
    pub uses: Use,
    /// The commands that make the call.
    pub commands: &'static [&'static str],
    /// When they make it.
    pub when: &'static str,
    /// The IAM actions it needs (empty: none, as for GetCallerIdentity).
    pub permissions: &'static [Permission],
}

const OBSERVE: &[&str] = &["plan", "apply", "drift", "import", "report"];
const REPORT: &[&str] = &["report"];
const APPLY: &[&str] = &["apply"];
const TAG: &[&str] = &["apply", "import --adopt"];

/// Every taggable kind backupctl manages.
const TAGGED: &[Res] = &[
    Res::BackupVault,
    Res::BackupPlan,
    Res::RestoreTestingPlan,
    Res::LegalHold,
    Res::Framework,
    Res::ReportPlan,
    Res::TieringConfiguration,
];

const fn p(action: &'static str, resources: &'static [Res]) -> Permission {
    Permission {
        action,
        resources,
        need: Need::Always,
    }
}

const fn key(action: &'static str, resources: &'static [Res]) -> Permission {
    Permission {
        action,
        resources,
        need: Need::VaultKey,
    }
}

const ANY: &[Res] = &[Res::Any];
const VAULT: &[Res] = &[Res::BackupVault];
const PLAN: &[Res] = &[Res::BackupPlan];
const RTP: &[Res] = &[Res::RestoreTestingPlan];
const HOLD: &[Res] = &[Res::LegalHold];
const FRAMEWORK: &[Res] = &[Res::Framework];
const REPORT_PLAN: &[Res] = &[Res::ReportPlan];
const TIERING: &[Res] = &[Res::TieringConfiguration];
const PASS_ROLE: Permission = p("iam:PassRole", &[Res::PassedRole]);

/// What creating a vault with a customer managed key needs besides the
/// create action: AWS Backup developer guide, "Backup vault creation and
/// deletion", Required permissions (the KMS actions on the key and
/// backup-storage:MountCapsule on `*`).
const VAULT_KEY: [Permission; 6] = [
    key("kms:CreateGrant", &[Res::KmsKey]),
    key("kms:DescribeKey", &[Res::KmsKey]),
    key("kms:RetireGrant", &[Res::KmsKey]),
    key("kms:Decrypt", &[Res::KmsKey]),
    key("kms:GenerateDataKey", &[Res::KmsKey]),
    key("backup-storage:MountCapsule", &[Res::Capsule]),
];

const fn backup(
    operation: &'static str,
    code: &'static str,
    uses: Use,
    commands: &'static [&'static str],
    when: &'static str,
    permissions: &'static [Permission],
) -> Call {
    Call {
        service: Service::Backup,
        operation,
        code,
        uses,
        commands,
        when,
        permissions,
    }
}

use Use::{Apply, ReadOnly};

/// Every AWS call backupctl makes, sorted by service and operation.
#[rustfmt::skip]
pub const CALLS: &[Call] = &[
    backup("AssociateBackupVaultMpaApprovalTeam", "associate_backup_vault_mpa_approval_team", Apply, APPLY,
        "an air-gapped vault's mpa_approval_team_arn is set or changed",
        &[p("backup:AssociateBackupVaultMpaApprovalTeam", VAULT)]),
    backup("CancelLegalHold", "cancel_legal_hold", Apply, &["apply --cancel-legal-holds"],
        "a legal hold of the stack is removed from the config",
        &[p("backup:CancelLegalHold", HOLD)]),
    backup("CreateBackupPlan", "create_backup_plan", Apply, APPLY,
        "a plan is created (or replaced)",
        &[p("backup:CreateBackupPlan", PLAN), PASS_ROLE]),
    backup("CreateBackupSelection", "create_backup_selection", Apply, APPLY,
        "a selection is created or changed (selections are replaced)",
        &[p("backup:CreateBackupSelection", PLAN), PASS_ROLE]),
    backup("CreateBackupVault", "create_backup_vault", Apply, APPLY,
        "a vault is created (or replaced)",
        &[p("backup:CreateBackupVault", VAULT), VAULT_KEY[0], VAULT_KEY[1], VAULT_KEY[2],
          VAULT_KEY[3], VAULT_KEY[4], VAULT_KEY[5]]),
    backup("CreateFramework", "create_framework", Apply, APPLY,
        "a framework is created",
        &[p("backup:CreateFramework", FRAMEWORK)]),
    backup("CreateLegalHold", "create_legal_hold", Apply, APPLY,
        "a legal hold is created",
        &[p("backup:CreateLegalHold", HOLD)]),
    backup("CreateLogicallyAirGappedBackupVault", "create_logically_air_gapped_backup_vault", Apply, APPLY,
        "an air-gapped vault is created",
        &[p("backup:CreateLogicallyAirGappedBackupVault", VAULT), VAULT_KEY[0], VAULT_KEY[1],
          VAULT_KEY[2], VAULT_KEY[3], VAULT_KEY[4], VAULT_KEY[5]]),
    backup("CreateReportPlan", "create_report_plan", Apply, APPLY,
        "a report plan is created",
        &[p("backup:CreateReportPlan", REPORT_PLAN)]),
    backup("CreateRestoreAccessBackupVault", "create_restore_access_backup_vault", Apply, APPLY,
        "an air-gapped vault's restore access vault is created",
        &[p("backup:CreateRestoreAccessBackupVault", VAULT)]),
    backup("CreateRestoreTestingPlan", "create_restore_testing_plan", Apply, APPLY,
        "a restore testing plan is created",
        &[p("backup:CreateRestoreTestingPlan", RTP)]),
    backup("CreateRestoreTestingSelection", "create_restore_testing_selection", Apply, APPLY,
        "a restore testing selection is created",
        &[p("backup:CreateRestoreTestingSelection", RTP), PASS_ROLE]),
    backup("CreateTieringConfiguration", "create_tiering_configuration", Apply, APPLY,
        "a tiering configuration is created",
        &[p("backup:CreateTieringConfiguration", TIERING)]),
    backup("DeleteBackupPlan", "delete_backup_plan", Apply, APPLY,
        "a plan of the stack is removed from the config (or replaced)",
        &[p("backup:DeleteBackupPlan", PLAN)]),
    backup("DeleteBackupSelection", "delete_backup_selection", Apply, APPLY,
        "a selection is removed or changed",
        &[p("backup:DeleteBackupSelection", PLAN)]),
    backup("DeleteBackupVault", "delete_backup_vault", Apply, APPLY,
        "a vault of the stack is removed from the config (or replaced)",
        &[p("backup:DeleteBackupVault", VAULT)]),
    backup("DeleteBackupVaultAccessPolicy", "delete_backup_vault_access_policy", Apply, APPLY,
        "a vault's access_policy is removed",
        &[p("backup:DeleteBackupVaultAccessPolicy", VAULT)]),
    backup("DeleteBackupVaultLockConfiguration", "delete_backup_vault_lock_configuration", Apply, APPLY,
        "a vault's lock is removed",
        &[p("backup:DeleteBackupVaultLockConfiguration", VAULT)]),
    backup("DeleteBackupVaultNotifications", "delete_backup_vault_notifications", Apply, APPLY,
        "a vault's notifications are removed",
        &[p("backup:DeleteBackupVaultNotifications", VAULT)]),
    backup("DeleteFramework", "delete_framework", Apply, APPLY,
        "a framework of the stack is removed from the config",
        &[p("backup:DeleteFramework", FRAMEWORK)]),
    backup("DeleteReportPlan", "delete_report_plan", Apply, APPLY,
        "a report plan of the stack is removed from the config",
        &[p("backup:DeleteReportPlan", REPORT_PLAN)]),
    backup("DeleteRestoreTestingPlan", "delete_restore_testing_plan", Apply, APPLY,
        "a restore testing plan of the stack is removed from the config",
        &[p("backup:DeleteRestoreTestingPlan", RTP)]),
    backup("DeleteRestoreTestingSelection", "delete_restore_testing_selection", Apply, APPLY,
        "a restore testing selection is removed",
        &[p("backup:DeleteRestoreTestingSelection", RTP)]),
    backup("DeleteTieringConfiguration", "delete_tiering_configuration", Apply, APPLY,
        "a tiering configuration of the stack is removed from the config",
        &[p("backup:DeleteTieringConfiguration", TIERING)]),
    backup("DescribeBackupVault", "describe_backup_vault", ReadOnly, OBSERVE,
        "an air-gapped vault is read in full (its MPA team); apply also waits for a new air-gapped vault and reads a vault a retried create made",
        &[p("backup:DescribeBackupVault", VAULT)]),
    backup("DescribeFramework", "describe_framework", ReadOnly, OBSERVE,
        "a framework is read in full (the stack's, or named in the config)",
        &[p("backup:DescribeFramework", FRAMEWORK)]),
    backup("DescribeGlobalSettings", "describe_global_settings", ReadOnly, OBSERVE,
        "the config declares settings (import: always)",
        &[p("backup:DescribeGlobalSettings", ANY)]),
    backup("DescribeRegionSettings", "describe_region_settings", ReadOnly, OBSERVE,
        "the config declares settings (import: always)",
        &[p("backup:DescribeRegionSettings", ANY)]),
    backup("DescribeReportPlan", "describe_report_plan", Apply, APPLY,
        "apply waits for a report plan it created, changed or deleted",
        &[p("backup:DescribeReportPlan", REPORT_PLAN)]),
    backup("DisassociateBackupVaultMpaApprovalTeam", "disassociate_backup_vault_mpa_approval_team", Apply, APPLY,
        "an air-gapped vault's mpa_approval_team_arn is removed or changed",
        &[p("backup:DisassociateBackupVaultMpaApprovalTeam", VAULT)]),
    backup("GetBackupPlan", "get_backup_plan", ReadOnly, OBSERVE,
        "a plan is read in full (the stack's, or named in the config)",
        &[p("backup:GetBackupPlan", PLAN)]),
    backup("GetBackupSelection", "get_backup_selection", ReadOnly, OBSERVE,
        "a selection of a plan read in full",
        &[p("backup:GetBackupSelection", PLAN)]),
    backup("GetBackupVaultAccessPolicy", "get_backup_vault_access_policy", ReadOnly, OBSERVE,
        "a vault is read in full (the stack's, or named in the config)",
        &[p("backup:GetBackupVaultAccessPolicy", VAULT)]),
    backup("GetBackupVaultNotifications", "get_backup_vault_notifications", ReadOnly, OBSERVE,
        "a vault is read in full (the stack's, or named in the config)",
        &[p("backup:GetBackupVaultNotifications", VAULT)]),
    backup("GetLegalHold", "get_legal_hold", ReadOnly, OBSERVE,
        "an active legal hold is listed",
        &[p("backup:GetLegalHold", HOLD)]),
    backup("GetRestoreTestingPlan", "get_restore_testing_plan", ReadOnly, OBSERVE,
        "a restore testing plan is read in full",
        &[p("backup:GetRestoreTestingPlan", RTP)]),
    backup("GetRestoreTestingSelection", "get_restore_testing_selection", ReadOnly, OBSERVE,
        "a selection of a restore testing plan read in full",
        &[p("backup:GetRestoreTestingSelection", RTP)]),
    backup("GetTieringConfiguration", "get_tiering_configuration", ReadOnly, OBSERVE,
        "a tiering configuration is read in full",
        &[p("backup:GetTieringConfiguration", TIERING)]),
    backup("ListBackupJobs", "list_backup_jobs", ReadOnly, REPORT,
        "always",
        &[p("backup:ListBackupJobs", ANY)]),
    backup("ListBackupPlans", "list_backup_plans", ReadOnly, OBSERVE,
        "always",
        &[p("backup:ListBackupPlans", ANY)]),
    backup("ListBackupSelections", "list_backup_selections", ReadOnly, OBSERVE,
        "a plan is read in full",
        &[p("backup:ListBackupSelections", PLAN)]),
    backup("ListBackupVaults", "list_backup_vaults", ReadOnly, OBSERVE,
        "always",
        &[p("backup:ListBackupVaults", ANY)]),
    backup("ListCopyJobs", "list_copy_jobs", ReadOnly, REPORT,
        "always",
        &[p("backup:ListCopyJobs", ANY)]),
    backup("ListFrameworks", "list_frameworks", ReadOnly, OBSERVE,
        "always",
        &[p("backup:ListFrameworks", ANY)]),
    backup("ListLegalHolds", "list_legal_holds", ReadOnly, OBSERVE,
        "always",
        &[p("backup:ListLegalHolds", ANY)]),
    backup("ListReportPlans", "list_report_plans", ReadOnly, OBSERVE,
        "always",
        &[p("backup:ListReportPlans", ANY)]),
    backup("ListRestoreAccessBackupVaults", "list_restore_access_backup_vaults", ReadOnly, OBSERVE,
        "an air-gapped vault is read in full; apply also before revoking its restore access vaults",
        &[p("backup:ListRestoreAccessBackupVaults", VAULT)]),
    backup("ListRestoreJobs", "list_restore_jobs", ReadOnly, REPORT,
        "always",
        &[p("backup:ListRestoreJobs", ANY)]),
    backup("ListRestoreTestingPlans", "list_restore_testing_plans", ReadOnly, OBSERVE,
        "always",
        &[p("backup:ListRestoreTestingPlans", ANY)]),
    backup("ListRestoreTestingSelections", "list_restore_testing_selections", ReadOnly, OBSERVE,
        "a restore testing plan is read in full",
        &[p("backup:ListRestoreTestingSelections", RTP)]),
    backup("ListTags", "list_tags", ReadOnly, OBSERVE,
        "every listed vault, plan, restore testing plan, active legal hold, framework, report plan and tiering configuration",
        &[p("backup:ListTags", TAGGED)]),
    backup("ListTieringConfigurations", "list_tiering_configurations", ReadOnly, OBSERVE,
        "always",
        &[p("backup:ListTieringConfigurations", ANY)]),
    backup("PutBackupVaultAccessPolicy", "put_backup_vault_access_policy", Apply, APPLY,
        "a vault's access_policy is set or changed",
        &[p("backup:PutBackupVaultAccessPolicy", VAULT)]),
    backup("PutBackupVaultLockConfiguration", "put_backup_vault_lock_configuration", Apply, APPLY,
        "a vault's lock is set or changed",
        &[p("backup:PutBackupVaultLockConfiguration", VAULT)]),
    backup("PutBackupVaultNotifications", "put_backup_vault_notifications", Apply, APPLY,
        "a vault's notifications are set or changed",
        &[p("backup:PutBackupVaultNotifications", VAULT)]),
    backup("RevokeRestoreAccessBackupVault", "revoke_restore_access_backup_vault", Apply, APPLY,
        "an air-gapped vault's restore access vault is removed (or the vault deleted)",
        &[p("backup:RevokeRestoreAccessBackupVault", VAULT)]),
    backup("TagResource", "tag_resource", Apply, TAG,
        "tags are added or changed; --adopt tags a resource into the stack",
        &[p("backup:TagResource", TAGGED)]),
    backup("UntagResource", "untag_resource", Apply, APPLY,
        "tags are removed",
        &[p("backup:UntagResource", TAGGED)]),
    backup("UpdateBackupPlan", "update_backup_plan", Apply, APPLY,
        "a plan's rules or settings change",
        &[p("backup:UpdateBackupPlan", PLAN), PASS_ROLE]),
    backup("UpdateFramework", "update_framework", Apply, APPLY,
        "a framework's controls or description change",
        &[p("backup:UpdateFramework", FRAMEWORK)]),
    backup("UpdateGlobalSettings", "update_global_settings", Apply, APPLY,
        "declared global settings differ",
        &[p("backup:UpdateGlobalSettings", ANY)]),
    backup("UpdateRegionSettings", "update_region_settings", Apply, APPLY,
        "declared region settings differ",
        &[p("backup:UpdateRegionSettings", ANY)]),
    backup("UpdateReportPlan", "update_report_plan", Apply, APPLY,
        "a report plan's settings change",
        &[p("backup:UpdateReportPlan", REPORT_PLAN)]),
    backup("UpdateRestoreTestingPlan", "update_restore_testing_plan", Apply, APPLY,
        "a restore testing plan's settings change",
        &[p("backup:UpdateRestoreTestingPlan", RTP)]),
    backup("UpdateRestoreTestingSelection", "update_restore_testing_selection", Apply, APPLY,
        "a restore testing selection changes",
        &[p("backup:UpdateRestoreTestingSelection", RTP), PASS_ROLE]),
    backup("UpdateTieringConfiguration", "update_tiering_configuration", Apply, APPLY,
        "a tiering configuration changes",
        &[p("backup:UpdateTieringConfiguration", TIERING)]),
    Call {
        service: Service::Sts,
        operation: "AssumeRole",
        code: "AssumeRoleProvider",
        uses: ReadOnly,
        commands: OBSERVE,
        when: "a target of the config has a role_arn",
        permissions: &[p("sts:AssumeRole", &[Res::TargetRole])],
    },
    // AWS: "No permissions are required to perform this operation"
    // (STS API reference, GetCallerIdentity).
    Call {
        service: Service::Sts,
        operation: "GetCallerIdentity",
        code: "get_caller_identity",
        uses: ReadOnly,
        commands: OBSERVE,
        when: "the account guard (account_id, targets) cannot tell the account from an ARN",
        permissions: &[],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sorted_and_unique() {
        let keys: Vec<_> = CALLS.iter().map(|c| (c.service, c.operation)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn each_backup_call_needs_its_own_action() {
        for c in CALLS.iter().filter(|c| c.service == Service::Backup) {
            let own = format!("backup:{}", c.operation);
            assert_eq!(c.permissions.first().map(|p| p.action), Some(own.as_str()));
        }
    }
}
