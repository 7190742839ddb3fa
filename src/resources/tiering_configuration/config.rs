//! The tiering configuration entries of the config
//! (`tiering_configurations:`): their types (what the loader decodes into
//! and what the JSON Schema is derived from) and their keys. Checked in
//! `validate.rs`.

use backup_facts::enums::TIERING_RESOURCE_TYPES;
use schemars::JsonSchema;
use serde::Serialize;

use crate::yaml::decode::decode_struct;
use crate::yaml::ignore_tags::IgnoreTags;
use crate::yaml::span::Spanned;
use crate::yaml::tags::Tags;

/// A tiering configuration: S3 backup data older than
/// `tiering_down_settings_in_days` moves to the low-cost warm storage tier
/// (one way: it stays there until deleted).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TieringConfiguration {
    /// 1 to 200 letters, digits or `_`. Cannot change after creation.
    #[schemars(regex(pattern = backup_facts::names::TIERING_CONFIGURATION_NAME))]
    pub name: Spanned<String>,
    /// The vault it applies to: one in `vaults` or `external_vaults`, or
    /// `*` for every vault. One configuration per vault, and one for `*`.
    #[schemars(regex(pattern = r"^(\*|[a-zA-Z0-9\-_]{2,50})$"))]
    pub vault: Spanned<String>,
    /// 1 to 5 selections; a resource appears in at most one of them.
    #[schemars(length(min = 1, max = backup_facts::limits::MAX_TIERING_SELECTIONS))]
    pub resource_selection: Vec<Spanned<TieringResourceSelection>>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Tags of this configuration that other automation owns (in addition
    /// to the config-wide `ignore_tags`): never diffed, never removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_tags: Option<Spanned<IgnoreTags>>,
}

/// Which resources tier down, and after how many days.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TieringResourceSelection {
    /// The resource type; AWS supports only `S3`.
    #[schemars(transform = resource_type_enum)]
    pub resource_type: Spanned<String>,
    /// `["*"]` for every resource of the type, or up to 100 S3 bucket ARNs
    /// (over all selections of the configuration).
    #[schemars(length(min = 1))]
    pub resources: Vec<Spanned<String>>,
    /// Days after which backup data moves to the low-cost tier (60 to 36500).
    #[schemars(range(
        min = backup_facts::limits::MIN_TIERING_DOWN_DAYS,
        max = backup_facts::limits::MAX_TIERING_DOWN_DAYS
    ))]
    pub tiering_down_settings_in_days: Spanned<i64>,
}

decode_struct!(TieringConfiguration {
    name,
    vault,
    resource_selection,
    tags,
    ignore_tags
});
decode_struct!(TieringResourceSelection {
    resource_type,
    resources,
    tiering_down_settings_in_days
});

/// Editors complete the resource type from AWS's list.
fn resource_type_enum(schema: &mut schemars::Schema) {
    schema.insert("enum".into(), serde_json::json!(TIERING_RESOURCE_TYPES));
}
