//! Offline checks of the config's vaults: names, KMS keys, access policies,
//! notifications, Vault Lock ranges and `ignore_tags` (its own list, and no
//! declared tag that the effective lists hide). Run by `config::validate`; the
//! checks that relate vaults to other kinds are in `config::validate::cross`.

use super::config::{Notifications, Vault};
use crate::resources::Config;
use crate::yaml::arn::Shape;
use crate::yaml::findings::Findings;
use crate::yaml::ignore_tags;
use crate::yaml::span::Spanned;
use crate::yaml::values::{MAX_RETENTION_DAYS, MIN_CHANGEABLE_FOR_DAYS, VAULT_EVENTS};

/// Check every vault (names unique, then each one).
pub(crate) fn check(c: &Config, r: &mut Findings<'_>) {
    r.unique(c.vaults.iter().map(|v| &v.name), "vault name");
    for v in &c.vaults {
        vault(c, v, r);
    }
}

fn vault(c: &Config, v: &Vault, r: &mut Findings<'_>) {
    r.shape(&v.name, Shape::VaultName);
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
    if let Some(l) = &v.lock {
        if let Some(min) = &l.min_retention_days {
            if min.value < 1 || min.value > MAX_RETENTION_DAYS {
                r.error(
                    &min.span,
                    format!(
                        "min_retention_days is {}; allowed 1 to {MAX_RETENTION_DAYS}",
                        min.value
                    ),
                    None,
                );
            }
        }
        if let Some(max) = &l.max_retention_days {
            if max.value < 1 || max.value > MAX_RETENTION_DAYS {
                r.error(
                    &max.span,
                    format!(
                        "max_retention_days is {}; allowed 1 to {MAX_RETENTION_DAYS}",
                        max.value
                    ),
                    None,
                );
            }
        }
        if let (Some(min), Some(max)) = (&l.min_retention_days, &l.max_retention_days) {
            if min.value > max.value {
                r.error(
                    &max.span,
                    format!(
                        "max_retention_days {} is below min_retention_days {}",
                        max.value, min.value
                    ),
                    None,
                );
            }
        }
        if let Some(ch) = &l.changeable_for_days {
            if ch.value < MIN_CHANGEABLE_FOR_DAYS || ch.value > MAX_RETENTION_DAYS {
                r.error(
                    &ch.span,
                    format!("changeable_for_days is {}; AWS needs at least {MIN_CHANGEABLE_FOR_DAYS}", ch.value),
                    Some("after this grace time the lock can never be removed (compliance mode); omit it for governance mode".into()),
                );
            }
        }
        if l.min_retention_days.is_none()
            && l.max_retention_days.is_none()
            && l.changeable_for_days.is_none()
        {
            r.error(
                &l.span,
                "lock sets nothing",
                Some("set min_retention_days and/or max_retention_days".into()),
            );
        }
    }
}

/// A vault's KMS key: a key ARN, not an alias (also for air-gapped vaults).
pub(crate) fn kms_key(k: &Spanned<String>, r: &mut Findings<'_>) {
    r.shape(k, Shape::KmsKey);
    // AWS stores and reports the key's ARN: an alias would never compare
    // equal and every plan would replace the vault.
    if let Some((_, alias)) = k.value.split_once(":alias/") {
        r.error(
                &k.span,
                format!(
                    "encryption_key_arn is a KMS alias (alias/{alias}); AWS Backup identifies a vault's key by its key ARN (it reports the key ARN, and has answered aliases with \"KMS key Alias is not supported by AWS Backup\"), so an alias would fail or look like a new key, which replaces the vault, on every plan"
                ),
                Some(format!(
                    "use the key ARN: aws kms describe-key --key-id alias/{alias} --query KeyMetadata.Arn"
                )),
            );
    }
}

/// A vault's notifications: topic ARN, at least one known event, no repeats
/// (also for air-gapped vaults).
pub(crate) fn notifications(n: &Spanned<Notifications>, r: &mut Findings<'_>) {
    r.shape(&n.sns_topic_arn, Shape::SnsTopic);
    if n.events.is_empty() {
        r.error(
            &n.span,
            "notifications need at least one event",
            Some("e.g. events: [BACKUP_JOB_FAILED]".into()),
        );
    }
    for e in &n.events {
        r.one_of(e, VAULT_EVENTS, "vault event");
    }
    r.unique(&n.events, "event");
}

/// An access policy is a JSON object with a `Statement`.
pub(crate) fn policy(p: &Spanned<serde_json::Value>, r: &mut Findings<'_>) {
    let Some(obj) = p.value.as_object() else {
        r.error(&p.span, "access policy must be a JSON object", None);
        return;
    };
    match obj.get("Statement") {
        Some(serde_json::Value::Array(a)) if !a.is_empty() => {
            if a.iter().any(|s| !s.is_object()) {
                r.error(&p.span, "every policy Statement must be an object", None);
            }
        }
        Some(serde_json::Value::Object(_)) => {}
        Some(_) => r.error(
            &p.span,
            "policy Statement must be an object or a non-empty list",
            None,
        ),
        None => r.error(
            &p.span,
            "access policy has no `Statement`",
            Some("a policy looks like {Version: \"2012-10-17\", Statement: [...]}".into()),
        ),
    }
    if let Some(v) = obj.get("Version").and_then(|v| v.as_str()) {
        if v != "2012-10-17" && v != "2008-10-17" {
            r.error(
                &p.span,
                format!("policy Version `{v}` is unknown"),
                Some("use \"2012-10-17\"".into()),
            );
        }
    }
}
