//! Numeric limits AWS Backup enforces: retention ranges, windows, tag sizes,
//! page sizes and the default service quotas. Validation quotes them in its
//! messages and the emulator refuses what exceeds them, so both must agree.

/// Longest retention AWS accepts, in days (100 years): botocore
/// `BackupRuleInput.Lifecycle` ("a maximum value of 100 years (36,500
/// days)"); the same bound applies to vault lock retention and
/// `ChangeableForDays` ("The maximum value you can specify is 36,500 days").
pub const MAX_RETENTION_DAYS: i64 = 36_500;

/// Continuous backups (point-in-time restore) are kept at most 35 days
/// (AWS Backup developer guide, "Continuous backups and point-in-time
/// recovery").
pub const MAX_CONTINUOUS_RETENTION_DAYS: i64 = 35;

/// Recovery points stay in cold storage at least 90 days, so
/// `DeleteAfterDays` must be 90 more than `MoveToColdStorageAfterDays`
/// (botocore `BackupRuleInput.Lifecycle`).
pub const MIN_COLD_STORAGE_DAYS: i64 = 90;

/// Smallest `ChangeableForDays` of a vault lock (botocore
/// `PutBackupVaultLockConfigurationInput`: "you must set
/// `ChangeableForDays` to 3 or greater", a 72-hour cooling-off period).
pub const MIN_CHANGEABLE_FOR_DAYS: i64 = 3;

/// Smallest `StartWindowMinutes` (botocore `BackupRuleInput`: "it must be
/// at least 60 minutes to avoid errors").
pub const MIN_START_WINDOW: i64 = 60;

/// Longest tag key, in characters (AWS tagging rules, "Tag naming limits").
pub const MAX_TAG_KEY_CHARS: usize = 128;

/// Longest tag value, in characters (AWS tagging rules).
pub const MAX_TAG_VALUE_CHARS: usize = 256;

/// Most tags on one resource (AWS tagging rules: 50 user tags).
pub const MAX_TAGS: usize = 50;

/// Tag keys starting with this (in any case) are reserved for AWS.
pub const RESERVED_TAG_PREFIX: &str = "aws:";

/// Largest `MaxResults` of a list operation (botocore `MaxResults`:
/// `min` 1, `max` 1000).
pub const MAX_RESULTS: i64 = 1000;

/// Largest `MaxScheduledRunsPreview` of GetBackupPlan (botocore
/// `GetBackupPlanInput`: "Valid range is 0-10").
pub const MAX_SCHEDULED_RUNS_PREVIEW: i64 = 10;

/// Default quota "Backup vaults per account per Region" (AWS Backup
/// developer guide, "AWS Backup quotas").
pub const VAULTS_PER_REGION: usize = 100;

/// Default quota "Backup plans per account per Region" (AWS Backup quotas).
pub const PLANS_PER_REGION: usize = 100;

/// Default quota "Resource assignments (selections) per backup plan" (AWS
/// Backup quotas).
pub const SELECTIONS_PER_PLAN: usize = 50;

/// Fewest days before a tiering configuration moves S3 backup data to the
/// low-cost warm tier (botocore `TieringDownSettingsInDays`: `min` 60).
pub const MIN_TIERING_DOWN_DAYS: i64 = 60;

/// Most days of `TieringDownSettingsInDays` (botocore: `max` 36500).
pub const MAX_TIERING_DOWN_DAYS: i64 = 36_500;

/// Most resource selections in one tiering configuration (botocore
/// `ResourceSelection`: "You can specify up to 5 different resource
/// selections per tiering configuration").
pub const MAX_TIERING_SELECTIONS: usize = 5;

/// Most specific resources (ARNs, not `*`) in one tiering configuration
/// (botocore `ResourceSelection.Resources`: "up to 100 specific resources
/// per tiering configuration").
pub const MAX_TIERING_RESOURCES: usize = 100;
