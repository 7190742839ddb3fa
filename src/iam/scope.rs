//! What a config lets `iam-policy -f` narrow a policy to: the accounts and
//! regions it runs in (its targets, else its `account_id` / `region`
//! guards, `*` where it names none), the ARNs of the vaults it declares,
//! the KMS keys of those vaults, the roles it hands to AWS Backup
//! (selections, restore testing selections, scanner roles) and the roles
//! its targets are reached through.

use std::collections::BTreeSet;

use crate::config::{Config, LoadedConfig};
use crate::targets::partition_of;

/// One account × region the policy covers (`*` where the config does not
/// say).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub partition: String,
    pub region: String,
    pub account: String,
}

impl Place {
    /// Every account and region of the `aws` partition: the unscoped policy.
    pub fn anywhere() -> Place {
        Place {
            partition: "aws".into(),
            region: "*".into(),
            account: "*".into(),
        }
    }

    /// `arn:PARTITION:backup:REGION:ACCOUNT:KIND:NAME`.
    pub fn backup_arn(&self, kind: &str, name: &str) -> String {
        format!(
            "arn:{}:backup:{}:{}:{kind}:{name}",
            self.partition, self.region, self.account
        )
    }
}

/// The resources one config uses, for a scoped policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub places: BTreeSet<Place>,
    /// ARNs of the declared vaults, air-gapped vaults and restore access
    /// vaults, in each place they are declared for.
    pub vault_arns: BTreeSet<String>,
    /// `encryption_key_arn` of the declared vaults and air-gapped vaults.
    pub kms_keys: BTreeSet<String>,
    /// Roles handed to AWS Backup: selections' and restore testing
    /// selections' `iam_role_arn`, plans' `scanner_role_arn`.
    pub passed_roles: BTreeSet<String>,
    /// The targets' `role_arn`.
    pub target_roles: BTreeSet<String>,
}

impl Scope {
    /// The scope of a loaded config (every target's resolved config).
    pub fn of(loaded: &LoadedConfig) -> Scope {
        let mut scope = Scope::default();
        if loaded.targets.is_empty() {
            let c = &loaded.config;
            let region = c.region.as_ref().map(|r| r.value.clone());
            let place = Place {
                partition: region.as_deref().map_or("aws", partition_of).into(),
                region: region.unwrap_or_else(|| "*".into()),
                account: c
                    .account_id
                    .as_ref()
                    .map_or_else(|| "*".into(), |a| a.value.clone()),
            };
            scope.add(&place, c);
        } else {
            for tc in &loaded.targets {
                let t = &tc.target;
                let place = Place {
                    partition: t.partition.clone(),
                    region: t.region.clone(),
                    account: t.account_id.clone(),
                };
                scope.add(&place, &tc.config);
                if let Some(role) = &t.access.role_arn {
                    scope.target_roles.insert(role.clone());
                }
            }
        }
        scope
    }

    fn add(&mut self, place: &Place, c: &Config) {
        self.places.insert(place.clone());
        let vault = |name: &str| place.backup_arn("backup-vault", name);
        for v in &c.vaults {
            self.vault_arns.insert(vault(&v.value.name.value));
            if let Some(k) = &v.value.encryption_key_arn {
                self.kms_keys.insert(k.value.clone());
            }
        }
        for v in &c.air_gapped_vaults {
            self.vault_arns.insert(vault(&v.value.name.value));
            if let Some(k) = &v.value.encryption_key_arn {
                self.kms_keys.insert(k.value.clone());
            }
            for ra in &v.value.restore_access_vaults {
                self.vault_arns.insert(vault(&ra.value.name.value));
            }
        }
        for plan in &c.plans {
            for s in &plan.value.selections {
                self.passed_roles.insert(s.value.iam_role_arn.value.clone());
            }
            for s in &plan.value.scan_settings {
                if let Some(r) = &s.value.scanner_role_arn {
                    self.passed_roles.insert(r.value.clone());
                }
            }
        }
        for rtp in &c.restore_testing_plans {
            for s in &rtp.value.selections {
                self.passed_roles.insert(s.value.iam_role_arn.value.clone());
            }
        }
    }
}
