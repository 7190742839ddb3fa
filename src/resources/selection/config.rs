//! The selections of a plan in the config (`plans[].selections`): their
//! types (what the loader decodes into and what the JSON Schema is derived
//! from) and their keys. Re-exported from `config::model`; checked in
//! `validate.rs`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::yaml::decode::decode_struct;
use crate::yaml::span::Spanned;

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

decode_struct!(Selection {
    name,
    iam_role_arn,
    resources,
    not_resources,
    list_of_tags,
    conditions
});
decode_struct!(TagCondition {
    condition_type,
    key,
    value
});
decode_struct!(Conditions {
    string_equals,
    string_not_equals,
    string_like,
    string_not_like
});
decode_struct!(ConditionParameter { key, value });
