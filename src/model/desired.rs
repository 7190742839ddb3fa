//! Config -> desired state: turns the validated YAML model into the
//! normalized domain types that the diff compares with live state.

use std::collections::{BTreeMap, BTreeSet};

use crate::config;

use super::normalize;
use super::{
    BackupPlan, Conditions, CopyAction, Desired, Lifecycle, Notifications, Rule, ScanAction,
    ScanSetting, Selection, Settings, TagCondition, Vault, VaultLock,
};

/// Normalize a validated config.
pub fn from_config(c: &config::Config) -> Desired {
    let mut d = Desired {
        stack: c.stack.value.clone(),
        account_id: c.account_id.as_ref().map(|s| s.value.clone()),
        region: c.region.as_ref().map(|s| s.value.clone()),
        external_vaults: c.external_vaults.iter().map(|s| s.value.clone()).collect(),
        ..Default::default()
    };
    for v in &c.vaults {
        if v.prevent_destroy == Some(true) {
            d.prevent_destroy.insert(v.name.value.clone());
        }
        d.vaults.insert(v.name.value.clone(), vault(v));
    }
    for p in &c.plans {
        d.plans.insert(p.name.value.clone(), plan(p));
    }
    if let Some(s) = &c.settings {
        d.settings = settings(s);
    }
    if let Some(ig) = &c.ignore {
        d.ignore_vaults = ig.vaults.iter().map(|s| s.value.clone()).collect();
        d.ignore_plans = ig.plans.iter().map(|s| s.value.clone()).collect();
    }
    d
}

fn vault(v: &config::Vault) -> Vault {
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

fn plan(p: &config::BackupPlan) -> BackupPlan {
    BackupPlan {
        name: p.name.value.clone(),
        tags: p.tags.0.clone(),
        rules: p
            .rules
            .iter()
            .map(|r| (r.name.value.clone(), rule(r)))
            .collect(),
        advanced_backup_settings: p
            .advanced_backup_settings
            .iter()
            .map(|a| {
                let opts = a
                    .backup_options
                    .iter()
                    .map(|(k, v)| (k.clone(), v.value.clone()))
                    .collect();
                (a.resource_type.value.clone(), opts)
            })
            .collect(),
        scan_settings: p
            .scan_settings
            .iter()
            .map(|s| ScanSetting {
                malware_scanner: s.malware_scanner.as_ref().map(|x| x.value.clone()),
                resource_types: s.resource_types.iter().map(|x| x.value.clone()).collect(),
                scanner_role_arn: s.scanner_role_arn.as_ref().map(|x| x.value.clone()),
            })
            .collect(),
        selections: p
            .selections
            .iter()
            .map(|s| (s.name.value.clone(), selection(s)))
            .collect(),
    }
}

fn lifecycle(l: &config::Lifecycle) -> Option<Lifecycle> {
    normalize::lifecycle(Lifecycle {
        move_to_cold_storage_after_days: l
            .move_to_cold_storage_after_days
            .as_ref()
            .map(|x| x.value),
        delete_after_days: l.delete_after_days.as_ref().map(|x| x.value),
        opt_in_to_archive_for_supported_resources: l
            .opt_in_to_archive_for_supported_resources
            .unwrap_or(false),
        delete_after_event: l.delete_after_event.as_ref().map(|x| x.value.clone()),
    })
}

fn rule(r: &config::Rule) -> Rule {
    let f = &r.fields;
    Rule {
        target_vault: r.target_vault.value.clone(),
        target_logically_air_gapped_backup_vault_arn: f
            .target_logically_air_gapped_backup_vault_arn
            .as_ref()
            .map(|x| x.value.clone()),
        schedule: normalize::schedule(f.schedule.as_deref().map(String::as_str)),
        schedule_timezone: normalize::timezone(f.schedule_timezone.as_deref().map(String::as_str)),
        start_window_minutes: normalize::start_window(
            f.start_window_minutes.as_ref().map(|x| x.value),
        ),
        completion_window_minutes: normalize::completion_window(
            f.completion_window_minutes.as_ref().map(|x| x.value),
        ),
        lifecycle: f.lifecycle.as_ref().and_then(|l| lifecycle(l)),
        copy_actions: f
            .copy_actions
            .iter()
            .map(|c| CopyAction {
                destination_vault_arn: c.destination_vault_arn.value.clone(),
                lifecycle: c.lifecycle.as_ref().and_then(|l| lifecycle(l)),
            })
            .collect(),
        enable_continuous_backup: f.enable_continuous_backup.unwrap_or(false),
        recovery_point_tags: f.recovery_point_tags.0.clone(),
        index_actions: f
            .index_actions
            .iter()
            .map(|i| {
                i.resource_types
                    .iter()
                    .map(|x| x.value.clone())
                    .collect::<BTreeSet<_>>()
            })
            .filter(|s| !s.is_empty())
            .collect(),
        scan_actions: f
            .scan_actions
            .iter()
            .map(|s| ScanAction {
                malware_scanner: s.malware_scanner.as_ref().map(|x| x.value.clone()),
                scan_mode: s.scan_mode.as_ref().map(|x| x.value.clone()),
            })
            .collect(),
    }
}

fn pairs(list: &[config::Spanned<config::ConditionParameter>]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|c| {
            let c: &config::ConditionParameter = c;
            (c.key.value.clone(), c.value.value.clone())
        })
        .collect()
}

