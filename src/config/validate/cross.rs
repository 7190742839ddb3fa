//! Cross-checks between resources that AWS only applies later, when a
//! backup job runs or a notification fires — so a config that passes here
//! but breaks them would "apply" fine and then never back anything up.
//! These are warnings (AWS accepts the config; an imported account may hold
//! exactly this), except the key region, which AWS refuses outright:
//! - a rule's (or copy action's) retention outside its target vault's Vault
//!   Lock range: AWS fails every backup or copy job into that vault;
//! - a vault's KMS key in another region than the config's: AWS refuses it;
//!   an SNS topic in another region: notifications never arrive;
//! - selection resource ARNs naming another region or account than the
//!   config's: a plan backs up resources of its own account and region only.

use super::findings::Findings;
use crate::config::model::{Config, Lifecycle, Vault};
use crate::yaml::span::{Span, Spanned};

pub(super) fn check(c: &Config, r: &mut Findings<'_>) {
    locks(c, r);
    if let Some(region) = &c.region {
        for v in &c.vaults {
            if let Some(k) = &v.encryption_key_arn {
                if let Some(kr) = field(&k.value, 3).filter(|kr| *kr != region.value) {
                    r.error(
                        &k.span,
                        format!("the KMS key is in {kr} but the vault is in {} (the config's region); AWS Backup needs a key in the vault's region", region.value),
                        Some(format!("use a key (or a multi-Region replica key) in {}", region.value)),
                    );
                }
            }
            if let Some(n) = &v.notifications {
                let t = &n.sns_topic_arn;
                if let Some(tr) = field(&t.value, 3).filter(|tr| *tr != region.value) {
                    r.warning(
                        &t.span,
                        format!("the SNS topic is in {tr} but the vault is in {}; AWS Backup notifies topics in the vault's region, so these notifications would never arrive", region.value),
                        Some(format!("use a topic in {}", region.value)),
                    );
                }
            }
        }
    }
    for p in &c.plans {
        for s in &p.selections {
            for res in &s.resources {
                foreign_resource(c, res, r);
            }
        }
    }
}

/// Field `i` of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:...`).
fn field(arn: &str, i: usize) -> Option<&str> {
    arn.strip_prefix("arn:")?;
    arn.split(':').nth(i)
}

fn foreign_resource(c: &Config, res: &Spanned<String>, r: &mut Findings<'_>) {
    let concrete = |s: &str| !s.is_empty() && !s.contains(['*', '?']);
    let mut other = Vec::new();
    if let (Some(want), Some(have)) = (&c.region, field(&res.value, 3).filter(|s| concrete(s))) {
        if want.value != have {
            other.push(format!("region {have} (the config's is {})", want.value));
        }
    }
    if let (Some(want), Some(have)) = (&c.account_id, field(&res.value, 4).filter(|s| concrete(s)))
    {
        if want.value != have {
            other.push(format!("account {have} (the config's is {})", want.value));
        }
    }
    if !other.is_empty() {
        r.warning(
            &res.span,
            format!(
                "this resource is in {}; a backup plan only backs up resources of its own account and region, so it would never be backed up",
                other.join(" and ")
            ),
            Some("select it from a config for its own account and region (or cover it with a copy action)".into()),
        );
    }
}

/// Retention of a lifecycle: `None` = kept for ever.
fn retention(l: Option<&Spanned<Lifecycle>>) -> Option<i64> {
    l.and_then(|l| l.delete_after_days.as_ref())
        .map(|d| d.value)
}

/// Every rule and copy action whose target is a vault of this config with a
/// lock: its retention must lie within the lock's range.
fn locks(c: &Config, r: &mut Findings<'_>) {
    let locked: std::collections::HashMap<&str, &Vault> = c
        .vaults
        .iter()
        .filter(|v| v.lock.is_some())
        .map(|v| (v.name.value.as_str(), &v.value))
        .collect();
    let vault = |name: &str| locked.get(name).copied();
    for p in &c.plans {
        for rule in &p.rules {
            if let Some(v) = vault(&rule.target_vault.value) {
                let at = rule.lifecycle.as_ref().map_or(&rule.span, |l| &l.span);
                in_range(v, retention(rule.lifecycle.as_ref()), at, "backup", r);
            }
            for ca in &rule.copy_actions {
                let arn = &ca.destination_vault_arn.value;
                let same_place = c
                    .region
                    .as_ref()
                    .is_some_and(|x| field(arn, 3) == Some(x.value.as_str()))
                    && c.account_id
                        .as_ref()
                        .is_none_or(|x| field(arn, 4) == Some(x.value.as_str()));
                let name = arn.rsplit_once(":backup-vault:").map(|(_, n)| n);
                if let (true, Some(v)) = (same_place, name.and_then(vault)) {
                    in_range(v, retention(ca.lifecycle.as_ref()), &ca.span, "copy", r);
                }
            }
        }
    }
}

fn in_range(v: &Vault, days: Option<i64>, at: &Span, job: &str, r: &mut Findings<'_>) {
    let Some(lock) = &v.lock else { return };
    let name = &v.name.value;
    let min = lock.min_retention_days.as_ref().map(|m| m.value);
    let max = lock.max_retention_days.as_ref().map(|m| m.value);
    let problem = match (days, min, max) {
        (Some(d), Some(m), _) if d < m => Some(format!(
            "a retention of {d} days is below vault `{name}`'s lock minimum of {m} days"
        )),
        (Some(d), _, Some(m)) if d > m => Some(format!(
            "a retention of {d} days is above vault `{name}`'s lock maximum of {m} days"
        )),
        (None, _, Some(m)) => Some(format!(
            "no delete_after_days means keeping recovery points for ever, above vault `{name}`'s lock maximum of {m} days"
        )),
        _ => None,
    };
    if let Some(p) = problem {
        r.warning(
            at,
            format!("{p}: AWS fails every {job} job into that vault"),
            Some(format!(
                "set lifecycle.delete_after_days within {}..{} days",
                min.unwrap_or(1),
                max.map_or(super::values::MAX_RETENTION_DAYS.to_string(), |m| m
                    .to_string())
            )),
        );
    }
}
