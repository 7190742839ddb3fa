//! The JSON Schema of the config, generated from the model types.
//!
//! `backupctl schema` prints it; `schemas/backupctl.schema.json` is the
//! committed copy editors use (a test fails when it is stale).
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
    root
}

/// The schema as committed: pretty JSON with a trailing newline.
pub fn json_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&json_schema()).expect("schema serializes");
    s.push('\n');
    s
}