fn selection(s: &config::Selection) -> Selection {
    Selection {
        iam_role_arn: s.iam_role_arn.value.clone(),
        resources: s.resources.iter().map(|x| x.value.clone()).collect(),
        not_resources: s.not_resources.iter().map(|x| x.value.clone()).collect(),
        list_of_tags: s
            .list_of_tags
            .iter()
            .map(|t| {
                let t: &config::TagCondition = t;
                TagCondition {
                    condition_type: t
                        .condition_type
                        .as_ref()
                        .map(|x| x.value.clone())
                        .unwrap_or_else(|| "STRINGEQUALS".to_string()),
                    key: t.key.value.clone(),
                    value: t.value.value.clone(),
                }
            })
            .collect(),
        conditions: s
            .conditions
            .as_ref()
            .map(|c| Conditions {
                string_equals: pairs(&c.string_equals),
                string_not_equals: pairs(&c.string_not_equals),
                string_like: pairs(&c.string_like),
                string_not_like: pairs(&c.string_not_like),
            })
            .unwrap_or_default(),
    }
}

fn settings(s: &config::Settings) -> Settings {
    let flags = |m: &BTreeMap<String, config::Spanned<bool>>| {
        m.iter().map(|(k, v)| (k.clone(), v.value)).collect()
    };
    Settings {
        global: s
            .global
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect(),
        resource_type_opt_in: s
            .region
            .as_ref()
            .map(|r| flags(&r.resource_type_opt_in))
            .unwrap_or_default(),
        resource_type_management: s
            .region
            .as_ref()
            .map(|r| flags(&r.resource_type_management))
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(yaml: &str) -> Desired {
        let loaded = config::load_from_str(&[("t.yaml", yaml)]).expect("valid config");
        from_config(&loaded.config)
    }

    const BASE: &str = r#"
version: 1
stack: s
vaults:
  - name: main
plans:
  - name: daily
    rules:
      - name: r1
        target_vault: main
    selections:
      - name: sel
        iam_role_arn: arn:aws:iam::123456789012:role/backup
        resources: ["arn:aws:ec2:*:*:volume/b", "arn:aws:ec2:*:*:volume/a"]
"#;

    #[test]
    fn defaults_are_filled_in() {
        let d = load(BASE);
        let r = &d.plans["daily"].rules["r1"];
        assert_eq!(r.schedule, "cron(0 5 ? * * *)");
        assert_eq!(r.schedule_timezone, "Etc/UTC");
        assert_eq!(r.start_window_minutes, 480);
        assert_eq!(r.completion_window_minutes, 10080);
        assert!(r.lifecycle.is_none());
    }

    #[test]
    fn list_order_does_not_matter() {
        let a = load(BASE);
        let b = load(&BASE.replace(
            "volume/b\", \"arn:aws:ec2:*:*:volume/a",
            "volume/a\", \"arn:aws:ec2:*:*:volume/b",
        ));
        assert_eq!(a, b);
    }
}
