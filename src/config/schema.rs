//! The JSON Schema of the config, generated from the model types.
//!
//! `backupctl schema` prints it; `schemas/backupctl.schema.json` is the
//! committed copy editors use (a test fails when it is stale).
//!
//! A file is a stack's file (`version` and `stack` required) or a shared
//! definitions file (no `stack`, only the keys `config::shared` allows): the
//! root says so with an `anyOf`, the same rule the loader applies.
//!
//! The keys about targets (`variables`, `target_defaults`, `targets`, a
//! resource's `targets` and a copy action's `destination_vault`) are read
//! before the per-target configs are decoded, so `Config` does not hold
//! them; their types (`targets::decl`) are generated here and placed into
//! the schema of `Config`.

use serde_json::json;

use super::model::Config;
use crate::targets::decl::{ResourceKeys, TopLevelKeys};

/// Draft 2020-12 JSON Schema of one config file.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Config);
    let mut root = serde_json::to_value(schema).expect("schema serializes");
    let top = serde_json::to_value(schemars::schema_for!(TopLevelKeys)).expect("schema serializes");
    let res = serde_json::to_value(schemars::schema_for!(ResourceKeys)).expect("schema serializes");
    for extra in [&top, &res] {
        if let (Some(defs), Some(more)) =
            (root["$defs"].as_object_mut(), extra["$defs"].as_object())
        {
            defs.extend(more.clone());
        }
    }
    if let (Some(props), Some(more)) = (
        root["properties"].as_object_mut(),
        top["properties"].as_object(),
    ) {
        props.extend(more.clone());
    }
    for def in ["Vault", "Plan"] {
        let props = &mut root["$defs"][def]["properties"];
        if let Some(props) = props.as_object_mut() {
            props.insert("targets".into(), res["properties"]["targets"].clone());
        }
    }
    let copy = &mut root["$defs"]["CopyAction"];
    if let Some(props) = copy["properties"].as_object_mut() {
        props.insert(
            "destination_vault".into(),
            res["properties"]["destination_vault"].clone(),
        );
    }
    if let Some(c) = copy.as_object_mut() {
        c.remove("required");
        c.insert(
            "oneOf".into(),
            json!([{"required": ["destination_vault_arn"]}, {"required": ["destination_vault"]}]),
        );
    }
    allow_references(&mut root);
    shared_definitions(&mut root);
    if let Some(defs) = root["$defs"].as_object_mut() {
        defs.insert(
            WHOLE.into(),
            json!({
                "description": "One ${var.NAME} or ${target.FACT} reference, replaced per target by a value of the expected type.",
                "type": "string",
                "pattern": "^\\$\\{(var|target)\\.[A-Za-z0-9_.-]+\\}$"
            }),
        );
        defs.insert(
            WITH.into(),
            json!({
                "description": "Text with ${var.NAME} or ${target.FACT} references, replaced per target.",
                "type": "string",
                "pattern": "\\$\\{(var|target)\\.[A-Za-z0-9_.-]+\\}"
            }),
        );
    }
    root
}

/// A file is a stack's file (`version` and `stack` required) or a shared
/// definitions file (no `stack`; only the keys `config::shared` allows),
/// exactly the rule the loader applies.
fn shared_definitions(root: &mut serde_json::Value) {
    let Some(obj) = root.as_object_mut() else {
        return;
    };
    let required = obj.remove("required").unwrap_or_else(|| json!([]));
    let keys = super::shared::SHARED_KEYS;
    obj.insert(
        "anyOf".into(),
        json!([
            {"required": required},
            {"not": {"required": ["stack"]}, "propertyNames": {"enum": keys}}
        ]),
    );
    let description = obj
        .get("description")
        .and_then(|d| d.as_str())
        .unwrap_or_default()
        .to_string();
    let shared = format!(
        "A file without `stack` is a shared definitions file: it may hold only {}, and is used with a stack's files.",
        keys.join(", ")
    );
    let text = [description.as_str(), shared.as_str()]
        .iter()
        .filter(|t| !t.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    obj.insert("description".into(), json!(text));
}

const WHOLE: &str = "Reference";
const WITH: &str = "TextWithReferences";

/// Values are checked after `${...}` references are replaced, so wherever
/// the schema constrains a scalar (a number, a boolean, a string with a
/// pattern or a list of allowed values) a reference is accepted too: the
/// editor does not flag `delete_after_days: ${var.retention}`, and
/// `backupctl validate` checks the value each target gets.
fn allow_references(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                // Keys are not substituted; `enum`/`const` hold values.
                if k != "propertyNames" && k != "enum" && k != "const" {
                    allow_references(child);
                }
            }
            // `type` is one name or a list (`["integer", "null"]`).
            let types: Vec<&str> = match map.get("type") {
                Some(serde_json::Value::String(t)) => vec![t.as_str()],
                Some(serde_json::Value::Array(ts)) => {
                    ts.iter().filter_map(|t| t.as_str()).collect()
                }
                _ => Vec::new(),
            };
            let constrained_text = types.contains(&"string")
                && ["pattern", "enum", "format", "minLength", "maxLength"]
                    .iter()
                    .any(|k| map.contains_key(*k));
            let typed = types
                .iter()
                .any(|t| matches!(*t, "integer" | "number" | "boolean"));
            if typed || constrained_text {
                let original = serde_json::Value::Object(std::mem::take(map));
                let reference = if typed { WHOLE } else { WITH };
                map.insert(
                    "anyOf".into(),
                    json!([original, {"$ref": format!("#/$defs/{reference}")}]),
                );
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(allow_references),
        _ => {}
    }
}

/// The schema as committed: pretty JSON with a trailing newline.
pub fn json_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&json_schema()).expect("schema serializes");
    s.push('\n');
    s
}
