//! Enum values of the AWS Backup model that requests are checked against.
//! The conformance suite compares [`VAULT_EVENTS`] with the pinned botocore
//! model, so a new event there fails a test instead of passing silently.

/// `BackupVaultEvent` (botocore enum, in the model's order), the events a
/// vault's notifications may name.
pub const VAULT_EVENTS: &[&str] = &[
    "BACKUP_JOB_STARTED",
    "BACKUP_JOB_COMPLETED",
    "BACKUP_JOB_SUCCESSFUL",
    "BACKUP_JOB_FAILED",
    "BACKUP_JOB_EXPIRED",
    "RESTORE_JOB_STARTED",
    "RESTORE_JOB_COMPLETED",
    "RESTORE_JOB_SUCCESSFUL",
    "RESTORE_JOB_FAILED",
    "COPY_JOB_STARTED",
    "COPY_JOB_SUCCESSFUL",
    "COPY_JOB_FAILED",
    "RECOVERY_POINT_MODIFIED",
    "BACKUP_PLAN_CREATED",
    "BACKUP_PLAN_MODIFIED",
    "S3_BACKUP_OBJECT_FAILED",
    "S3_RESTORE_OBJECT_FAILED",
    "CONTINUOUS_BACKUP_INTERRUPTED",
    "RECOVERY_POINT_INDEX_COMPLETED",
    "RECOVERY_POINT_INDEX_DELETED",
    "RECOVERY_POINT_INDEXING_FAILED",
    "EKS_RESTORE_OBJECT_FAILED",
    "EKS_RESTORE_OBJECT_SKIPPED",
    "EKS_BACKUP_OBJECT_FAILED",
    "EKS_RESTORE_MODIFICATION_SUCCESS",
    "EKS_RESTORE_MODIFICATION_FAILED",
    "ACCESS_POINT_AVAILABLE",
    "ACCESS_POINT_CREATION_FAILED",
    "ACCESS_POINT_DELETED",
    "ACCESS_POINT_DELETION_FAILED",
    "ACCESS_POINT_EXPIRED",
    "ACCESS_POINT_DISASSOCIATED",
];

/// `BackupJobState` (botocore enum), the `State` of a backup job and the
/// `byState`/`State` filters of ListBackupJobs and ListBackupJobSummaries.
pub const JOB_STATES: &[&str] = &[
    "CREATED",
    "PENDING",
    "RUNNING",
    "ABORTING",
    "ABORTED",
    "COMPLETED",
    "FAILED",
    "EXPIRED",
    "PARTIAL",
];

/// `VaultType` (botocore enum), the `vaultType` filter of ListBackupVaults.
pub const VAULT_TYPES: &[&str] = &[
    "BACKUP_VAULT",
    "LOGICALLY_AIR_GAPPED_BACKUP_VAULT",
    "RESTORE_ACCESS_BACKUP_VAULT",
];

/// `ConditionType` (botocore enum) of a selection's `ListOfTags`.
pub const CONDITION_TYPES: &[&str] = &["STRINGEQUALS"];

/// `MalwareScanner` (botocore enum) of scan actions and scan settings.
pub const MALWARE_SCANNERS: &[&str] = &["GUARDDUTY"];

/// `ScanMode` (botocore enum) of a rule's scan actions.
pub const SCAN_MODES: &[&str] = &["FULL_SCAN", "INCREMENTAL_SCAN"];

/// `LifecycleDeleteAfterEvent` (botocore enum) of a lifecycle.
pub const DELETE_AFTER_EVENTS: &[&str] = &["DELETE_AFTER_COPY"];

/// Resource types a rule's `IndexActions` take (botocore
/// `BackupRuleInput.IndexActions`: "Valid values: EBS, S3").
pub const INDEX_RESOURCE_TYPES: &[&str] = &["EBS", "S3"];

/// Resource types with advanced backup settings (botocore
/// `AdvancedBackupSetting.BackupOptions`: Windows VSS on EC2, ACLs and
/// object tags on S3).
pub const ADVANCED_RESOURCE_TYPES: &[&str] = &["EC2", "S3"];

/// The backup options each advanced resource type takes, as
/// `(resource type, option)` (botocore `AdvancedBackupSetting.BackupOptions`:
/// `WindowsVSS`; `BackupACLs`, `BackupObjectTags`).
pub const BACKUP_OPTIONS: &[(&str, &str)] = &[
    ("EC2", "WindowsVSS"),
    ("S3", "BackupACLs"),
    ("S3", "BackupObjectTags"),
];

/// The values every backup option takes (botocore
/// `AdvancedBackupSetting.BackupOptions`: `"enabled"` or `"disabled"`).
pub const BACKUP_OPTION_VALUES: &[&str] = &["enabled", "disabled"];

/// The resource types a tiering configuration takes (botocore
/// `ResourceSelection.ResourceType`: "For tiering configurations, this is
/// currently limited to `S3`").
pub const TIERING_RESOURCE_TYPES: &[&str] = &["S3"];
