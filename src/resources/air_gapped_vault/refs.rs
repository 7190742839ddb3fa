//! Plan rules may name a declared air-gapped vault in
//! `target_logically_air_gapped_backup_vault_arn` and in a copy action's
//! `destination_vault_arn`: before the plans are
//! diffed, such a name becomes the vault's ARN (the live one, else the ARN
//! AWS will give it: `arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME`), so
//! plans compare and are sent with ARNs as AWS stores them.

use std::borrow::Cow;

use crate::model::{Desired, Live};

/// `desired` with every rule's air-gapped target name resolved (borrowed
/// unchanged when no rule names one).
pub(crate) fn resolve<'d>(desired: &'d Desired, live: &Live) -> Cow<'d, Desired> {
    if !needs_account(desired) {
        return Cow::Borrowed(desired);
    }
    let mut out = desired.clone();
    for plan in out.plans.values_mut() {
        for rule in plan.rules.values_mut() {
            if let Some(t) = rule.target_logically_air_gapped_backup_vault_arn.as_mut() {
                if let Some(arn) = arn_of(t, desired, live) {
                    *t = arn;
                }
            }
            // A set ordered by destination: rebuilt.
            rule.copy_actions = std::mem::take(&mut rule.copy_actions)
                .into_iter()
                .map(|mut c| {
                    if let Some(arn) = arn_of(&c.destination_vault_arn, desired, live) {
                        c.destination_vault_arn = arn;
                    }
                    c
                })
                .collect();
        }
    }
    Cow::Owned(out)
}

/// The ARN of the declared air-gapped vault `name`, if it is one and the
/// account is known.
pub(crate) fn arn_of(name: &str, desired: &Desired, live: &Live) -> Option<String> {
    if !desired.air_gapped_vaults.contains_key(name) {
        return None;
    }
    if let Some(v) = live.air_gapped_vaults.get(name) {
        return Some(v.arn.clone());
    }
    let account = live.account_id.as_deref()?;
    Some(format!(
        "arn:aws:backup:{}:{account}:backup-vault:{name}",
        live.region
    ))
}

/// True when a rule names an air-gapped vault by name (the account must
/// then be known to build its ARN).
pub(crate) fn needs_account(desired: &Desired) -> bool {
    desired.plans.values().any(|p| {
        p.rules.values().any(|r| {
            r.target_logically_air_gapped_backup_vault_arn
                .iter()
                .chain(r.copy_actions.iter().map(|c| &c.destination_vault_arn))
                .any(|t| desired.air_gapped_vaults.contains_key(t))
        })
    })
}
