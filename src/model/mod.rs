//! Normalized domain types shared by desired state (from the config) and live
//! state (from AWS).
//!
//! Desired and live are converted into the *same* types so that comparing them
//! is plain equality. Normalization is what keeps plans free of perpetual
//! diffs: AWS defaults are filled in (start window 480, completion window
//! 10080, timezone `Etc/UTC`, schedule `cron(0 5 ? * * *)`), lists with set
//! meaning are sorted sets, tags are maps, policies are canonical JSON, and
//! empty equals absent (zero lifecycle values, empty conditions, a copy action
//! without a lifecycle). No SDK type appears here; `aws` converts into these.

pub mod desired;
pub mod normalize;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The tag that marks vaults and plans managed by a stack.
pub const STACK_TAG: &str = "backupctl:stack";

/// AWS defaults, as AWS stores them when a field is omitted.
pub const DEFAULT_SCHEDULE: &str = "cron(0 5 ? * * *)";
pub const DEFAULT_TIMEZONE: &str = "Etc/UTC";
pub const DEFAULT_START_WINDOW: i64 = 480;
pub const DEFAULT_COMPLETION_WINDOW: i64 = 10080;

pub type Tags = BTreeMap<String, String>;

/// A backup vault's managed attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vault {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_key_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Canonical JSON (object keys sorted, no insignificant whitespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_policy: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<Notifications>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<VaultLock>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notifications {
    pub sns_topic_arn: String,
    pub events: BTreeSet<String>,
}

/// Vault Lock. `changeable_for_days` is write-only in AWS (never read back);
/// `lock_date` is read-only (DescribeBackupVault's `LockDate`: absent in
/// governance mode, the end of the grace period in compliance mode). Both
/// are carried, never compared directly: equality is min, max and the
/// [`LockMode`] each side implies.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VaultLock {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_retention_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retention_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changeable_for_days: Option<i64>,
    /// Live only: when the lock becomes (or became) immutable, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_date: Option<String>,
}

/// Governance mode (removable by anyone with the permission) or compliance
/// mode (immutable once its grace period ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockMode {
    Governance,
    Compliance,
}

impl LockMode {
    pub fn as_str(self) -> &'static str {
        match self {
            LockMode::Governance => "governance",
            LockMode::Compliance => "compliance",
        }
    }
}

impl VaultLock {
    /// The mode: compliance when the config gives a grace period or AWS
    /// reports a lock date.
    pub fn mode(&self) -> LockMode {
        if self.changeable_for_days.is_some() || self.lock_date.is_some() {
            LockMode::Compliance
        } else {
            LockMode::Governance
        }
    }
}

impl PartialEq for VaultLock {
    fn eq(&self, other: &Self) -> bool {
        self.min_retention_days == other.min_retention_days
            && self.max_retention_days == other.max_retention_days
            && self.mode() == other.mode()
    }
}
impl Eq for VaultLock {}

/// A backup plan: its document (rules, settings), tags and selections.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupPlan {
    pub name: String,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Rules keyed by rule name: order never matters.
    pub rules: BTreeMap<String, Rule>,
    /// resource type -> backup options.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub advanced_backup_settings: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub scan_settings: BTreeSet<ScanSetting>,
    /// Selections keyed by selection name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub selections: BTreeMap<String, Selection>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ScanSetting {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub malware_scanner: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub resource_types: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scanner_role_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub target_vault: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_logically_air_gapped_backup_vault_arn: Option<String>,
    pub schedule: String,
    pub schedule_timezone: String,
    pub start_window_minutes: i64,
    pub completion_window_minutes: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Lifecycle>,
    /// Sorted by destination: AWS keeps them in order but order has no meaning.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub copy_actions: BTreeSet<CopyAction>,
    #[serde(default)]
    pub enable_continuous_backup: bool,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub recovery_point_tags: Tags,
    /// Each index action's resource types.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub index_actions: BTreeSet<BTreeSet<String>>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub scan_actions: BTreeSet<ScanAction>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Lifecycle {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_to_cold_storage_after_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_days: Option<i64>,
    #[serde(default)]
    pub opt_in_to_archive_for_supported_resources: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_event: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CopyAction {
    pub destination_vault_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Lifecycle>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ScanAction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub malware_scanner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_mode: Option<String>,
}

