//! Backup plan SDK shapes <-> the normalized plan and rules, both ways.
//!
//! Reading normalizes (AWS defaults filled in, zero lifecycle values and
//! empty lists folded into "absent", set-like lists into sets) so that a
//! value written and read back compares equal to what was written. Writing
//! omits zero/empty values (AWS rejects a 0-day lifecycle,
//! terraform-provider-aws#8151); defaults are sent explicitly.

use std::collections::BTreeMap;

use aws_sdk_backup::types as t;

use crate::aws::convert::{hash, invalid, nonempty, set, tags_from};
use crate::aws::AwsError;
use crate::model::{
    normalize, BackupPlan, CopyAction, Lifecycle, Rule, ScanAction, ScanSetting, Tags,
};

pub(crate) fn lifecycle_from(l: Option<t::Lifecycle>) -> Option<Lifecycle> {
    let l = l?;
    normalize::lifecycle(Lifecycle {
        move_to_cold_storage_after_days: l.move_to_cold_storage_after_days,
        delete_after_days: l.delete_after_days,
        opt_in_to_archive_for_supported_resources: l
            .opt_in_to_archive_for_supported_resources
            .unwrap_or(false),
        delete_after_event: l.delete_after_event.map(|e| e.as_str().to_string()),
    })
}

/// A rule as read from GetBackupPlan.
pub(crate) fn rule_from(r: t::BackupRule) -> (String, Rule) {
    let copy_actions = r
        .copy_actions
        .unwrap_or_default()
        .into_iter()
        .map(|c| CopyAction {
            destination_vault_arn: c.destination_backup_vault_arn,
            lifecycle: lifecycle_from(c.lifecycle),
        })
        .collect();
    let index_actions = r
        .index_actions
        .unwrap_or_default()
        .into_iter()
        .map(|a| set(a.resource_types))
        .filter(|s| !s.is_empty())
        .collect();
    let scan_actions = r
        .scan_actions
        .unwrap_or_default()
        .into_iter()
        .map(|a| ScanAction {
            malware_scanner: a.malware_scanner.map(|m| m.as_str().to_string()),
            scan_mode: a.scan_mode.map(|m| m.as_str().to_string()),
        })
        .collect();
    let rule = Rule {
        target_vault: r.target_backup_vault_name,
        target_logically_air_gapped_backup_vault_arn: nonempty(
            r.target_logically_air_gapped_backup_vault_arn,
        ),
        schedule: normalize::schedule(r.schedule_expression.as_deref()),
        schedule_timezone: normalize::timezone(r.schedule_expression_timezone.as_deref()),
        start_window_minutes: normalize::start_window(r.start_window_minutes),
        completion_window_minutes: normalize::completion_window(r.completion_window_minutes),
        lifecycle: lifecycle_from(r.lifecycle),
        copy_actions,
        enable_continuous_backup: r.enable_continuous_backup.unwrap_or(false),
        recovery_point_tags: tags_from(r.recovery_point_tags),
        index_actions,
        scan_actions,
    };
    (r.rule_name, rule)
}

/// A plan document as read from GetBackupPlan (tags and selections are
/// filled in by the caller).
pub(crate) fn plan_from(p: t::BackupPlan) -> BackupPlan {
    let advanced_backup_settings = p
        .advanced_backup_settings
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| {
            let options: BTreeMap<String, String> =
                s.backup_options.unwrap_or_default().into_iter().collect();
            Some((s.resource_type?, options))
        })
        .collect();
    let scan_settings = p
        .scan_settings
        .unwrap_or_default()
        .into_iter()
        .map(|s| ScanSetting {
            malware_scanner: s.malware_scanner.map(|m| m.as_str().to_string()),
            resource_types: set(s.resource_types),
            scanner_role_arn: nonempty(s.scanner_role_arn),
        })
        .collect();
    BackupPlan {
        name: p.backup_plan_name,
        tags: Tags::new(),
        rules: p.rules.into_iter().map(rule_from).collect(),
        advanced_backup_settings,
        scan_settings,
        selections: BTreeMap::new(),
    }
}

/// Lifecycle to send: zero values omitted, `None` when nothing is left.
pub(crate) fn lifecycle_to(l: &Option<Lifecycle>) -> Option<t::Lifecycle> {
    let l = normalize::lifecycle(l.clone()?)?;
    let mut b = t::Lifecycle::builder()
        .set_move_to_cold_storage_after_days(l.move_to_cold_storage_after_days)
        .set_delete_after_days(l.delete_after_days)
        .set_delete_after_event(
            l.delete_after_event
                .as_deref()
                .map(t::LifecycleDeleteAfterEvent::from),
        );
    if l.opt_in_to_archive_for_supported_resources {
        b = b.opt_in_to_archive_for_supported_resources(true);
    }
    Some(b.build())
}

