//! The air-gapped vault entries of the config (`air_gapped_vaults:`): their
//! types (decoded by the loader, published as JSON Schema) and keys. The
//! access policy and notifications are the vault kind's types.

use schemars::JsonSchema;
use serde::Serialize;

use crate::resources::vault::config::{policy_shape, Notifications};
use crate::yaml::decode::decode_struct;
use crate::yaml::ignore_tags::IgnoreTags;
use crate::yaml::span::Spanned;
use crate::yaml::tags::Tags;

/// A logically air-gapped backup vault. Its retention range is fixed at
/// creation: changing it replaces the vault.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AirGappedVault {
    /// Vault name, 2..50 of letters, digits, `-` and `_`; one name space
    /// with `vaults`. Cannot change after creation.
    #[schemars(regex(pattern = backup_facts::names::VAULT_NAME.regex))]
    pub name: Spanned<String>,
    /// Shortest retention (days) a recovery point in the vault may have.
    /// Changing it replaces the vault.
    #[schemars(range(min = 7, max = backup_facts::limits::MAX_RETENTION_DAYS))]
    pub min_retention_days: Spanned<i64>,
    /// Longest retention (days). Changing it replaces the vault.
    #[schemars(range(min = 7, max = backup_facts::limits::MAX_RETENTION_DAYS))]
    pub max_retention_days: Spanned<i64>,
    /// Customer managed KMS key ARN (else an AWS-owned key). Cannot change
    /// after creation.
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
    /// ARN of a Multi-party approval team
    /// (`arn:aws:mpa:REGION:ACCOUNT:approval-team/ID`) associated with the vault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(
        pattern = r"^arn:aws[a-z-]*:mpa:[a-z0-9-]*:[0-9]{12}:approval-team/[A-Za-z0-9_-]+$"
    ))]
    pub mpa_approval_team_arn: Option<Spanned<String>>,
    /// Restore access backup vaults linked to this vault, created and
    /// revoked with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restore_access_vaults: Vec<Spanned<RestoreAccessVault>>,
    /// Refuse any plan that would delete or replace this vault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevent_destroy: Option<bool>,
}

/// A restore access backup vault of an air-gapped vault.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreAccessVault {
    /// Vault name, 2..50 of letters, digits, `-` and `_`.
    #[schemars(regex(pattern = backup_facts::names::VAULT_NAME.regex))]
    pub name: Spanned<String>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Sent with the request (write-only: AWS never reports it, so it is
    /// never compared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_comment: Option<Spanned<String>>,
}

decode_struct!(AirGappedVault {
    name,
    min_retention_days,
    max_retention_days,
    encryption_key_arn,
    tags,
    ignore_tags,
    access_policy,
    notifications,
    mpa_approval_team_arn,
    restore_access_vaults,
    prevent_destroy
});
decode_struct!(RestoreAccessVault {
    name,
    tags,
    requester_comment
});
