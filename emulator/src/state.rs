//! The emulated AWS state, per account and region, indexed with ordered maps
//! so lookups and paginated lists stay fast at 100,000 resources; plus its
//! JSON form (admin dump/seed; the state file is in `persist`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::auth::Caller;
pub use crate::state_audit::{Framework, LegalHold, ReportPlan};
use crate::util;

pub type Tags = BTreeMap<String, String>;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Store {
    pub accounts: BTreeMap<String, Account>,
    /// Trust rules of IAM roles for STS, keyed by role ARN (set through
    /// `/__emulator/sts/...`). Left out of dumps while empty, so a state
    /// without them reads and writes as before.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub role_trust: BTreeMap<String, RoleTrust>,
    /// IAM policies attached through `/__emulator/iam/...` (enforced by
    /// `crate::iam`); left out of dumps while empty.
    #[serde(skip_serializing_if = "crate::iam_policy::IamConfig::is_empty")]
    pub iam: crate::iam_policy::IamConfig,
}

/// What STS checks before it lets a caller assume one role. A role with no
/// entry may be assumed by anyone (the emulator has no trust policies).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoleTrust {
    /// Every AssumeRole and AssumeRoleWithWebIdentity is AccessDenied.
    pub denied: bool,
    /// AssumeRole must carry exactly this ExternalId (the
    /// `sts:ExternalId` condition of a trust policy).
    pub external_id: Option<String>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Account {
    pub global_settings: BTreeMap<String, String>,
    pub global_settings_updated: Option<f64>,
    pub regions: BTreeMap<String, Region>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Region {
    pub vaults: BTreeMap<String, Vault>,
    pub plans: BTreeMap<String, Plan>,
    /// Only what was set through UpdateRegionSettings; defaults are added on read.
    pub opt_in: BTreeMap<String, bool>,
    pub management: BTreeMap<String, bool>,
    /// BackupJob shapes as AWS returns them (seeded through the admin API).
    pub jobs: Vec<Value>,
    /// The region's `aws/backup` KMS key id used for vaults created without one.
    pub default_key_id: String,
    /// KMS aliases registered through the admin API: `alias/NAME` -> key id.
    pub kms_aliases: BTreeMap<String, String>,
    /// Backup Audit Manager frameworks by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub frameworks: BTreeMap<String, Framework>,
    /// Backup Audit Manager report plans by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub report_plans: BTreeMap<String, ReportPlan>,
    /// Legal holds by id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub legal_holds: BTreeMap<String, LegalHold>,
    /// CopyJob shapes as AWS returns them (seeded through the admin API).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copy_jobs: Vec<Value>,
    /// RestoreJobsListMember shapes (seeded through the admin API).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub restore_jobs: Vec<Value>,
    /// Restore testing plans by name (names are unique in a region).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub restore_testing_plans: BTreeMap<String, RestoreTestingPlan>,
    /// Tiering configurations by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tiering_configurations: BTreeMap<String, TieringConfiguration>,
}

/// A restore testing plan: `plan` holds the members as sent (no defaults;
/// those are filled on read), its selections are keyed by name.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RestoreTestingPlan {
    pub arn: String,
    pub creation_time: f64,
    pub last_update_time: f64,
    pub last_execution_time: Option<f64>,
    pub creator_request_id: String,
    pub tags: Tags,
    pub plan: Value,
    pub selections: BTreeMap<String, RestoreTestingSelection>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RestoreTestingSelection {
    pub creation_time: f64,
    pub creator_request_id: String,
    pub selection: Value,
}

/// A tiering configuration: `resource_selection` is the model's
/// `ResourceSelection` list as it was sent (and is answered).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct TieringConfiguration {
    pub name: String,
    /// The id part of its ARN (`tiering-configuration:NAME-ID`).
    pub id: String,
    pub backup_vault_name: String,
    pub resource_selection: Value,
    pub creator_request_id: String,
    pub creation_time: f64,
    pub last_updated_time: f64,
    pub tags: Tags,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Vault {
    pub name: String,
    pub creation_date: f64,
    pub creator_request_id: Option<String>,
    pub encryption_key_arn: Option<String>,
    pub tags: Tags,
    pub access_policy: Option<String>,
    pub notifications: Option<Notifications>,
    pub lock: Option<Lock>,
    pub recovery_points: Vec<RecoveryPoint>,
    /// `LOGICALLY_AIR_GAPPED_BACKUP_VAULT` or `RESTORE_ACCESS_BACKUP_VAULT`
    /// (see `ops::air_gapped`); None is a standard `BACKUP_VAULT`. Left
    /// out of dumps while None, so older states read and write as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vault_type: Option<String>,
    /// Still `CREATING` (only vaults of the other types start so; the
    /// first read that shows it flips it to `AVAILABLE`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub creating: bool,
    /// A restore access vault's source (air-gapped) vault ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_vault_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mpa_approval_team_arn: Option<String>,
}

impl Vault {
    /// The model's `VaultType` of this vault.
    pub fn vault_type(&self) -> &str {
        self.vault_type.as_deref().unwrap_or("BACKUP_VAULT")
    }
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Notifications {
    pub sns_topic_arn: String,
    pub events: Vec<String>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Lock {
    pub min_retention_days: Option<i64>,
    pub max_retention_days: Option<i64>,
    /// Set when ChangeableForDays was given: after it, the lock is immutable.
    pub lock_date: Option<f64>,
}

impl Lock {
    pub fn immutable(&self, now: f64) -> bool {
        self.lock_date.is_some_and(|d| now >= d)
    }
    /// Locked: governance mode at once; compliance mode once the grace time ended.
    pub fn locked(&self, now: f64) -> bool {
        self.lock_date.is_none_or(|d| now >= d)
    }
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RecoveryPoint {
    pub recovery_point_arn: String,
    pub resource_arn: String,
    pub resource_type: String,
    pub creation_date: f64,
    pub status: String,
    pub backup_size_in_bytes: i64,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
    pub id: String,
    pub creator_request_id: Option<String>,
    pub creation_date: f64,
    pub deletion_date: Option<f64>,
    pub tags: Tags,
    /// Oldest first; the last one is current. `document` is the BackupPlan
    /// as GetBackupPlan returns it (defaults and RuleIds filled in).
    pub versions: Vec<PlanVersion>,
    pub selections: BTreeMap<String, Selection>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanVersion {
    pub version_id: String,
    pub creation_date: f64,
    pub document: Value,
}

impl Plan {
    pub fn current(&self) -> &PlanVersion {
        self.versions.last().expect("a plan always has a version")
    }
    pub fn name(&self) -> &str {
        self.current().document["BackupPlanName"]
            .as_str()
            .unwrap_or_default()
    }
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Selection {
    pub id: String,
    pub creation_date: f64,
    pub creator_request_id: Option<String>,
    /// The BackupSelection as GetBackupSelection returns it.
    pub selection: Value,
}

pub fn vault_arn(c: &Caller, name: &str) -> String {
    format!(
        "arn:aws:backup:{}:{}:backup-vault:{}",
        c.region, c.account, name
    )
}

pub fn plan_arn(c: &Caller, id: &str) -> String {
    format!(
        "arn:aws:backup:{}:{}:backup-plan:{}",
        c.region, c.account, id
    )
}

pub fn tiering_arn(c: &Caller, t: &TieringConfiguration) -> String {
    format!(
        "arn:aws:backup:{}:{}:tiering-configuration:{}-{}",
        c.region, c.account, t.name, t.id
    )
}

impl Store {
    pub fn account_mut(&mut self, account: &str) -> &mut Account {
        self.accounts.entry(account.to_string()).or_default()
    }

    pub fn region_mut(&mut self, c: &Caller) -> &mut Region {
        let r = self
            .account_mut(&c.account)
            .regions
            .entry(c.region.clone())
            .or_default();
        if r.default_key_id.is_empty() {
            r.default_key_id = util::uuid();
        }
        r
    }

    /// Completes a seeded state: names and ids from map keys, plan versions,
    /// rule ids and defaults, so a minimal hand-written seed works.
    pub fn fixup(&mut self) {
        for (account_id, account) in self.accounts.iter_mut() {
            for (region_name, region) in account.regions.iter_mut() {
                if region.default_key_id.is_empty() {
                    region.default_key_id = util::uuid();
                }
                crate::state_audit::fixup(
                    account_id,
                    region_name,
                    &mut region.frameworks,
                    &mut region.report_plans,
                    &mut region.legal_holds,
                    util::now(),
                );
                for (name, v) in region.vaults.iter_mut() {
                    v.name.clone_from(name);
                    if v.creation_date == 0.0 {
                        v.creation_date = util::now();
                    }
                }
                for (name, t) in region.tiering_configurations.iter_mut() {
                    t.name.clone_from(name);
                    if t.id.is_empty() {
                        t.id = util::uuid();
                    }
                    if t.creation_time == 0.0 {
                        t.creation_time = util::now();
                    }
                    if t.last_updated_time == 0.0 {
                        t.last_updated_time = t.creation_time;
                    }
                    if t.creator_request_id.is_empty() {
                        t.creator_request_id = util::uuid();
                    }
                    if !t.resource_selection.is_array() {
                        t.resource_selection = Value::Array(Vec::new());
                    }
                }
                for (id, p) in region.plans.iter_mut() {
                    p.id.clone_from(id);
                    if p.creation_date == 0.0 {
                        p.creation_date = util::now();
                    }
                    if p.versions.is_empty() {
                        p.versions.push(PlanVersion::default());
                    }
                    for v in p.versions.iter_mut() {
                        if v.version_id.is_empty() {
                            v.version_id = util::version_id();
                        }
                        if v.creation_date == 0.0 {
                            v.creation_date = p.creation_date;
                        }
                        if !v.document.is_object() {
                            v.document = serde_json::json!({"BackupPlanName": id, "Rules": []});
                        }
                        crate::defaults::fill_rule_defaults(&mut v.document, None);
                    }
                    for (sid, s) in p.selections.iter_mut() {
                        s.id.clone_from(sid);
                        if s.creation_date == 0.0 {
                            s.creation_date = p.creation_date;
                        }
                        crate::defaults::fill_selection_defaults(&mut s.selection);
                    }
                }
            }
        }
    }
}
