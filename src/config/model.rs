//! The desired-state config as typed structs.
//!
//! These types are the single source for three things: what the loader
//! decodes YAML into, what `backupctl schema` publishes (schemars derives the
//! JSON Schema from them, honouring the serde attributes), and what the `plan`
//! side converts into its domain model. Keys are snake_case; unknown keys are
//! errors (`deny_unknown_fields` becomes `additionalProperties: false`).
//! Values that validation must point at are [`Spanned`].

use std::collections::BTreeMap;
use std::ops::Deref;

use schemars::JsonSchema;
use serde::Serialize;

use super::span::Spanned;
pub use super::tags::Tags;
pub use crate::resources::settings::config::{RegionSettings, Settings};
pub use crate::resources::vault::config::{Notifications, Vault, VaultLock};

/// One config document (one file). Several files are merged into one `Config`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "backupctl desired-state config")]
pub struct Config {
    /// Config format version. Only `1` exists.
    pub version: Spanned<u32>,
    /// Name of this stack. Resources backupctl creates carry the tag
    /// `backupctl:stack=<stack>`; only those are ever changed or deleted.
    /// Every file of a multi-file config states the same stack.
    #[schemars(regex(pattern = r"^[a-zA-Z0-9\-_.]{1,64}$"))]
    pub stack: Spanned<String>,
    /// Guard: plan/apply refuse to run against another AWS account (12 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = backup_facts::names::ACCOUNT_ID))]
    pub account_id: Option<Spanned<String>>,
    /// Guard: plan/apply refuse to run against another region (e.g. `eu-west-1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Spanned<String>>,
    /// Vaults that exist in the account but are not managed by this config
    /// (e.g. `Default`). Rules may target them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_vaults: Vec<Spanned<String>>,
    /// Named sets of rule fields; a rule says `template: <name>` and its own
    /// keys override the template's. Shared across all files of a config.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rule_templates: BTreeMap<String, Spanned<RuleTemplate>>,
    /// Unmanaged resources that drift reporting ignores, by name pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<Ignore>,
    /// Backup vaults managed by this config.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vaults: Vec<Spanned<Vault>>,
    /// Backup plans (with their rules and selections) managed by this config.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<Spanned<BackupPlan>>,
    /// Account settings; only what is declared is managed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
}

/// Glob patterns (`*`, `?`) of resource names that backupctl leaves alone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ignore {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vaults: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<Spanned<String>>,
}

/// A backup plan.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
// The schema keeps the definition name `Plan` it has always had.
#[schemars(rename = "Plan")]
pub struct BackupPlan {
    #[schemars(regex(pattern = backup_facts::names::PLAN_NAME.regex))]
    pub name: Spanned<String>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advanced_backup_settings: Vec<Spanned<AdvancedBackupSetting>>,
    /// Malware scan settings of the plan (AWS Backup + GuardDuty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scan_settings: Vec<Spanned<ScanSetting>>,
    pub rules: Vec<Spanned<Rule>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selections: Vec<Spanned<Selection>>,
}

/// Per-resource-type backup options, e.g. `EC2` with `WindowsVSS: enabled`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvancedBackupSetting {
    pub resource_type: Spanned<String>,
    pub backup_options: BTreeMap<String, Spanned<String>>,
}

/// Malware scanning of a plan's resource types.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanSetting {
    /// Only `GUARDDUTY` exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub malware_scanner: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_types: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scanner_role_arn: Option<Spanned<String>>,
}

/// A backup rule after its template (if any) has been applied.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = super::schema::rule_target_or_template)]
pub struct Rule {
    /// Rule name, 1..50 of letters, digits, `-`, `_` and `.`; unique in its plan.
    #[schemars(regex(pattern = backup_facts::names::RULE_NAME.regex))]
    pub name: Spanned<String>,
    /// Name of a `rule_templates` entry whose keys this rule inherits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<Spanned<String>>,
    /// A vault of this config or one listed in `external_vaults`.
    /// Required, here or in the template.
    pub target_vault: Spanned<String>,
    #[serde(flatten)]
    pub fields: RuleFields,
}

