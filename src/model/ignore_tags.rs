//! Tags other automation owns (`ignore_tags`), as the desired state carries
//! them, and the one filter that hides them: [`Live::hide_ignored_tags`],
//! run right after observing (`engine::session::Session::observe`), so that
//! nothing downstream (diff, the update calls, plans, drift, reports, the
//! saved-plan live fingerprint) ever sees an ignored tag. A tag backupctl
//! cannot see is one it never diffs, shows or removes.
//!
//! Resource tags only, each kind's hidden by its own `KindOps::hide_tags`
//! (a kind without tags has none). A backup rule's
//! `recovery_point_tags` are part of the plan document, not tags on a
//! resource, and are compared in full.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Live, Tags};
use crate::resources::{Kind, REGISTRY};
use crate::yaml::ignore_tags::{covers, IgnoreTags};

/// One `ignore_tags` list, normalized: exact keys and key prefixes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagKeys {
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub keys: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub key_prefixes: BTreeSet<String>,
}

impl TagKeys {
    /// The list as the config gives it.
    pub fn from_config(c: &IgnoreTags) -> TagKeys {
        TagKeys {
            keys: c.keys.iter().map(|k| k.value.clone()).collect(),
            key_prefixes: c.key_prefixes.iter().map(|k| k.value.clone()).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.key_prefixes.is_empty()
    }

    /// Whether tag key `key` is ignored: one of the keys, or starting with
    /// one of the prefixes.
    pub fn matches(&self, key: &str) -> bool {
        self.keys.iter().any(|k| covers(k, false, key))
            || self.key_prefixes.iter().any(|p| covers(p, true, key))
    }
}

/// Every `ignore_tags` list of a config: the config-wide one and each
/// resource's own (which adds to it, for the resource of that name), filed
/// by kind. Air-gapped vaults file theirs under [`Kind::Vault`]: vault
/// names are one name space.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredTags {
    #[serde(default, skip_serializing_if = "TagKeys::is_empty")]
    pub all: TagKeys,
    /// Kind -> resource name -> its own list.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub own: BTreeMap<Kind, BTreeMap<String, TagKeys>>,
}

impl IgnoredTags {
    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.own.is_empty()
    }

    /// File the own list of the `kind` resource `name`.
    pub fn add_own(&mut self, kind: Kind, name: String, keys: TagKeys) {
        self.own.entry(kind).or_default().insert(name, keys);
    }

    /// The own list of the `kind` resource `name`, if it has one.
    pub fn own(&self, kind: Kind, name: &str) -> Option<&TagKeys> {
        self.own.get(&kind).and_then(|m| m.get(name))
    }

    /// Drop from `tags` (of the `kind` resource `name`) the tags the
    /// config-wide list or the resource's own list covers.
    pub fn hide(&self, kind: Kind, name: &str, tags: &mut Tags) {
        let own = self.own(kind, name);
        tags.retain(|k, _| !self.all.matches(k) && !own.is_some_and(|o| o.matches(k)));
    }
}

impl Live {
    /// Drop every ignored tag from the resources read in full: the
    /// config-wide list on all of them, a resource's own list on the live
    /// resource of the same name. Each kind hides its own
    /// (`KindOps::hide_tags`), so this file names no kind. The stack tag is
    /// never dropped (validation refuses a list that covers it), so
    /// ownership is decided as before.
    pub fn hide_ignored_tags(&mut self, ignored: &IgnoredTags) {
        if ignored.is_empty() {
            return;
        }
        for info in REGISTRY {
            if let Some(hide) = info.ops.hide_tags {
                hide(self, ignored);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BackupPlan, LivePlan, LiveVault, Vault, STACK_TAG};

    fn keys(keys: &[&str], prefixes: &[&str]) -> TagKeys {
        TagKeys {
            keys: keys.iter().map(|s| s.to_string()).collect(),
            key_prefixes: prefixes.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn tags(keys: &[&str]) -> Tags {
        keys.iter()
            .map(|k| (k.to_string(), "x".to_string()))
            .collect()
    }

    fn live_vault(name: &str, t: &[&str]) -> LiveVault {
        LiveVault {
            arn: format!("arn:aws:backup:us-east-1:123456789012:backup-vault:{name}"),
            vault: Vault {
                name: name.into(),
                tags: tags(t),
                ..Default::default()
            },
            number_of_recovery_points: 0,
            locked: false,
        }
    }

    fn live_plan(name: &str, id: &str, t: &[&str]) -> LivePlan {
        LivePlan {
            id: id.into(),
            arn: format!("arn:aws:backup:us-east-1:123456789012:backup-plan:{id}"),
            version_id: "v1".into(),
            plan: BackupPlan {
                name: name.into(),
                tags: tags(t),
                ..Default::default()
            },
            selection_ids: BTreeMap::new(),
            duplicate_selections: Vec::new(),
        }
    }

    fn names(t: &Tags) -> Vec<&str> {
        t.keys().map(String::as_str).collect()
    }

    #[test]
    fn matches_exact_keys_and_prefixes_only() {
        let k = keys(&["CostCenter"], &["aws:", "org:"]);
        assert!(k.matches("CostCenter"));
        assert!(k.matches("aws:cloudformation:stack-name"));
        assert!(k.matches("org:team"));
        assert!(!k.matches("CostCenter2"));
        assert!(!k.matches("costcenter"));
        assert!(!k.matches("Team"));
        assert!(!k.matches(STACK_TAG));
        assert!(!TagKeys::default().matches("anything"));
    }

    #[test]
    fn hides_config_wide_and_own_tags_on_the_resource_of_that_name() {
        let mut live = Live::default();
        for (name, t) in [
            ("a", ["Owner", "CostCenter", "Team"]),
            ("b", ["Owner", "CostCenter", "Team"]),
        ] {
            let mut t = tags(&t);
            t.insert(STACK_TAG.into(), "s".into());
            let mut v = live_vault(name, &[]);
            v.vault.tags = t;
            live.vaults.insert(name.into(), v);
        }
        live.plans.insert(
            "p".into(),
            live_plan("p", "1", &["team:x", "org:y", "Keep"]),
        );
        live.duplicate_plans
            .push(live_plan("p", "2", &["team:x", "Keep"]));
        live.plans
            .insert("q".into(), live_plan("q", "3", &["team:x", "Keep"]));
        let ignored = IgnoredTags {
            all: keys(&["CostCenter"], &["org:"]),
            own: [
                (
                    Kind::Vault,
                    [("a".to_string(), keys(&["Owner"], &[]))].into(),
                ),
                (
                    Kind::BackupPlan,
                    [("p".to_string(), keys(&[], &["team:"]))].into(),
                ),
            ]
            .into(),
        };
        live.hide_ignored_tags(&ignored);
        assert_eq!(names(&live.vaults["a"].vault.tags), ["Team", STACK_TAG]);
        assert_eq!(
            names(&live.vaults["b"].vault.tags),
            ["Owner", "Team", STACK_TAG]
        );
        assert_eq!(names(&live.plans["p"].plan.tags), ["Keep"]);
        assert_eq!(names(&live.duplicate_plans[0].plan.tags), ["Keep"]);
        assert_eq!(names(&live.plans["q"].plan.tags), ["Keep", "team:x"]);
    }

    #[test]
    fn nothing_ignored_changes_nothing() {
        let mut live = Live::default();
        live.vaults
            .insert("a".into(), live_vault("a", &["aws:x", "Owner"]));
        let before = live.clone();
        live.hide_ignored_tags(&IgnoredTags::default());
        assert_eq!(live, before);
    }
}
