//! Config air-gapped vault -> normalized one (policy canonicalized, events
//! a set, restore access vaults by name).

use super::config;
use super::model::{AirGappedVault, RestoreAccessVault};
use crate::model::{normalize, Notifications};

pub(crate) fn vault(v: &config::AirGappedVault) -> AirGappedVault {
    AirGappedVault {
        name: v.name.value.clone(),
        min_retention_days: v.min_retention_days.value,
        max_retention_days: v.max_retention_days.value,
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
        mpa_approval_team_arn: v.mpa_approval_team_arn.as_ref().map(|s| s.value.clone()),
        restore_access_vaults: v
            .restore_access_vaults
            .iter()
            .map(|ra| {
                (
                    ra.name.value.clone(),
                    RestoreAccessVault {
                        tags: ra.tags.0.clone(),
                        requester_comment: ra.requester_comment.as_ref().map(|s| s.value.clone()),
                    },
                )
            })
            .collect(),
    }
}
