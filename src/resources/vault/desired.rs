//! Config vault -> normalized vault (policy canonicalized, events a set).

use super::config;
use crate::model::{normalize, Notifications, Vault, VaultLock};

pub(crate) fn vault(v: &config::Vault) -> Vault {
    Vault {
        name: v.name.value.clone(),
        encryption_key_arn: v.encryption_key_arn.as_ref().map(|s| s.value.clone()),
        tags: v.tags.0.clone(),
        access_policy: v
            .access_policy
            .as_ref()
            .map(|p| normalize::canonical_json(&p.value)),
        notifications: v.notifications.as_ref().map(|n| Notifications {
            sns_topic_arn: n.sns_topic_arn.value.clone(),
            events: n.events.iter().map(|e| e.value.clone()).collect(),
        }),
        lock: v.lock.as_ref().map(|l| VaultLock {
            min_retention_days: l.min_retention_days.as_ref().map(|x| x.value),
            max_retention_days: l.max_retention_days.as_ref().map(|x| x.value),
            changeable_for_days: l.changeable_for_days.as_ref().map(|x| x.value),
            lock_date: None,
        }),
    }
}
