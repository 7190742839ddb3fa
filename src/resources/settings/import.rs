//! Import writer for account settings.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::Settings;
use crate::resources::writer::{put_map, Obj};
use crate::yaml::values::GLOBAL_SETTINGS;

/// The settings block, or `None` when AWS reported nothing.
pub(crate) fn settings(s: &Settings) -> Option<Value> {
    let mut m = Obj::new();
    // Only keys a config may declare (AWS reports read-only ones too), and of
    // the organization-level ones only those switched on: apply sends every
    // declared key, and an account that is not the organization's management
    // account should not start sending them.
    let global: BTreeMap<&String, &String> = s
        .global
        .iter()
        .filter(|(k, v)| {
            GLOBAL_SETTINGS.contains(&k.as_str())
                && (k.as_str() == "isCrossAccountBackupEnabled" || v.as_str() == "true")
        })
        .collect();
    put_map(&mut m, "global", &global);
    let mut region = Obj::new();
    put_map(&mut region, "resource_type_opt_in", &s.resource_type_opt_in);
    put_map(
        &mut region,
        "resource_type_management",
        &s.resource_type_management,
    );
    if !region.is_empty() {
        m.insert("region".into(), Value::Object(region));
    }
    (!m.is_empty()).then_some(Value::Object(m))
}