/// A backup selection. Selections cannot be updated in AWS: any difference is
/// a replacement (delete + create).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    pub iam_role_arn: String,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub resources: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub not_resources: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub list_of_tags: BTreeSet<TagCondition>,
    #[serde(default, skip_serializing_if = "Conditions::is_empty")]
    pub conditions: Conditions,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TagCondition {
    pub condition_type: String,
    pub key: String,
    pub value: String,
}

/// Key/value pairs per condition operator; all sets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditions {
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub string_equals: BTreeSet<(String, String)>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub string_not_equals: BTreeSet<(String, String)>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub string_like: BTreeSet<(String, String)>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub string_not_like: BTreeSet<(String, String)>,
}

impl Conditions {
    pub fn is_empty(&self) -> bool {
        self.string_equals.is_empty()
            && self.string_not_equals.is_empty()
            && self.string_like.is_empty()
            && self.string_not_like.is_empty()
    }
}

/// Account settings. On the desired side only declared keys are present; on
/// the live side everything AWS reported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub global: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resource_type_opt_in: BTreeMap<String, bool>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resource_type_management: BTreeMap<String, bool>,
}

impl Settings {
    pub fn is_empty(&self) -> bool {
        self.global.is_empty()
            && self.resource_type_opt_in.is_empty()
            && self.resource_type_management.is_empty()
    }
}

/// What the config asks for, normalized.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desired {
    pub stack: String,
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub vaults: BTreeMap<String, Vault>,
    /// Vault names that must exist but are not managed here.
    pub external_vaults: BTreeSet<String>,
    /// Names of vaults with `prevent_destroy: true`.
    pub prevent_destroy: BTreeSet<String>,
    pub plans: BTreeMap<String, BackupPlan>,
    /// Only the declared settings.
    pub settings: Settings,
    /// Glob patterns of unmanaged vault / plan names to ignore in reports.
    pub ignore_vaults: Vec<String>,
    pub ignore_plans: Vec<String>,
}

/// A vault as observed in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveVault {
    pub arn: String,
    pub vault: Vault,
    pub number_of_recovery_points: i64,
    pub locked: bool,
}

/// A plan as observed in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LivePlan {
    pub id: String,
    pub arn: String,
    pub version_id: String,
    pub plan: BackupPlan,
    /// Selection name -> selection id (of the selection in `plan.selections`:
    /// the one with the lowest id when a name is used more than once).
    pub selection_ids: BTreeMap<String, String>,
    /// Further selections whose name is already in `plan.selections` (AWS
    /// does not make selection names unique within a plan).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicate_selections: Vec<LiveSelection>,
}

/// A selection read by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveSelection {
    pub id: String,
    pub name: String,
    pub selection: Selection,
}

/// True for the names AWS gives the vaults it creates itself
/// (`aws/efs/automatic-backup-vault`): CreateBackupVault refuses a `/`, so
/// no one else can hold such a name, and such vaults cannot be managed.
pub fn is_aws_created_vault(name: &str) -> bool {
    name.starts_with("aws/")
}

/// Everything observed in the account and region.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Live {
    pub account_id: Option<String>,
    pub region: String,
    /// Vaults read in full (managed, or named in the config).
    pub vaults: BTreeMap<String, LiveVault>,
    /// Plans read in full (managed, or named in the config).
    pub plans: BTreeMap<String, LivePlan>,
    /// Names of vaults in the account outside any stack (no
    /// `backupctl:stack` tag, not created by AWS itself).
    pub unmanaged_vaults: BTreeSet<String>,
    /// Names of plans in the account outside any stack.
    pub unmanaged_plans: BTreeSet<String>,
    /// Vaults of other stacks: name -> stack.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stack_vaults: BTreeMap<String, String>,
    /// Plans of other stacks: name -> stack.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stack_plans: BTreeMap<String, String>,
    /// Vaults AWS created itself ([`is_aws_created_vault`]), not read.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub aws_created_vaults: BTreeSet<String>,
    /// Plan names that occur more than once in the account and cannot be
    /// told apart safely (never guessed).
    pub duplicate_plan_names: BTreeSet<String>,
    /// This stack's extra copies of a plan name (left by concurrent applies):
    /// the copy kept is in `plans` (the oldest; ties by id), these go.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicate_plans: Vec<LivePlan>,
    pub settings: Settings,
}

/// True when a resource's tags say it belongs to `stack`.
pub fn is_managed(tags: &Tags, stack: &str) -> bool {
    tags.get(STACK_TAG).map(String::as_str) == Some(stack)
}