/// `rule.schedule` reads through to the shared fields.
impl Deref for Rule {
    type Target = RuleFields;
    fn deref(&self) -> &RuleFields {
        &self.fields
    }
}

/// A rule template: the fields of a rule without `name`, all optional.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleTemplate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_vault: Option<Spanned<String>>,
    #[serde(flatten)]
    pub fields: RuleFields,
}

/// Rule fields shared by [`Rule`] and [`RuleTemplate`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct RuleFields {
    /// ARN of a logically air-gapped vault that receives the backups directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_logically_air_gapped_backup_vault_arn: Option<Spanned<String>>,
    /// AWS cron: `cron(min hour day-of-month month day-of-week year)`.
    /// AWS uses `cron(0 5 ? * * *)` when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^cron\(.*\)$"))]
    pub schedule: Option<Spanned<String>>,
    /// IANA timezone of the schedule (default `Etc/UTC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_timezone: Option<Spanned<String>>,
    /// At least 60 (AWS default 480).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = backup_facts::limits::MIN_START_WINDOW))]
    pub start_window_minutes: Option<Spanned<i64>>,
    /// Greater than the start window (AWS default 10080).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = backup_facts::limits::MIN_START_WINDOW + 1))]
    pub completion_window_minutes: Option<Spanned<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Spanned<Lifecycle>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copy_actions: Vec<Spanned<CopyAction>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_continuous_backup: Option<bool>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub recovery_point_tags: Tags,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub index_actions: Vec<Spanned<IndexAction>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scan_actions: Vec<Spanned<ScanAction>>,
}

/// When recovery points move to cold storage and when they expire.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = backup_facts::limits::MAX_RETENTION_DAYS))]
    pub move_to_cold_storage_after_days: Option<Spanned<i64>>,
    /// At least `move_to_cold_storage_after_days + 90`; at most 36,500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = backup_facts::limits::MAX_RETENTION_DAYS))]
    pub delete_after_days: Option<Spanned<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_in_to_archive_for_supported_resources: Option<bool>,
    /// `DELETE_AFTER_COPY`: delete the source once it has been copied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_event: Option<Spanned<String>>,
}

/// Copy each recovery point to another vault (any account/region).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CopyAction {
    pub destination_vault_arn: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Spanned<Lifecycle>>,
}

/// Index recovery points for search (e.g. `EBS`, `S3`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexAction {
    pub resource_types: Vec<Spanned<String>>,
}

/// Malware scan of new recovery points.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanAction {
    /// Only `GUARDDUTY` exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub malware_scanner: Option<Spanned<String>>,
    /// `FULL_SCAN` or `INCREMENTAL_SCAN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_mode: Option<Spanned<String>>,
}

/// Which resources a plan backs up.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    #[schemars(regex(pattern = backup_facts::names::SELECTION_NAME.regex))]
    pub name: Spanned<String>,
    pub iam_role_arn: Spanned<String>,
    /// Resource ARNs; `*` wildcards allowed (`arn:aws:ec2:*:*:volume/*`, or `*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_resources: Vec<Spanned<String>>,
    /// Resources carrying any of these tags are selected (OR).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list_of_tags: Vec<Spanned<TagCondition>>,
    /// Conditions that all must hold (AND).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Spanned<Conditions>>,
}

/// One `ListOfTags` entry.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagCondition {
    /// Only `STRINGEQUALS` exists (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition_type: Option<Spanned<String>>,
    pub key: Spanned<String>,
    pub value: Spanned<String>,
}

/// Tag conditions of a selection (`aws:ResourceTag/<key>` keys).
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub string_equals: Vec<Spanned<ConditionParameter>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub string_not_equals: Vec<Spanned<ConditionParameter>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub string_like: Vec<Spanned<ConditionParameter>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub string_not_like: Vec<Spanned<ConditionParameter>>,
}

/// `key` (e.g. `aws:ResourceTag/backup`) and `value`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionParameter {
    pub key: Spanned<String>,
    pub value: Spanned<String>,
}
