//! Normalization helpers used on both sides (config and AWS) so that equal
//! things compare equal: canonical JSON for policies, zero/empty values
//! folded into "absent", AWS defaults filled in.

use super::{
    Lifecycle, DEFAULT_COMPLETION_WINDOW, DEFAULT_SCHEDULE, DEFAULT_START_WINDOW, DEFAULT_TIMEZONE,
};

/// Canonical form of a policy document: a JSON value (serde_json's map keeps
/// keys sorted without `preserve_order`; with it we sort explicitly), with a
/// lone `Statement` object equal to a one-element array, as IAM treats it.
pub fn canonical_json(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = serde_json::Map::new();
            for k in keys {
                let mut v = canonical_json(&map[k]);
                if k == "Statement" && v.is_object() {
                    v = Value::Array(vec![v]);
                }
                out.insert(k.clone(), v);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical_json).collect()),
        other => other.clone(),
    }
}

/// Parse a policy string from AWS into its canonical form; a string that is
/// not JSON is kept as a JSON string so it still shows up in a diff.
pub fn canonical_policy(text: &str) -> serde_json::Value {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => canonical_json(&v),
        Err(_) => serde_json::Value::String(text.to_string()),
    }
}

/// A lifecycle with zero values dropped (AWS reads back 0 for "not set" in
/// some places; terraform-provider-aws#8151) and `None` when nothing is left
/// (a copy action without a lifecycle reads back empty: #37862).
pub fn lifecycle(l: Lifecycle) -> Option<Lifecycle> {
    let l = Lifecycle {
        move_to_cold_storage_after_days: l.move_to_cold_storage_after_days.filter(|d| *d > 0),
        delete_after_days: l.delete_after_days.filter(|d| *d > 0),
        opt_in_to_archive_for_supported_resources: l.opt_in_to_archive_for_supported_resources,
        delete_after_event: l.delete_after_event.filter(|e| !e.is_empty()),
    };
    (l != Lifecycle::default()).then_some(l)
}

pub fn schedule(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_SCHEDULE)
        .to_string()
}

pub fn timezone(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_TIMEZONE)
        .to_string()
}

pub fn start_window(m: Option<i64>) -> i64 {
    m.filter(|m| *m > 0).unwrap_or(DEFAULT_START_WINDOW)
}

pub fn completion_window(m: Option<i64>) -> i64 {
    m.filter(|m| *m > 0).unwrap_or(DEFAULT_COMPLETION_WINDOW)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reindented_and_reordered_policies_are_equal() {
        let a = canonical_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"backup:*"}]}"#,
        );
        let b = canonical_policy("{\n  \"Statement\": [ {\"Action\": \"backup:*\",\n \"Effect\": \"Deny\"} ],\n  \"Version\": \"2012-10-17\"\n}");
        assert_eq!(a, b);
        assert_eq!(a.to_string(), b.to_string());
    }

    #[test]
    fn single_statement_object_equals_array() {
        let a = canonical_json(&json!({"Statement": {"Effect": "Allow"}}));
        let b = canonical_json(&json!({"Statement": [{"Effect": "Allow"}]}));
        assert_eq!(a, b);
    }

    #[test]
    fn zero_and_empty_lifecycles_are_absent() {
        assert_eq!(lifecycle(Lifecycle::default()), None);
        let zeros = Lifecycle {
            move_to_cold_storage_after_days: Some(0),
            delete_after_days: Some(0),
            ..Default::default()
        };
        assert_eq!(lifecycle(zeros), None);
        let l = lifecycle(Lifecycle {
            move_to_cold_storage_after_days: Some(0),
            delete_after_days: Some(35),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(l.move_to_cold_storage_after_days, None);
        assert_eq!(l.delete_after_days, Some(35));
    }

    #[test]
    fn defaults_fill_in() {
        assert_eq!(schedule(None), "cron(0 5 ? * * *)");
        assert_eq!(timezone(Some("")), "Etc/UTC");
        assert_eq!(start_window(None), 480);
        assert_eq!(completion_window(Some(0)), 10080);
        assert_eq!(start_window(Some(60)), 60);
    }
}
