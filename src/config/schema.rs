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