fn rule_to(op: &'static str, name: &str, r: &Rule) -> Result<t::BackupRuleInput, AwsError> {
    let mut copies = Vec::new();
    for c in &r.copy_actions {
        copies.push(
            t::CopyAction::builder()
                .destination_backup_vault_arn(&c.destination_vault_arn)
                .set_lifecycle(lifecycle_to(&c.lifecycle))
                .build()
                .map_err(|e| invalid(op, e))?,
        );
    }
    let index: Vec<t::IndexAction> = r
        .index_actions
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| {
            t::IndexAction::builder()
                .set_resource_types(Some(s.iter().cloned().collect()))
                .build()
        })
        .collect();
    let scans: Vec<t::ScanAction> = r
        .scan_actions
        .iter()
        .map(|s| {
            t::ScanAction::builder()
                .set_malware_scanner(s.malware_scanner.as_deref().map(t::MalwareScanner::from))
                .set_scan_mode(s.scan_mode.as_deref().map(t::ScanMode::from))
                .build()
        })
        .collect();
    let mut b = t::BackupRuleInput::builder()
        .rule_name(name)
        .target_backup_vault_name(&r.target_vault)
        .set_target_logically_air_gapped_backup_vault_arn(
            r.target_logically_air_gapped_backup_vault_arn.clone(),
        )
        .schedule_expression(normalize::schedule(Some(&r.schedule)))
        .schedule_expression_timezone(normalize::timezone(Some(&r.schedule_timezone)))
        .start_window_minutes(normalize::start_window(Some(r.start_window_minutes)))
        .completion_window_minutes(normalize::completion_window(Some(
            r.completion_window_minutes,
        )))
        .set_lifecycle(lifecycle_to(&r.lifecycle))
        .set_recovery_point_tags(hash(&r.recovery_point_tags))
        .set_copy_actions((!copies.is_empty()).then_some(copies))
        .set_index_actions((!index.is_empty()).then_some(index))
        .set_scan_actions((!scans.is_empty()).then_some(scans));
    if r.enable_continuous_backup {
        b = b.enable_continuous_backup(true);
    }
    b.build().map_err(|e| invalid(op, e))
}

/// The whole plan document, as CreateBackupPlan and UpdateBackupPlan take it.
pub(crate) fn plan_to(op: &'static str, p: &BackupPlan) -> Result<t::BackupPlanInput, AwsError> {
    let mut rules = Vec::new();
    for (name, r) in &p.rules {
        rules.push(rule_to(op, name, r)?);
    }
    let advanced: Vec<t::AdvancedBackupSetting> = p
        .advanced_backup_settings
        .iter()
        .map(|(rt, opts)| {
            t::AdvancedBackupSetting::builder()
                .resource_type(rt)
                .set_backup_options(Some(
                    opts.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                ))
                .build()
        })
        .collect();
    let scans: Vec<t::ScanSetting> = p
        .scan_settings
        .iter()
        .map(|s| {
            t::ScanSetting::builder()
                .set_malware_scanner(s.malware_scanner.as_deref().map(t::MalwareScanner::from))
                .set_resource_types(
                    (!s.resource_types.is_empty())
                        .then(|| s.resource_types.iter().cloned().collect()),
                )
                .set_scanner_role_arn(s.scanner_role_arn.clone())
                .build()
        })
        .collect();
    t::BackupPlanInput::builder()
        .backup_plan_name(&p.name)
        .set_rules(Some(rules))
        .set_advanced_backup_settings((!advanced.is_empty()).then_some(advanced))
        .set_scan_settings((!scans.is_empty()).then_some(scans))
        .build()
        .map_err(|e| invalid(op, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Selection;
    use crate::resources::selection::convert::selection_from;

    #[test]
    fn zero_and_empty_values_read_back_as_absent() {
        // What AWS sends for "not set" in places: zeros, empty strings, empty lists.
        let zero = t::Lifecycle::builder()
            .move_to_cold_storage_after_days(0)
            .delete_after_days(0)
            .build();
        let rule = t::BackupRule::builder()
            .rule_name("r")
            .target_backup_vault_name("vault")
            .schedule_expression("")
            .schedule_expression_timezone("")
            .start_window_minutes(0)
            .lifecycle(zero.clone())
            .copy_actions(
                t::CopyAction::builder()
                    .destination_backup_vault_arn("arn:dest")
                    .lifecycle(zero)
                    .build()
                    .unwrap(),
            )
            .index_actions(t::IndexAction::builder().build())
            .target_logically_air_gapped_backup_vault_arn("")
            .build()
            .unwrap();
        let (name, r) = rule_from(rule);
        assert_eq!(name, "r");
        assert_eq!(r.schedule, crate::model::DEFAULT_SCHEDULE);
        assert_eq!(r.schedule_timezone, crate::model::DEFAULT_TIMEZONE);
        assert_eq!(r.start_window_minutes, crate::model::DEFAULT_START_WINDOW);
        assert_eq!(r.lifecycle, None);
        assert_eq!(
            r.copy_actions.iter().next().map(|c| &c.lifecycle),
            Some(&None)
        );
        assert!(r.index_actions.is_empty());
        assert_eq!(r.target_logically_air_gapped_backup_vault_arn, None);

        let sel = t::BackupSelection::builder()
            .selection_name("s")
            .iam_role_arn("arn:role")
            .set_resources(Some(vec![]))
            .set_not_resources(Some(vec![]))
            .set_list_of_tags(Some(vec![]))
            .conditions(
                t::Conditions::builder()
                    .set_string_equals(Some(vec![]))
                    .build(),
            )
            .build()
            .unwrap();
        let (_, s) = selection_from(sel);
        assert_eq!(
            s,
            Selection {
                iam_role_arn: "arn:role".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn zero_lifecycle_values_are_never_written() {
        let l = lifecycle_to(&Some(Lifecycle {
            move_to_cold_storage_after_days: Some(0),
            delete_after_days: Some(35),
            ..Default::default()
        }))
        .unwrap();
        assert_eq!(l.move_to_cold_storage_after_days, None);
        assert_eq!(l.delete_after_days, Some(35));
        assert_eq!(l.opt_in_to_archive_for_supported_resources, None);
        assert!(lifecycle_to(&Some(Lifecycle::default())).is_none());
    }
}
