//! The `settings:` section of the config: its types (what the loader
//! decodes into and what the JSON Schema is derived from) and their keys.
//! Re-exported as `config::Settings`; checked in `validate.rs`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::yaml::decode::decode_struct;
use crate::yaml::span::Spanned;

/// Account settings. Only declared keys are managed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Global settings, e.g. `isCrossAccountBackupEnabled: "true"`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub global: BTreeMap<String, Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionSettings>,
}

/// Region settings: resource type opt-in and full-management preferences.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionSettings {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resource_type_opt_in: BTreeMap<String, Spanned<bool>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resource_type_management: BTreeMap<String, Spanned<bool>>,
}

decode_struct!(Settings { global, region });
decode_struct!(RegionSettings {
    resource_type_opt_in,
    resource_type_management
});
