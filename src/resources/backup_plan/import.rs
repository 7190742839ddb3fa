//! Import writer for a live backup plan: its rules (AWS defaults left
//! out) and selections as config entries.

use serde_json::{json, Value};

use std::collections::BTreeSet;

use crate::model::{
    BackupPlan, Lifecycle, LivePlan, Rule, DEFAULT_COMPLETION_WINDOW, DEFAULT_START_WINDOW,
    DEFAULT_TIMEZONE,
};
use crate::model::{Live, STACK_TAG};
use crate::resources::ops::Select;
use crate::resources::selection::import::selection;
use crate::resources::writer::{item, put, put_list, put_map, user_tags, Obj};
use crate::resources::Import;
use crate::yaml::arn::glob_match;

/// The plans the filter chooses; another stack's, the extra copies of a
/// selection name and plan names held twice are skipped. Vaults chosen
/// rules target but not imported become `external_vaults`.
pub(crate) fn select<'a>(live: &'a Live, s: &Select<'_>, out: &mut Import<'a>) {
    for p in live.plans.values() {
        if !s.filter.matches(&p.plan.name, &p.plan.tags) {
            continue;
        }
        match p.plan.tags.get(STACK_TAG).filter(|t| t.as_str() != s.stack) {
            Some(other) => out.skipped.push(format!(
                "plan \"{}\" belongs to stack \"{other}\"",
                p.plan.name
            )),
            None => out.plans.push(p),
        }
    }
    for p in &out.plans {
        for d in &p.duplicate_selections {
            out.skipped.push(format!(
                "selection \"{}\" (id {}) of plan \"{}\": the plan holds another selection of that name, and only one is imported",
                d.name, d.id, p.plan.name
            ));
        }
    }
    for name in &live.duplicate_plan_names {
        if s.filter.names.is_empty() || s.filter.names.iter().any(|g| glob_match(g, name)) {
            out.skipped.push(format!(
                "plan name \"{name}\" is held by more than one plan (rename one first)"
            ));
        }
    }
    let imported: BTreeSet<&str> = out.vaults.iter().map(|v| v.vault.name.as_str()).collect();
    out.external_vaults = out
        .plans
        .iter()
        .flat_map(|p| p.plan.rules.values().map(|r| r.target_vault.as_str()))
        .filter(|t| !imported.contains(t))
        .map(str::to_string)
        .collect();
}

/// The `plans:` section (selections inside their plan).
pub(crate) fn write(import: &Import<'_>, out: &mut String) {
    if !import.plans.is_empty() {
        out.push_str("\nplans:\n");
        for p in &import.plans {
            out.push_str(&item(
                &format!("source: {} (version {})", p.arn, p.version_id),
                &plan(p),
            ));
        }
    }
}

pub(crate) fn plan(p: &LivePlan) -> Value {
    let p: &BackupPlan = &p.plan;
    let mut m = Obj::new();
    m.insert("name".into(), json!(p.name));
    put(&mut m, "tags", user_tags(&p.tags));
    put_list(
        &mut m,
        "advanced_backup_settings",
        &p.advanced_backup_settings,
        |(t, o)| json!({"resource_type": t, "backup_options": o}),
    );
    put_list(&mut m, "scan_settings", &p.scan_settings, |s| {
        let mut e = Obj::new();
        put(&mut e, "malware_scanner", s.malware_scanner.as_ref());
        put_list(&mut e, "resource_types", &s.resource_types, |t| json!(t));
        put(&mut e, "scanner_role_arn", s.scanner_role_arn.as_ref());
        Value::Object(e)
    });
    put_list(&mut m, "rules", &p.rules, |(n, r)| rule(n, r));
    put_list(&mut m, "selections", &p.selections, |(n, s)| {
        selection(n, s)
    });
    Value::Object(m)
}

pub(crate) fn lifecycle(l: &Lifecycle) -> Value {
    let mut m = Obj::new();
    put(
        &mut m,
        "move_to_cold_storage_after_days",
        l.move_to_cold_storage_after_days,
    );
    put(&mut m, "delete_after_days", l.delete_after_days);
    put(
        &mut m,
        "opt_in_to_archive_for_supported_resources",
        l.opt_in_to_archive_for_supported_resources.then_some(true),
    );
    put(&mut m, "delete_after_event", l.delete_after_event.as_ref());
    Value::Object(m)
}

pub(crate) fn rule(name: &str, r: &Rule) -> Value {
    let mut m = Obj::new();
    m.insert("name".into(), json!(name));
    m.insert("target_vault".into(), json!(r.target_vault));
    put(
        &mut m,
        "target_logically_air_gapped_backup_vault_arn",
        r.target_logically_air_gapped_backup_vault_arn.as_ref(),
    );
    m.insert("schedule".into(), json!(r.schedule));
    // AWS defaults are left out.
    put(
        &mut m,
        "schedule_timezone",
        (r.schedule_timezone != DEFAULT_TIMEZONE).then_some(&r.schedule_timezone),
    );
    put(
        &mut m,
        "start_window_minutes",
        (r.start_window_minutes != DEFAULT_START_WINDOW).then_some(r.start_window_minutes),
    );
    put(
        &mut m,
        "completion_window_minutes",
        (r.completion_window_minutes != DEFAULT_COMPLETION_WINDOW)
            .then_some(r.completion_window_minutes),
    );
    put(&mut m, "lifecycle", r.lifecycle.as_ref().map(lifecycle));
    put_list(&mut m, "copy_actions", &r.copy_actions, |c| {
        let mut e = Obj::new();
        e.insert(
            "destination_vault_arn".into(),
            json!(c.destination_vault_arn),
        );
        put(&mut e, "lifecycle", c.lifecycle.as_ref().map(lifecycle));
        Value::Object(e)
    });
    put(
        &mut m,
        "enable_continuous_backup",
        r.enable_continuous_backup.then_some(true),
    );
    put_map(&mut m, "recovery_point_tags", &r.recovery_point_tags);
    put_list(
        &mut m,
        "index_actions",
        &r.index_actions,
        |t| json!({ "resource_types": t }),
    );
    put_list(&mut m, "scan_actions", &r.scan_actions, |s| {
        let mut e = Obj::new();
        put(&mut e, "malware_scanner", s.malware_scanner.as_ref());
        put(&mut e, "scan_mode", s.scan_mode.as_ref());
        Value::Object(e)
    });
    Value::Object(m)
}
