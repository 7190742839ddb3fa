//! Import writer for live restore testing plans: their config entries
//! (stack tag left out) with their selections, vaults kept as the ARNs
//! AWS stores (valid config, so importing then planning shows nothing).

use serde_json::{json, Value};

use super::model::LiveRestoreTestingPlan;
use crate::model::{Live, STACK_TAG};
use crate::resources::ops::Select;
use crate::resources::restore_testing_selection::model::RestoreTestingSelection;
use crate::resources::writer::{item, put, put_map, user_tags, Obj};
use crate::resources::Import;

/// The plans the filter chooses; another stack's are skipped.
pub(crate) fn select<'a>(live: &'a Live, s: &Select<'_>, out: &mut Import<'a>) {
    for p in live.restore_testing_plans.values() {
        if !s.filter.matches(&p.plan.name, &p.plan.tags) {
            continue;
        }
        match p.plan.tags.get(STACK_TAG).filter(|t| t.as_str() != s.stack) {
            Some(other) => out.skipped.push(format!(
                "restore testing plan \"{}\" belongs to stack \"{other}\"",
                p.plan.name
            )),
            None => out.restore_testing_plans.push(p),
        }
    }
}

/// The `restore_testing_plans:` section.
pub(crate) fn write(import: &Import<'_>, out: &mut String) {
    if !import.restore_testing_plans.is_empty() {
        out.push_str("\nrestore_testing_plans:\n");
        for p in &import.restore_testing_plans {
            out.push_str(&item(&format!("source: {}", p.arn), &plan(p)));
        }
    }
}

fn plan(p: &LiveRestoreTestingPlan) -> Value {
    let p = &p.plan;
    let r = &p.recovery_point_selection;
    let mut rps = Obj::new();
    rps.insert("algorithm".into(), json!(r.algorithm));
    rps.insert("include_vaults".into(), json!(r.include_vaults));
    put(
        &mut rps,
        "exclude_vaults",
        (!r.exclude_vaults.is_empty()).then_some(&r.exclude_vaults),
    );
    rps.insert("recovery_point_types".into(), json!(r.recovery_point_types));
    rps.insert(
        "selection_window_days".into(),
        json!(r.selection_window_days),
    );
    let mut m = Obj::new();
    m.insert("name".into(), json!(p.name));
    m.insert("schedule".into(), json!(p.schedule));
    m.insert("schedule_timezone".into(), json!(p.schedule_timezone));
    m.insert("start_window_hours".into(), json!(p.start_window_hours));
    m.insert("recovery_point_selection".into(), Value::Object(rps));
    put(&mut m, "tags", user_tags(&p.tags));
    if !p.selections.is_empty() {
        let list: Vec<Value> = p.selections.iter().map(|(n, s)| selection(n, s)).collect();
        m.insert("selections".into(), Value::Array(list));
    }
    Value::Object(m)
}

fn selection(name: &str, s: &RestoreTestingSelection) -> Value {
    let mut m = Obj::new();
    m.insert("name".into(), json!(name));
    m.insert("iam_role_arn".into(), json!(s.iam_role_arn));
    m.insert(
        "protected_resource_type".into(),
        json!(s.protected_resource_type),
    );
    put(
        &mut m,
        "protected_resource_arns",
        (!s.protected_resource_arns.is_empty()).then_some(&s.protected_resource_arns),
    );
    let kv = |set: &std::collections::BTreeSet<(String, String)>| -> Vec<Value> {
        set.iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect()
    };
    let mut c = Obj::new();
    put(
        &mut c,
        "string_equals",
        (!s.string_equals.is_empty()).then(|| kv(&s.string_equals)),
    );
    put(
        &mut c,
        "string_not_equals",
        (!s.string_not_equals.is_empty()).then(|| kv(&s.string_not_equals)),
    );
    if !c.is_empty() {
        m.insert("protected_resource_conditions".into(), Value::Object(c));
    }
    put_map(
        &mut m,
        "restore_metadata_overrides",
        &s.restore_metadata_overrides,
    );
    put(
        &mut m,
        "validation_window_hours",
        (s.validation_window_hours != 0).then_some(s.validation_window_hours),
    );
    Value::Object(m)
}
