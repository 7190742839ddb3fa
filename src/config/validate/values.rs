//! Tag limits, and the enums and limits from the AWS Backup model that the
//! checks compare values against.

use crate::config::decode::Cx;
use crate::config::raw::{Kind, Node, Pos};

/// AWS tag limits: key 1..128 characters without the reserved `aws:` prefix,
/// value up to 256 characters.
pub(crate) fn check_tag(key: &str, value: &Node, key_pos: Pos, cx: &mut Cx) {
    let n = key.chars().count();
    if n == 0 || n > 128 {
        cx.error(
            key_pos,
            format!("tag key is {n} characters; AWS allows 1 to 128"),
            None,
        );
    }
    if key == crate::model::STACK_TAG {
        cx.error(
            key_pos,
            format!("tag key `{key}` is reserved: backupctl sets it to the config's `stack` on every vault and plan it manages"),
            Some("remove this tag; to change the owner, change `stack`".into()),
        );
    }
    if key.to_lowercase().starts_with("aws:") {
        cx.error(
            key_pos,
            format!("tag key `{key}` uses the reserved `aws:` prefix"),
            Some("AWS reserves tags starting with aws:; choose another key".into()),
        );
    }
    if let Kind::Str(v) = &value.kind {
        let n = v.chars().count();
        if n > 256 {
            cx.error(
                value.pos,
                format!("tag value is {n} characters; AWS allows at most 256"),
                None,
            );
        }
    }
}

/// The `BackupVaultEvent` enum of the AWS Backup model. One list serves both
/// sides: the emulator enforces it and its conformance suite checks it
/// against the pinned botocore model, so validation cannot drift from it.
pub use backup_emulator::ops::vaults::VAULT_EVENTS;

/// Global settings `UpdateGlobalSettings` documents.
pub const GLOBAL_SETTINGS: &[&str] = &[
    "isCrossAccountBackupEnabled",
    "isMpaEnabled",
    "isDelegatedAdministratorEnabled",
];

/// Resource types AWS Backup knows for region settings (documentation, 2025).
pub const RESOURCE_TYPES: &[&str] = &[
    "Aurora",
    "CloudFormation",
    "DocumentDB",
    "DSQL",
    "DynamoDB",
    "EBS",
    "EC2",
    "EFS",
    "EKS",
    "FSx",
    "Neptune",
    "RDS",
    "Redshift",
    "Redshift Serverless",
    "S3",
    "SAP HANA on Amazon EC2",
    "Storage Gateway",
    "Timestream",
    "VirtualMachine",
];

/// Resource types that support full AWS Backup management (the only keys
/// `resource_type_management` takes); shared with the emulator, which
/// refuses the others as AWS does.
pub use backup_emulator::ops::settings::MANAGEMENT_TYPES;

/// Resource types indexing supports.
pub const INDEX_RESOURCE_TYPES: &[&str] = &["EBS", "S3"];
/// Resource types with advanced backup settings.
pub const ADVANCED_RESOURCE_TYPES: &[&str] = &["EC2", "S3"];
pub const MALWARE_SCANNERS: &[&str] = &["GUARDDUTY"];
pub const SCAN_MODES: &[&str] = &["FULL_SCAN", "INCREMENTAL_SCAN"];
pub const DELETE_AFTER_EVENTS: &[&str] = &["DELETE_AFTER_COPY"];
pub const CONDITION_TYPES: &[&str] = &["STRINGEQUALS"];

/// Longest retention AWS accepts, in days (100 years).
pub const MAX_RETENTION_DAYS: i64 = 36_500;
/// Continuous backups are kept at most this many days.
pub const MAX_CONTINUOUS_RETENTION_DAYS: i64 = 35;
/// AWS defaults, used when a window is not written.
pub const DEFAULT_START_WINDOW: i64 = 480;
