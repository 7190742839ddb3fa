//! The normalized vault: what the config asks for and what AWS reports are
//! converted into these types, so comparing them is plain equality.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::Tags;

/// A backup vault's managed attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vault {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_key_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Canonical JSON (object keys sorted, no insignificant whitespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_policy: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<Notifications>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<VaultLock>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notifications {
    pub sns_topic_arn: String,
    pub events: BTreeSet<String>,
}

/// Vault Lock. `changeable_for_days` is write-only in AWS (never read back);
/// `lock_date` is read-only (DescribeBackupVault's `LockDate`: absent in
/// governance mode, the end of the grace period in compliance mode). Both
/// are carried, never compared directly: equality is min, max and the
/// [`LockMode`] each side implies.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VaultLock {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_retention_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retention_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changeable_for_days: Option<i64>,
    /// Live only: when the lock becomes (or became) immutable, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_date: Option<String>,
}

/// Governance mode (removable by anyone with the permission) or compliance
/// mode (immutable once its grace period ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockMode {
    Governance,
    Compliance,
}

impl LockMode {
    pub fn as_str(self) -> &'static str {
        match self {
            LockMode::Governance => "governance",
            LockMode::Compliance => "compliance",
        }
    }
}

impl VaultLock {
    /// The mode: compliance when the config gives a grace period or AWS
    /// reports a lock date.
    pub fn mode(&self) -> LockMode {
        if self.changeable_for_days.is_some() || self.lock_date.is_some() {
            LockMode::Compliance
        } else {
            LockMode::Governance
        }
    }
}

impl PartialEq for VaultLock {
    fn eq(&self, other: &Self) -> bool {
        self.min_retention_days == other.min_retention_days
            && self.max_retention_days == other.max_retention_days
            && self.mode() == other.mode()
    }
}
impl Eq for VaultLock {}

/// A vault as observed in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveVault {
    pub arn: String,
    pub vault: Vault,
    pub number_of_recovery_points: i64,
    pub locked: bool,
}

/// True for the names AWS gives the vaults it creates itself
/// (`aws/efs/automatic-backup-vault`): CreateBackupVault refuses a `/`, so
/// no one else can hold such a name, and such vaults cannot be managed.
pub fn is_aws_created_vault(name: &str) -> bool {
    name.starts_with("aws/")
}
