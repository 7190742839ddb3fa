//! The desired-state config as typed structs.
//!
//! These types are the single source for three things: what the loader
//! decodes YAML into, what `backupctl schema` publishes (schemars derives the
//! JSON Schema from them, honouring the serde attributes), and what the `plan`
//! side converts into its domain model. Keys are snake_case; unknown keys are
//! errors (`deny_unknown_fields` becomes `additionalProperties: false`).
//! Values that validation must point at are [`Spanned`].
//!
//! This file holds the top level (`Config`, `ignore`); each resource kind's
//! types live in its folder (`resources/<kind>/config.rs`) and are
//! re-exported here, so `config::Vault` and `config::model::Rule` still name
//! them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::decode::decode_struct;
use super::span::Spanned;
pub use super::tags::Tags;
pub use crate::resources::backup_plan::config::{
    AdvancedBackupSetting, BackupPlan, CopyAction, IndexAction, Lifecycle, Rule, RuleFields,
    RuleTemplate, ScanAction, ScanSetting,
};
pub use crate::resources::selection::config::{
    ConditionParameter, Conditions, Selection, TagCondition,
};
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

decode_struct!(Config {
    version,
    stack,
    account_id,
    region,
    external_vaults,
    rule_templates,
    ignore,
    vaults,
    plans,
    settings
});
decode_struct!(Ignore { vaults, plans });
