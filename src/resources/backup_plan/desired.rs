//! Config backup plan -> normalized plan: AWS defaults filled in, rules
//! and lists keyed or sorted so order never matters.

use std::collections::BTreeSet;

use super::config;
use crate::model::{normalize, BackupPlan, CopyAction, Lifecycle, Rule, ScanAction, ScanSetting};
use crate::resources::selection::desired::selection;

pub(crate) fn plan(p: &config::BackupPlan) -> BackupPlan {
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
