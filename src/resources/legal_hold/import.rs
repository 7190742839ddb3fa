//! Import writer for legal holds: the stack's active holds and the
//! untagged ones the filter chooses (by title), as `legal_holds:` entries.
//! Other stacks' holds are skipped, and so is an untagged hold whose title
//! the stack already holds or another chosen hold has (titles are the
//! identity within a stack).

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::model::{Live, LiveLegalHold, STACK_TAG};
use crate::resources::ops::Select;
use crate::resources::writer::{item, put, put_list, user_tags, Obj};
use crate::resources::Import;

pub(crate) fn select<'a>(live: &'a Live, s: &Select<'_>, out: &mut Import<'a>) {
    let holds = &live.legal_holds;
    let mut titles = BTreeSet::new();
    let candidates = holds.held.values().chain(holds.outside.iter());
    for h in candidates {
        if !s.filter.matches(&h.hold.title, &h.hold.tags) {
            continue;
        }
        if let Some(other) = h.hold.tags.get(STACK_TAG).filter(|t| t.as_str() != s.stack) {
            out.skipped.push(format!(
                "legal hold \"{}\" ({}) belongs to stack \"{other}\"",
                h.hold.title, h.id
            ));
            continue;
        }
        if !titles.insert(h.hold.title.as_str()) {
            out.skipped.push(format!(
                "legal hold \"{}\" ({}): another chosen hold has this title, which is a hold's identity within a stack",
                h.hold.title, h.id
            ));
            continue;
        }
        // A title with several untagged holds cannot be adopted (the plan
        // would not know which one it means).
        let loose = holds
            .outside
            .iter()
            .filter(|o| o.hold.title == h.hold.title && !o.hold.tags.contains_key(STACK_TAG))
            .count();
        if loose > 1 {
            out.skipped.push(format!(
                "legal hold \"{}\": {loose} untagged holds have this title",
                h.hold.title
            ));
            continue;
        }
        // The vaults it names must be in the written config.
        for v in h
            .hold
            .recovery_point_selection
            .iter()
            .flat_map(|p| &p.vaults)
        {
            if !out.vaults.iter().any(|x| x.vault.name == *v) {
                out.external_vaults.insert(v.clone());
            }
        }
        out.legal_holds.push(h);
    }
}

/// The `legal_holds:` section.
pub(crate) fn write(import: &Import<'_>, out: &mut String) {
    if !import.legal_holds.is_empty() {
        out.push_str("\nlegal_holds:\n");
        for h in &import.legal_holds {
            out.push_str(&item(&format!("source: {}", h.arn), &hold(h)));
        }
    }
}

fn hold(h: &LiveLegalHold) -> Value {
    let l = &h.hold;
    let mut m = Obj::new();
    m.insert("title".into(), json!(l.title));
    m.insert("description".into(), json!(l.description));
    if let Some(p) = &l.recovery_point_selection {
        let mut s = Obj::new();
        put_list(&mut s, "vaults", &p.vaults, |v| json!(v));
        put_list(
            &mut s,
            "resource_identifiers",
            &p.resource_identifiers,
            |v| json!(v),
        );
        put(
            &mut s,
            "date_range",
            p.date_range
                .as_ref()
                .map(|d| json!({"from": d.from, "to": d.to})),
        );
        m.insert("recovery_point_selection".into(), Value::Object(s));
    }
    put(&mut m, "tags", user_tags(&l.tags));
    Value::Object(m)
}
