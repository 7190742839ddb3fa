//! The emulator's adjustable service quotas and switches (admin config
//! `limits`). Kept apart from the operations so the state, the controls and
//! the HTTP layer can all name them without depending on `ops`.

use backup_facts::limits::{PLANS_PER_REGION, SELECTIONS_PER_PLAN, VAULTS_PER_REGION};

/// Service quotas (AWS defaults; adjustable through the admin config).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Limits {
    pub vaults_per_region: usize,
    pub plans_per_region: usize,
    pub selections_per_plan: usize,
    /// Extra BackupVaultEvent values accepted besides the model's enum.
    pub extra_vault_events: Vec<String>,
    /// Refuse KMS alias ARNs in CreateBackupVault as AWS did in 2020
    /// (aws/aws-cdk#10979) instead of resolving them to a key ARN.
    pub refuse_kms_aliases: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            vaults_per_region: VAULTS_PER_REGION,
            plans_per_region: PLANS_PER_REGION,
            selections_per_plan: SELECTIONS_PER_PLAN,
            extra_vault_events: Vec::new(),
            refuse_kms_aliases: false,
        }
    }
}
