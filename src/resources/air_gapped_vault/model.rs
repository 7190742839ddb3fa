//! The normalized air-gapped vault: what the config asks for and what AWS
//! reports, converted into these types so comparing them is equality.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Notifications, Tags};

/// A logically air-gapped vault's managed attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AirGappedVault {
    pub name: String,
    pub min_retention_days: i64,
    pub max_retention_days: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_key_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Canonical JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_policy: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<Notifications>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpa_approval_team_arn: Option<String>,
    /// By name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub restore_access_vaults: BTreeMap<String, RestoreAccessVault>,
}

/// A restore access vault. `requester_comment` is write-only (carried to
/// the create call, never compared).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RestoreAccessVault {
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_comment: Option<String>,
}

impl PartialEq for RestoreAccessVault {
    fn eq(&self, other: &Self) -> bool {
        self.tags == other.tags
    }
}
impl Eq for RestoreAccessVault {}

/// An air-gapped vault as observed in the account. Its `VaultState` is not
/// kept: it changes by itself (`CREATING` -> `AVAILABLE`) and would change
/// a saved plan's live-state fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveAirGappedVault {
    pub arn: String,
    pub vault: AirGappedVault,
    pub number_of_recovery_points: i64,
    /// Restore access vault name -> ARN (to revoke it).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub restore_access_arns: BTreeMap<String, String>,
}
