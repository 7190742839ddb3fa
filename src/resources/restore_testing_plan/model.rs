//! The normalized restore testing plan (AWS's defaults filled in, vault
//! lists and recovery point types as sets) and the live plan with its ARN.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::Tags;
use crate::resources::restore_testing_selection::model::RestoreTestingSelection;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreTestingPlan {
    pub name: String,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    pub schedule: String,
    pub schedule_timezone: String,
    pub start_window_hours: i64,
    pub recovery_point_selection: RecoveryPointSelection,
    /// Selections by name (diffed as their own kind).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub selections: BTreeMap<String, RestoreTestingSelection>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryPointSelection {
    pub algorithm: String,
    /// Vault ARNs (or `*`). In the desired state before the diff resolves
    /// them, also names of the config's vaults.
    pub include_vaults: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub exclude_vaults: BTreeSet<String>,
    pub recovery_point_types: BTreeSet<String>,
    pub selection_window_days: i64,
}

/// A restore testing plan as observed in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveRestoreTestingPlan {
    pub arn: String,
    pub plan: RestoreTestingPlan,
}

crate::resources::tagged::live_tagged!(LiveRestoreTestingPlan, plan);
