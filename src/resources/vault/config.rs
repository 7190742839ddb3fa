//! The vault entries of the config (`vaults:`): their types (what the
//! loader decodes into and what the JSON Schema is derived from, with the
//! schema's event enum and policy shape) and their keys. Re-exported from
//! `config::model`; checked in `validate.rs`.

use backup_facts::enums::VAULT_EVENTS;
use schemars::JsonSchema;
use serde::Serialize;

use crate::yaml::decode::decode_struct;
use crate::yaml::ignore_tags::IgnoreTags;
use crate::yaml::span::Spanned;
use crate::yaml::tags::Tags;

/// A backup vault.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vault {
    /// Vault name, 2..50 of letters, digits, `-` and `_`. Cannot change after creation.
    #[schemars(regex(pattern = backup_facts::names::VAULT_NAME.regex))]
    pub name: Spanned<String>,
    /// KMS key ARN used to encrypt recovery points. Cannot change after creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_key_arn: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Tags of this vault that other automation owns (in addition to the
    /// config-wide `ignore_tags`): never diffed, never removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_tags: Option<Spanned<IgnoreTags>>,
    /// Resource-based access policy: a YAML mapping or a JSON string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(transform = policy_shape)]
    pub access_policy: Option<Spanned<serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<Spanned<Notifications>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<Spanned<VaultLock>>,
    /// Refuse any plan that would delete or replace this vault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevent_destroy: Option<bool>,
}

/// SNS notifications of vault events.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notifications {
    pub sns_topic_arn: Spanned<String>,
    /// Values of the `BackupVaultEvent` enum, e.g. `BACKUP_JOB_FAILED`.
    #[schemars(transform = vault_event_enum)]
    pub events: Vec<Spanned<String>>,
}

/// Vault Lock. After `changeable_for_days` the lock becomes immutable.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VaultLock {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = backup_facts::limits::MAX_RETENTION_DAYS))]
    pub min_retention_days: Option<Spanned<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = backup_facts::limits::MAX_RETENTION_DAYS))]
    pub max_retention_days: Option<Spanned<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = backup_facts::limits::MIN_CHANGEABLE_FOR_DAYS))]
    pub changeable_for_days: Option<Spanned<i64>>,
}

decode_struct!(Vault {
    name,
    encryption_key_arn,
    tags,
    ignore_tags,
    access_policy,
    notifications,
    lock,
    prevent_destroy
});
decode_struct!(Notifications {
    sns_topic_arn,
    events
});
decode_struct!(VaultLock {
    min_retention_days,
    max_retention_days,
    changeable_for_days
});

/// Editors complete vault events from the model's enum.
pub(crate) fn vault_event_enum(schema: &mut schemars::Schema) {
    schema.insert(
        "items".into(),
        serde_json::json!({"type": "string", "enum": VAULT_EVENTS}),
    );
}

/// A policy is a JSON object with a `Statement`, or that object as a string.
pub(crate) fn policy_shape(schema: &mut schemars::Schema) {
    schema.insert(
        "anyOf".into(),
        serde_json::json!([
            {"type": "object", "required": ["Statement"]},
            {"type": "string", "contentMediaType": "application/json"},
            {"type": "null"}
        ]),
    );
}
