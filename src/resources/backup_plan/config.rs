//! The plan entries of the config (`plans:`, and `rule_templates:`): the
//! plan, rule and rule template types (what the loader decodes into and
//! what the JSON Schema is derived from) and their keys; a rule and its
//! template share `RuleFields`. Re-exported from `config::model`; checked in
//! `validate.rs`. A plan's selections are their own kind (`selection`).

use std::collections::BTreeMap;
use std::ops::Deref;

use schemars::JsonSchema;
use serde::Serialize;

use crate::resources::selection::config::Selection;
use crate::yaml::decode::{decode_struct, open_map, Cx, Decode};
use crate::yaml::ignore_tags::IgnoreTags;
use crate::yaml::raw::Node;
use crate::yaml::span::Spanned;
use crate::yaml::tags::Tags;

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
    /// Tags of this plan that other automation owns (in addition to the
    /// config-wide `ignore_tags`): never diffed, never removed. Rules'
    /// `recovery_point_tags` are not the plan's tags and are not affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_tags: Option<Spanned<IgnoreTags>>,
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
#[schemars(transform = rule_target_or_template)]
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
    /// A logically air-gapped vault that receives the backups directly: the
    /// name of one under `air_gapped_vaults` (sent as its ARN) or an ARN.
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
    /// The destination vault's ARN, or the name of a vault under
    /// `air_gapped_vaults` (sent as its ARN).
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

decode_struct!(BackupPlan {
    name,
    tags,
    ignore_tags,
    advanced_backup_settings,
    scan_settings,
    rules,
    selections
});
decode_struct!(AdvancedBackupSetting {
    resource_type,
    backup_options
});
decode_struct!(ScanSetting {
    malware_scanner,
    resource_types,
    scanner_role_arn
});
decode_struct!(RuleFields {
    target_logically_air_gapped_backup_vault_arn,
    schedule,
    schedule_timezone,
    start_window_minutes,
    completion_window_minutes,
    lifecycle,
    copy_actions,
    enable_continuous_backup,
    recovery_point_tags,
    index_actions,
    scan_actions,
});
decode_struct!(Lifecycle {
    move_to_cold_storage_after_days,
    delete_after_days,
    opt_in_to_archive_for_supported_resources,
    delete_after_event
});
decode_struct!(CopyAction {
    destination_vault_arn,
    lifecycle
});
decode_struct!(IndexAction { resource_types });
decode_struct!(ScanAction {
    malware_scanner,
    scan_mode
});
const RULE_OWN_KEYS: &[&str] = &["name", "template", "target_vault"];

fn keys_with(own: &[&'static str]) -> Vec<&'static str> {
    own.iter().chain(RuleFields::KEYS).copied().collect()
}

impl Decode for Rule {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        let map = open_map(node, cx, &keys_with(RULE_OWN_KEYS))?;
        let name = map.field(cx, "name");
        let template = map.field(cx, "template");
        let target_vault = map.field(cx, "target_vault");
        let fields = RuleFields::decode_in(&map, cx);
        Some(Rule {
            name: name?,
            template: template?,
            target_vault: target_vault?,
            fields: fields?,
        })
    }
}

impl Decode for RuleTemplate {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        let map = open_map(node, cx, &keys_with(&["target_vault"]))?;
        let target_vault = map.field(cx, "target_vault");
        let fields = RuleFields::decode_in(&map, cx);
        Some(RuleTemplate {
            target_vault: target_vault?,
            fields: fields?,
        })
    }
}

/// A rule needs `target_vault` unless a template supplies it.
pub(crate) fn rule_target_or_template(schema: &mut schemars::Schema) {
    if let Some(req) = schema.get_mut("required").and_then(|r| r.as_array_mut()) {
        req.retain(|k| k != "target_vault");
    }
    schema.insert(
        "anyOf".into(),
        serde_json::json!([{"required": ["target_vault"]}, {"required": ["template"]}]),
    );
}
