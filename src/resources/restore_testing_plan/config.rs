//! The restore testing plans of the config (`restore_testing_plans:`):
//! their types (what the loader decodes into and what the JSON Schema is
//! derived from) and their keys. Checked in `validate.rs`; their
//! selections are `restore_testing_selection::config`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::resources::restore_testing_selection::config::RestoreTestingSelection;
use crate::yaml::decode::decode_struct;
use crate::yaml::ignore_tags::IgnoreTags;
use crate::yaml::span::Spanned;
use crate::yaml::tags::Tags;

/// A restore testing plan.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreTestingPlan {
    /// 1 to 50 letters, digits or `_`. Cannot change after creation.
    #[schemars(regex(pattern = backup_facts::restore_testing::NAME_REGEX))]
    pub name: Spanned<String>,
    /// AWS cron expression, e.g. `cron(0 5 ? * * *)`.
    pub schedule: Spanned<String>,
    /// IANA timezone of the schedule (AWS's default: `Etc/UTC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_timezone: Option<Spanned<String>>,
    /// Hours (1 to 168) a restore job may take to start (AWS's default: 24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 168))]
    pub start_window_hours: Option<Spanned<i64>>,
    pub recovery_point_selection: Spanned<RecoveryPointSelection>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Tags of this plan that other automation owns (in addition to the
    /// config-wide `ignore_tags`): never diffed, never removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_tags: Option<Spanned<IgnoreTags>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selections: Vec<Spanned<RestoreTestingSelection>>,
}

/// Which recovery points are restored.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryPointSelection {
    /// `LATEST_WITHIN_WINDOW` or `RANDOM_WITHIN_WINDOW`.
    #[schemars(transform = algorithm_enum)]
    pub algorithm: Spanned<String>,
    /// Vaults to choose from: names of vaults of this config (or
    /// `external_vaults`), vault ARNs (wildcards allowed), or `*`.
    pub include_vaults: Vec<Spanned<String>>,
    /// Vaults left out, written like `include_vaults`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_vaults: Vec<Spanned<String>>,
    /// `SNAPSHOT` and/or `CONTINUOUS`.
    #[schemars(transform = recovery_point_type_enum)]
    pub recovery_point_types: Vec<Spanned<String>>,
    /// Days (1 to 365) back to look for recovery points (AWS's default: 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 365))]
    pub selection_window_days: Option<Spanned<i64>>,
}

decode_struct!(RestoreTestingPlan {
    name,
    schedule,
    schedule_timezone,
    start_window_hours,
    recovery_point_selection,
    tags,
    ignore_tags,
    selections
});
decode_struct!(RecoveryPointSelection {
    algorithm,
    include_vaults,
    exclude_vaults,
    recovery_point_types,
    selection_window_days
});

fn algorithm_enum(schema: &mut schemars::Schema) {
    schema.insert(
        "enum".into(),
        serde_json::json!(backup_facts::restore_testing::ALGORITHMS),
    );
}

fn recovery_point_type_enum(schema: &mut schemars::Schema) {
    schema.insert(
        "items".into(),
        serde_json::json!({"type": "string", "enum": backup_facts::restore_testing::RECOVERY_POINT_TYPES}),
    );
}
