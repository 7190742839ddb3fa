//! The normalized tiering configuration: what the config asks for and what
//! AWS reports are converted into these types, so comparing them is plain
//! equality. Selections and their resources are sets: their order carries
//! no meaning, so a reordered list (in the config or in AWS's answer) is no
//! change.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::Tags;

/// A tiering configuration's managed attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TieringConfiguration {
    pub name: String,
    /// A vault name, or `*` for every vault.
    pub vault: String,
    pub resource_selection: BTreeSet<TieringSelection>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

/// One resource selection.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TieringSelection {
    pub resource_type: String,
    pub resources: BTreeSet<String>,
    pub tiering_down_settings_in_days: i64,
}

/// A tiering configuration as observed in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveTieringConfiguration {
    pub arn: String,
    pub config: TieringConfiguration,
}

crate::resources::tagged::live_tagged!(LiveTieringConfiguration, config);
