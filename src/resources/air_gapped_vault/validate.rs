//! Offline checks of the config's air-gapped vaults: names (one name space
//! with `vaults`, as in AWS, and with their restore access vaults),
//! retention ranges (AWS: 7 to 36,500 days, min <= max), KMS key, access
//! policy and notifications (the vault kind's checks), the MPA approval
//! team ARN, and `ignore_tags`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::config::AirGappedVault;
use crate::resources::vault::validate::{kms_key, notifications, policy};
use crate::resources::Config;
use crate::yaml::arn::Shape;
use crate::yaml::findings::Findings;
use crate::yaml::ignore_tags;
use crate::yaml::span::{Span, Spanned};
use crate::yaml::values::MAX_RETENTION_DAYS;

/// AWS's smallest MinRetentionDays for an air-gapped vault.
pub const MIN_RETENTION_DAYS: i64 = 7;

static MPA_TEAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^arn:aws[a-z-]*:mpa:[a-z0-9-]*:[0-9]{12}:approval-team/[A-Za-z0-9_-]+$")
        .expect("valid regex")
});

/// Check every air-gapped vault.
pub(crate) fn check(c: &Config, r: &mut Findings<'_>) {
    // Vaults, air-gapped vaults and their restore access vaults share AWS's
    // one vault name space (duplicates among `vaults` are the vault kind's).
    let mut seen: HashMap<&str, &Span> = HashMap::new();
    for v in &c.vaults {
        seen.entry(v.name.value.as_str()).or_insert(&v.name.span);
    }
    let ours = c.air_gapped_vaults.iter().flat_map(|a| {
        std::iter::once(&a.name).chain(a.restore_access_vaults.iter().map(|ra| &ra.name))
    });
    for n in ours {
        if let Some(first) = seen.get(n.value.as_str()) {
            let hint = format!(
                "first defined at {}; vaults, air-gapped vaults and restore access vaults share one name space",
                r.locate(first)
            );
            r.error(
                &n.span,
                format!("duplicate vault name `{}`", n.value),
                Some(hint),
            );
        } else {
            seen.insert(&n.value, &n.span);
        }
    }
    for v in &c.air_gapped_vaults {
        vault(c, v, r);
    }
    retention_of_jobs(c, r);
}

/// Rules and copy actions that name an air-gapped vault of the config: the
/// retention they give must lie within the vault's range, or AWS fails
/// every job into it (a warning: AWS accepts the plan).
fn retention_of_jobs(c: &Config, r: &mut Findings<'_>) {
    let by_name = |n: &str| c.air_gapped_vaults.iter().find(|v| v.name.value == n);
    for rule in c.plans.iter().flat_map(|p| &p.rules) {
        let f = &rule.fields;
        if let Some(v) = f
            .target_logically_air_gapped_backup_vault_arn
            .as_ref()
            .and_then(|t| by_name(&t.value))
        {
            let at = f.lifecycle.as_ref().map_or(&rule.span, |l| &l.span);
            let days = f
                .lifecycle
                .as_ref()
                .and_then(|l| l.delete_after_days.as_ref());
            in_range(v, days.map(|d| d.value), at, "backup", r);
        }
        for ca in &f.copy_actions {
            if let Some(v) = by_name(&ca.destination_vault_arn.value) {
                let days = ca
                    .lifecycle
                    .as_ref()
                    .and_then(|l| l.delete_after_days.as_ref());
                in_range(v, days.map(|d| d.value), &ca.span, "copy", r);
            }
        }
    }
}

fn in_range(v: &AirGappedVault, days: Option<i64>, at: &Span, job: &str, r: &mut Findings<'_>) {
    let (name, min, max) = (
        &v.name.value,
        v.min_retention_days.value,
        v.max_retention_days.value,
    );
    let problem = match days {
        Some(d) if d < min => format!("a retention of {d} days is below air-gapped vault `{name}`'s minimum of {min} days"),
        Some(d) if d > max => format!("a retention of {d} days is above air-gapped vault `{name}`'s maximum of {max} days"),
        None => format!("no delete_after_days means keeping recovery points for ever, above air-gapped vault `{name}`'s maximum of {max} days"),
        Some(_) => return,
    };
    r.warning(
        at,
        format!("{problem}: AWS fails every {job} job into that vault"),
        Some(format!(
            "set lifecycle.delete_after_days within {min}..{max} days"
        )),
    );
}

fn days(d: &Spanned<i64>, key: &str, r: &mut Findings<'_>) {
    if d.value < MIN_RETENTION_DAYS || d.value > MAX_RETENTION_DAYS {
        r.error(
            &d.span,
            format!(
                "{key} is {}; an air-gapped vault allows {MIN_RETENTION_DAYS} to {MAX_RETENTION_DAYS}",
                d.value
            ),
            None,
        );
    }
}

fn vault(c: &Config, v: &AirGappedVault, r: &mut Findings<'_>) {
    r.shape(&v.name, Shape::VaultName);
    days(&v.min_retention_days, "min_retention_days", r);
    days(&v.max_retention_days, "max_retention_days", r);
    if v.min_retention_days.value > v.max_retention_days.value {
        r.error(
            &v.max_retention_days.span,
            format!(
                "max_retention_days {} is below min_retention_days {}",
                v.max_retention_days.value, v.min_retention_days.value
            ),
            None,
        );
    }
    if let Some(own) = &v.ignore_tags {
        ignore_tags::check_own(own, c.ignore_tags.as_ref(), r);
    }
    ignore_tags::check_declared(
        &v.tags,
        &[c.ignore_tags.as_ref(), v.ignore_tags.as_ref()],
        r,
    );
    if let Some(k) = &v.encryption_key_arn {
        kms_key(k, r);
    }
    if let Some(p) = &v.access_policy {
        policy(p, r);
    }
    if let Some(n) = &v.notifications {
        notifications(n, r);
    }
    if let Some(t) = &v.mpa_approval_team_arn {
        if !MPA_TEAM.is_match(&t.value) {
            r.error(
                &t.span,
                format!("`{}` is not an MPA approval team ARN", t.value),
                Some("arn:aws:mpa:REGION:ACCOUNT:approval-team/ID".into()),
            );
        }
    }
    for ra in &v.restore_access_vaults {
        r.shape(&ra.name, Shape::VaultName);
    }
}
