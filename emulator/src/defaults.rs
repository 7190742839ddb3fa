//! What AWS stores for members a request left out: rule defaults and
//! RuleIds of backup plan documents, empty lists of selections. Both the
//! operations (on create/update) and the state (completing a hand-written
//! seed) fill them in, so this sits below both.

use backup_facts::defaults::{
    DEFAULT_COMPLETION_WINDOW, DEFAULT_SCHEDULE, DEFAULT_START_WINDOW, DEFAULT_TIMEZONE,
};
use serde_json::{json, Value};

use crate::util::uuid;

/// Fills what AWS stores for omitted rule fields and gives every rule a
/// RuleId (kept from `previous` for a rule of the same name).
pub fn fill_rule_defaults(doc: &mut Value, previous: Option<&Value>) {
    let Some(rules) = doc.get_mut("Rules").and_then(Value::as_array_mut) else {
        return;
    };
    for rule in rules.iter_mut() {
        let Some(r) = rule.as_object_mut() else {
            continue;
        };
        let name = r.get("RuleName").cloned().unwrap_or(Value::Null);
        let old_id = previous
            .and_then(|p| p["Rules"].as_array())
            .and_then(|rs| rs.iter().find(|x| x["RuleName"] == name))
            .and_then(|x| x.get("RuleId").cloned());
        if let Some(id) = old_id {
            r.insert("RuleId".into(), id);
        } else if !r.contains_key("RuleId") {
            r.insert("RuleId".into(), json!(uuid()));
        }
        r.entry("ScheduleExpression")
            .or_insert_with(|| json!(DEFAULT_SCHEDULE));
        r.entry("StartWindowMinutes")
            .or_insert_with(|| json!(DEFAULT_START_WINDOW));
        r.entry("CompletionWindowMinutes")
            .or_insert_with(|| json!(DEFAULT_COMPLETION_WINDOW));
        r.entry("ScheduleExpressionTimezone")
            .or_insert_with(|| json!(DEFAULT_TIMEZONE));
        if let Some(Value::Array(copies)) = r.get_mut("CopyActions") {
            for c in copies.iter_mut().filter_map(Value::as_object_mut) {
                c.entry("Lifecycle").or_insert_with(|| json!({}));
            }
        }
    }
}

/// AWS reads back empty lists and empty condition groups for omitted members.
pub fn fill_selection_defaults(sel: &mut Value) {
    let Some(m) = sel.as_object_mut() else {
        return;
    };
    m.entry("Resources").or_insert_with(|| json!([]));
    m.entry("NotResources").or_insert_with(|| json!([]));
    m.entry("ListOfTags").or_insert_with(|| json!([]));
    let cond = m.entry("Conditions").or_insert_with(|| json!({}));
    if let Some(c) = cond.as_object_mut() {
        for k in [
            "StringEquals",
            "StringNotEquals",
            "StringLike",
            "StringNotLike",
        ] {
            c.entry(k).or_insert_with(|| json!([]));
        }
    }
}
