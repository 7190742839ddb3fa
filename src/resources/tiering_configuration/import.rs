//! Import writer for live tiering configurations: their config entries
//! (stack tag left out). A configuration whose vault is not imported is
//! written with that vault under `external_vaults`, so the file validates.

use serde_json::{json, Value};

use super::model::LiveTieringConfiguration;
use crate::model::{Live, STACK_TAG};
use crate::resources::ops::Select;
use crate::resources::writer::{item, put, user_tags, Obj};
use crate::resources::Import;

/// The configurations the filter chooses; another stack's are skipped.
pub(crate) fn select<'a>(live: &'a Live, s: &Select<'_>, out: &mut Import<'a>) {
    for t in live.tiering_configurations.values() {
        if !s.filter.matches(&t.config.name, &t.config.tags) {
            continue;
        }
        if let Some(other) = t
            .config
            .tags
            .get(STACK_TAG)
            .filter(|o| o.as_str() != s.stack)
        {
            out.skipped.push(format!(
                "tiering configuration \"{}\" belongs to stack \"{other}\"",
                t.config.name
            ));
            continue;
        }
        let vault = &t.config.vault;
        if vault != "*" && !out.vaults.iter().any(|v| &v.vault.name == vault) {
            out.external_vaults.insert(vault.clone());
        }
        out.tiering_configurations.push(t);
    }
}

/// The `tiering_configurations:` section.
pub(crate) fn write(import: &Import<'_>, out: &mut String) {
    if !import.tiering_configurations.is_empty() {
        out.push_str("\ntiering_configurations:\n");
        for t in &import.tiering_configurations {
            out.push_str(&item(&format!("source: {}", t.arn), &entry(t)));
        }
    }
}

fn entry(t: &LiveTieringConfiguration) -> Value {
    let t = &t.config;
    let mut m = Obj::new();
    m.insert("name".into(), json!(t.name));
    m.insert("vault".into(), json!(t.vault));
    let selections: Vec<Value> = t
        .resource_selection
        .iter()
        .map(|s| {
            json!({
                "resource_type": s.resource_type,
                "resources": s.resources,
                "tiering_down_settings_in_days": s.tiering_down_settings_in_days,
            })
        })
        .collect();
    m.insert("resource_selection".into(), Value::Array(selections));
    put(&mut m, "tags", user_tags(&t.tags));
    Value::Object(m)
}
