//! The JSON Schema of the config, generated from the model types.
//!
//! `backupctl schema` prints it; `schemas/backupctl.schema.json` is the
//! committed copy editors use (a test fails when it is stale).

use super::model::Config;

/// Draft 2020-12 JSON Schema of one config file.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Config);
    serde_json::to_value(schema).expect("schema serializes")
}

/// The schema as committed: pretty JSON with a trailing newline.
pub fn json_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&json_schema()).expect("schema serializes");
    s.push('\n');
    s
}

/// A rule needs `target_vault` unless a template supplies it.
pub(crate) fn rule_target_or_template(schema: &mut schemars::Schema) {
    if let Some(req) = schema.get_mut("required").and_then(|r| r.as_array_mut()) {
        req.retain(|k| k != "target_vault");
    }
    schema.insert(
        "anyOf".into(),
        serde_json::json!([{"required": ["target_vault"]}, {"required": ["template"]}]),
    );
}
