//! Import writer for live frameworks: their config entries (stack tag left
//! out; parameters at their catalogue default left out too, since they
//! compare equal either way).

use serde_json::{json, Value};

use backup_facts::controls::control;

use super::model::LiveFramework;
use crate::model::{Live, STACK_TAG};
use crate::resources::ops::Select;
use crate::resources::writer::{item, put, user_tags, Obj};
use crate::resources::Import;

/// The frameworks the filter chooses; another stack's are skipped.
pub(crate) fn select<'a>(live: &'a Live, s: &Select<'_>, out: &mut Import<'a>) {
    for f in live.frameworks.values() {
        if !s.filter.matches(&f.framework.name, &f.framework.tags) {
            continue;
        }
        match f
            .framework
            .tags
            .get(STACK_TAG)
            .filter(|o| o.as_str() != s.stack)
        {
            Some(other) => out.skipped.push(format!(
                "framework \"{}\" belongs to stack \"{other}\"",
                f.framework.name
            )),
            None => out.frameworks.push(f),
        }
    }
}

/// The `frameworks:` section.
pub(crate) fn write(import: &Import<'_>, out: &mut String) {
    if !import.frameworks.is_empty() {
        out.push_str("\nframeworks:\n");
        for f in &import.frameworks {
            out.push_str(&item(&format!("source: {}", f.arn), &entry(f)));
        }
    }
}

fn entry(f: &LiveFramework) -> Value {
    let f = &f.framework;
    let mut m = Obj::new();
    m.insert("name".into(), json!(f.name));
    put(&mut m, "description", f.description.as_ref());
    let controls: Vec<Value> = f
        .controls
        .iter()
        .map(|(name, c)| {
            let mut cm = Obj::new();
            cm.insert("name".into(), json!(name));
            let spec = control(name);
            let params: Obj = c
                .parameters
                .iter()
                .filter(|(k, v)| {
                    let default = spec
                        .and_then(|s| s.params.iter().find(|p| p.name == k.as_str()))
                        .and_then(|p| p.default);
                    default != Some(v.as_str())
                })
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            if !params.is_empty() {
                cm.insert("parameters".into(), Value::Object(params));
            }
            if let Some(s) = &c.scope {
                cm.insert("scope".into(), json!(s));
            }
            Value::Object(cm)
        })
        .collect();
    m.insert("controls".into(), Value::Array(controls));
    put(&mut m, "tags", user_tags(&f.tags));
    Value::Object(m)
}
