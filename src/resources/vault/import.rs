//! Import writer for a live vault: its config entry (stack tag left out).

use serde_json::{json, Value};

use crate::model::{Live, LiveVault, STACK_TAG};
use crate::resources::ops::Select;
use crate::resources::writer::{item, put, user_tags, Obj};
use crate::resources::Import;

/// The vaults the filter chooses; another stack's are skipped.
pub(crate) fn select<'a>(live: &'a Live, s: &Select<'_>, out: &mut Import<'a>) {
    for v in live.vaults.values() {
        if !s.filter.matches(&v.vault.name, &v.vault.tags) {
            continue;
        }
        match v
            .vault
            .tags
            .get(STACK_TAG)
            .filter(|t| t.as_str() != s.stack)
        {
            Some(other) => out.skipped.push(format!(
                "vault \"{}\" belongs to stack \"{other}\"",
                v.vault.name
            )),
            None => out.vaults.push(v),
        }
    }
}

/// The `vaults:` section.
pub(crate) fn write(import: &Import<'_>, out: &mut String) {
    if !import.vaults.is_empty() {
        out.push_str("\nvaults:\n");
        for v in &import.vaults {
            out.push_str(&item(&format!("source: {}", v.arn), &vault(v)));
        }
    }
}

pub(crate) fn vault(v: &LiveVault) -> Value {
    let v = &v.vault;
    let mut m = Obj::new();
    m.insert("name".into(), json!(v.name));
    put(&mut m, "encryption_key_arn", v.encryption_key_arn.as_ref());
    put(&mut m, "tags", user_tags(&v.tags));
    put(&mut m, "access_policy", v.access_policy.as_ref());
    put(
        &mut m,
        "notifications",
        v.notifications
            .as_ref()
            .map(|n| json!({"sns_topic_arn": n.sns_topic_arn, "events": n.events})),
    );
    if let Some(l) = &v.lock {
        let mut lock = Obj::new();
        put(&mut lock, "min_retention_days", l.min_retention_days);
        put(&mut lock, "max_retention_days", l.max_retention_days);
        // A compliance-mode lock: AWS never returns the grace period, so
        // the days left until its lock date stand in (at least AWS's
        // minimum of 3). Only the mode is compared, so this plans nothing;
        // left out, the config would claim governance mode.
        if let Some(date) = &l.lock_date {
            put(
                &mut lock,
                "changeable_for_days",
                Some(grace_days_left(date)),
            );
        }
        if !lock.is_empty() {
            m.insert("lock".into(), Value::Object(lock));
        }
    }
    Value::Object(m)
}

/// Whole days from now until `date` (RFC 3339), at least 3.
fn grace_days_left(date: &str) -> i64 {
    let left = chrono::DateTime::parse_from_rfc3339(date)
        .map(|d| (d.timestamp() - chrono::Utc::now().timestamp() + 86_399) / 86_400)
        .unwrap_or(0);
    left.max(3)
}
