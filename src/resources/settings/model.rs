//! Normalized account settings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Account settings. On the desired side only declared keys are present; on
/// the live side everything AWS reported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub global: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resource_type_opt_in: BTreeMap<String, bool>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resource_type_management: BTreeMap<String, bool>,
}

impl Settings {
    pub fn is_empty(&self) -> bool {
        self.global.is_empty()
            && self.resource_type_opt_in.is_empty()
            && self.resource_type_management.is_empty()
    }
}
