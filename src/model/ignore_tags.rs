//! Tags other automation owns (`ignore_tags`), as the desired state carries
//! them, and the one filter that hides them: [`Live::hide_ignored_tags`],
//! run right after observing (`engine::session::Session::observe`), so that
//! nothing downstream (diff, the update calls, plans, drift, reports, the
//! saved-plan live fingerprint) ever sees an ignored tag. A tag backupctl
//! cannot see is one it never diffs, shows or removes.
//!
//! Resource tags only: a vault's and a plan's. A rule's
//! `recovery_point_tags` are part of the plan document, not tags on a
//! resource, and are compared in full.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Live, Tags};
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
/// vault's and plan's own (which add to it, for the resource of that name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredTags {
    #[serde(default, skip_serializing_if = "TagKeys::is_empty")]
    pub all: TagKeys,
    /// Vault name -> its own list.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vaults: BTreeMap<String, TagKeys>,
    /// Plan name -> its own list.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub plans: BTreeMap<String, TagKeys>,
    /// Restore testing plan name -> its own list.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub restore_testing_plans: BTreeMap<String, TagKeys>,
    /// Tiering configuration name -> its own list.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tiering_configurations: BTreeMap<String, TagKeys>,
    /// Framework name -> its own list.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub frameworks: BTreeMap<String, TagKeys>,
    /// Report plan name -> its own list.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub report_plans: BTreeMap<String, TagKeys>,
}

impl IgnoredTags {
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
            && self.vaults.is_empty()
            && self.plans.is_empty()
            && self.restore_testing_plans.is_empty()
            && self.tiering_configurations.is_empty()
            && self.frameworks.is_empty()
            && self.report_plans.is_empty()
    }
}

/// Drop the tags `all` or `own` cover.
fn hide(tags: &mut Tags, all: &TagKeys, own: Option<&TagKeys>) {
    tags.retain(|k, _| !all.matches(k) && !own.is_some_and(|o| o.matches(k)));
}

impl Live {
    /// Drop every ignored tag from the vaults and plans read in full
    /// (the stack's duplicate plan copies included): the config-wide list
    /// on all of them, a resource's own list on the live resource of the
    /// same name. The stack tag is never dropped (validation refuses a
    /// list that covers it), so ownership is decided as before.
    pub fn hide_ignored_tags(&mut self, ignored: &IgnoredTags) {
        if ignored.is_empty() {
            return;
        }
        for (name, v) in &mut self.vaults {
            hide(&mut v.vault.tags, &ignored.all, ignored.vaults.get(name));
        }
        // Air-gapped vaults share the vaults' name space and own lists.
        for (name, v) in &mut self.air_gapped_vaults {
            hide(&mut v.vault.tags, &ignored.all, ignored.vaults.get(name));
        }
        for p in self.plans.values_mut().chain(&mut self.duplicate_plans) {
            let own = ignored.plans.get(&p.plan.name);
            hide(&mut p.plan.tags, &ignored.all, own);
        }
        for (name, p) in &mut self.restore_testing_plans {
            let own = ignored.restore_testing_plans.get(name);
            hide(&mut p.plan.tags, &ignored.all, own);
        }
        for (name, t) in &mut self.tiering_configurations {
            let own = ignored.tiering_configurations.get(name);
            hide(&mut t.config.tags, &ignored.all, own);
        }
        for (name, f) in &mut self.frameworks {
            hide(
                &mut f.framework.tags,
                &ignored.all,
                ignored.frameworks.get(name),
            );
        }
        for (name, p) in &mut self.report_plans {
            hide(
                &mut p.plan.tags,
                &ignored.all,
                ignored.report_plans.get(name),
            );
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
            vaults: [("a".to_string(), keys(&["Owner"], &[]))].into(),
            plans: [("p".to_string(), keys(&[], &["team:"]))].into(),
            ..Default::default()
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
