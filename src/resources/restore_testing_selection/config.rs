//! The selections of a restore testing plan in the config
//! (`restore_testing_plans[].selections`): their types (what the loader
//! decodes into and what the JSON Schema is derived from) and their keys.
//! Checked in `validate.rs`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::yaml::decode::decode_struct;
use crate::yaml::span::Spanned;

/// Which protected resources a restore testing plan restores.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreTestingSelection {
    /// 1 to 50 letters, digits or `_`, unique within its plan. Cannot change.
    #[schemars(regex(pattern = backup_facts::restore_testing::NAME_REGEX))]
    pub name: Spanned<String>,
    /// The role AWS Backup restores with (`arn:aws:iam::ACCOUNT:role/NAME`).
    pub iam_role_arn: Spanned<String>,
    /// `Aurora`, `DocumentDB`, `DynamoDB`, `EBS`, `EC2`, `EFS`, `FSx`,
    /// `Neptune`, `RDS` or `S3`. A change replaces the selection.
    #[schemars(transform = resource_type_enum)]
    pub protected_resource_type: Spanned<String>,
    /// Up to 30 ARNs, or `["*"]` (with or without conditions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protected_resource_arns: Vec<Spanned<String>>,
    /// Tag conditions on the protected resources (needs `["*"]` or no ARNs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protected_resource_conditions: Option<Spanned<ProtectedResourceConditions>>,
    /// Restore metadata keys to override (see AWS's inferred metadata).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub restore_metadata_overrides: BTreeMap<String, Spanned<String>>,
    /// Hours (0 to 168) to keep restored data for validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 168))]
    pub validation_window_hours: Option<Spanned<i64>>,
}

/// `string_equals` / `string_not_equals` lists of `{key, value}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProtectedResourceConditions {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub string_equals: Vec<Spanned<KeyValue>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub string_not_equals: Vec<Spanned<KeyValue>>,
}

/// A tag `key` (e.g. `aws:ResourceTag/restore`) and `value`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyValue {
    pub key: Spanned<String>,
    pub value: Spanned<String>,
}

decode_struct!(RestoreTestingSelection {
    name,
    iam_role_arn,
    protected_resource_type,
    protected_resource_arns,
    protected_resource_conditions,
    restore_metadata_overrides,
    validation_window_hours
});
decode_struct!(ProtectedResourceConditions {
    string_equals,
    string_not_equals
});
decode_struct!(KeyValue { key, value });

/// Editors complete the resource type from AWS's list.
fn resource_type_enum(schema: &mut schemars::Schema) {
    schema.insert(
        "enum".into(),
        serde_json::json!(backup_facts::restore_testing::PROTECTED_RESOURCE_TYPES),
    );
}
