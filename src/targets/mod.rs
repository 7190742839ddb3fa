//! Targets: the accounts × regions one config declares (`targets:`), how
//! each is reached, its variables, and the per-target configs the loader
//! resolves from one set of files. A config without `targets:` has one
//! implicit target (the client's account and region), and every command
//! works as it did before targets existed.

pub mod decl;
pub mod expand;
pub mod findings;
pub mod select;
pub mod subst;
pub mod tree;

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Config;

/// One account × region the config applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `ACCOUNT/REGION`, e.g. `central/eu-west-1` (unique; sorted order is
    /// the run order and the order of every output).
    pub name: String,
    /// The key of the account entry under `targets:` (`central`).
    pub account: String,
    /// 12 digits.
    pub account_id: String,
    pub region: String,
    /// `aws`, `aws-cn` or `aws-us-gov` (derived from the region unless set).
    pub partition: String,
    /// How to reach it.
    pub access: Access,
    /// Resolved variables (defaults merged with the target's own), as JSON.
    pub variables: BTreeMap<String, serde_json::Value>,
}

/// How a target's credentials are obtained.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Access {
    /// Named profile (alone, or the source credentials of `role_arn`);
    /// `None` = the default chain (or `--profile`).
    pub profile: Option<String>,
    /// Role to assume with STS AssumeRole.
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
    /// Defaults to `backupctl`.
    pub session_name: Option<String>,
}

/// One target with its resolved config: variables substituted, the
/// resources that do not select it removed, cross-target vault
/// references turned into ARNs, `account_id`/`region` set to the target's.
#[derive(Debug, Clone)]
pub struct TargetConfig {
    pub target: Target,
    pub config: Config,
}

impl Target {
    /// The ARN of vault `name` in this target.
    pub fn vault_arn(&self, name: &str) -> String {
        format!(
            "arn:{}:backup:{}:{}:backup-vault:{name}",
            self.partition, self.region, self.account_id
        )
    }
}

/// The partition a region belongs to.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else {
        "aws"
    }
}

/// The other targets whose vaults `tc`'s plans copy into (by vault ARN:
/// a `destination_vault` reference, or an ARN written by hand that names a
/// target's vault), sorted and without duplicates. `apply` creates their
/// vaults first.
pub fn copy_dependencies(tc: &TargetConfig, all: &[TargetConfig]) -> Vec<String> {
    let arns: BTreeSet<&str> = tc
        .config
        .plans
        .iter()
        .flat_map(|p| &p.rules)
        .flat_map(|r| &r.copy_actions)
        .map(|c| c.destination_vault_arn.value.as_str())
        .collect();
    all.iter()
        .filter(|o| o.target.name != tc.target.name)
        .filter(|o| {
            o.config
                .vaults
                .iter()
                .map(|v| o.target.vault_arn(&v.name))
                .any(|a| arns.contains(a.as_str()))
        })
        .map(|o| o.target.name.clone())
        .collect()
}
