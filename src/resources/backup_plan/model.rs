//! The normalized backup plan (rules, advanced and scan settings) and the
//! live plan with its identifiers and selections.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::{LiveSelection, Selection, Tags};

/// A backup plan: its document (rules, settings), tags and selections.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupPlan {
    pub name: String,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Rules keyed by rule name: order never matters.
    pub rules: BTreeMap<String, Rule>,
    /// resource type -> backup options.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub advanced_backup_settings: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub scan_settings: BTreeSet<ScanSetting>,
    /// Selections keyed by selection name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub selections: BTreeMap<String, Selection>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ScanSetting {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub malware_scanner: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub resource_types: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scanner_role_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub target_vault: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_logically_air_gapped_backup_vault_arn: Option<String>,
    pub schedule: String,
    pub schedule_timezone: String,
    pub start_window_minutes: i64,
    pub completion_window_minutes: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Lifecycle>,
    /// Sorted by destination: AWS keeps them in order but order has no meaning.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub copy_actions: BTreeSet<CopyAction>,
    #[serde(default)]
    pub enable_continuous_backup: bool,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub recovery_point_tags: Tags,
    /// Each index action's resource types.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub index_actions: BTreeSet<BTreeSet<String>>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub scan_actions: BTreeSet<ScanAction>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Lifecycle {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_to_cold_storage_after_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_days: Option<i64>,
    #[serde(default)]
    pub opt_in_to_archive_for_supported_resources: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_event: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CopyAction {
    pub destination_vault_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Lifecycle>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ScanAction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub malware_scanner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_mode: Option<String>,
}

/// A plan as observed in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LivePlan {
    pub id: String,
    pub arn: String,
    pub version_id: String,
    pub plan: BackupPlan,
    /// Selection name -> selection id (of the selection in `plan.selections`:
    /// the one with the lowest id when a name is used more than once).
    pub selection_ids: BTreeMap<String, String>,
    /// Further selections whose name is already in `plan.selections` (AWS
    /// does not make selection names unique within a plan).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicate_selections: Vec<LiveSelection>,
}
