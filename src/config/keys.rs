//! The keys of each config struct, one `decode_struct!` line per struct,
//! and the rule types that share `RuleFields`.
//!
//! Kept apart from the decoding machinery in `decode` so the accepted keys
//! read as one table next to the model, and so neither file outgrows a
//! reviewable size.

use super::decode::{open_map, Cx, Decode};
use super::model::*;
use super::raw::Node;

use super::decode::decode_struct;

decode_struct!(Config {
    version,
    stack,
    account_id,
    region,
    external_vaults,
    rule_templates,
    ignore,
    vaults,
    plans,
    settings
});
decode_struct!(Ignore { vaults, plans });
decode_struct!(BackupPlan {
    name,
    tags,
    advanced_backup_settings,
    scan_settings,
    rules,
    selections
});
decode_struct!(AdvancedBackupSetting {
    resource_type,
    backup_options
});
decode_struct!(ScanSetting {
    malware_scanner,
    resource_types,
    scanner_role_arn
});
decode_struct!(RuleFields {
    target_logically_air_gapped_backup_vault_arn,
    schedule,
    schedule_timezone,
    start_window_minutes,
    completion_window_minutes,
    lifecycle,
    copy_actions,
    enable_continuous_backup,
    recovery_point_tags,
    index_actions,
    scan_actions,
});
decode_struct!(Lifecycle {
    move_to_cold_storage_after_days,
    delete_after_days,
    opt_in_to_archive_for_supported_resources,
    delete_after_event
});
decode_struct!(CopyAction {
    destination_vault_arn,
    lifecycle
});
decode_struct!(IndexAction { resource_types });
decode_struct!(ScanAction {
    malware_scanner,
    scan_mode
});
decode_struct!(Selection {
    name,
    iam_role_arn,
    resources,
    not_resources,
    list_of_tags,
    conditions
});
decode_struct!(TagCondition {
    condition_type,
    key,
    value
});
decode_struct!(Conditions {
    string_equals,
    string_not_equals,
    string_like,
    string_not_like
});
decode_struct!(ConditionParameter { key, value });

const RULE_OWN_KEYS: &[&str] = &["name", "template", "target_vault"];

fn keys_with(own: &[&'static str]) -> Vec<&'static str> {
    own.iter().chain(RuleFields::KEYS).copied().collect()
}

impl Decode for Rule {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Self> {
        let map = open_map(node, cx, &keys_with(RULE_OWN_KEYS))?;
        let name = map.field(cx, "name");
        let template = map.field(cx, "template");
        let target_vault = map.field(cx, "target_vault");
        let fields = RuleFields::decode_in(&map, cx);
        Some(Rule {
            name: name?,
            template: template?,
            target_vault: target_vault?,
            fields: fields?,
        })
    }
}

impl Decode for RuleTemplate {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Self> {
        let map = open_map(node, cx, &keys_with(&["target_vault"]))?;
        let target_vault = map.field(cx, "target_vault");
        let fields = RuleFields::decode_in(&map, cx);
        Some(RuleTemplate {
            target_vault: target_vault?,
            fields: fields?,
        })
    }
}
