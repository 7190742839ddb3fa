//! Field-level differences between two normalized resources, computed on
//! their JSON form: objects (maps keyed by name, such as rules and tags) are
//! walked key by key so a change shows its full dotted path; arrays (sorted
//! sets after normalization) and policy documents are compared whole, so the
//! renderer can show them as one before/after value.

use serde_json::Value;

use crate::changeset::FieldChange;

/// Paths whose value is one document, never walked into.
fn atomic(path: &str) -> bool {
    path == "access_policy" || path.ends_with(".access_policy")
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn sorted(m: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut v: Vec<_> = m.iter().collect();
    v.sort_by(|x, y| x.0.cmp(y.0));
    v
}

/// Append the differences between `before` and `after` under `prefix`.
pub fn diff_values(
    prefix: &str,
    before: Option<&Value>,
    after: Option<&Value>,
    out: &mut Vec<FieldChange>,
) {
    if before == after {
        return;
    }
    let walk = !atomic(prefix);
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) if walk => {
            let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                diff_values(&join(prefix, k), b.get(k), a.get(k), out);
            }
        }
        (None, Some(Value::Object(a))) if walk && !a.is_empty() => {
            for (k, v) in sorted(a) {
                diff_values(&join(prefix, k), None, Some(v), out);
            }
        }
        (Some(Value::Object(b)), None) if walk && !b.is_empty() => {
            for (k, v) in sorted(b) {
                diff_values(&join(prefix, k), Some(v), None, out);
            }
        }
        _ => out.push(FieldChange {
            path: prefix.to_string(),
            before: before.cloned(),
            after: after.cloned(),
        }),
    }
}

/// Differences between two serializable values.
pub fn diff<T: serde::Serialize>(before: Option<&T>, after: Option<&T>) -> Vec<FieldChange> {
    let b = before.map(|v| serde_json::to_value(v).expect("serializes"));
    let a = after.map(|v| serde_json::to_value(v).expect("serializes"));
    let mut out = Vec::new();
    diff_values("", b.as_ref(), a.as_ref(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_maps_give_dotted_paths() {
        let b = json!({"rules": {"r1": {"start": 60, "x": 1}}, "tags": {"a": "1"}});
        let a = json!({"rules": {"r1": {"start": 120, "x": 1}}, "tags": {"a": "1", "b": "2"}});
        let mut out = Vec::new();
        diff_values("", Some(&b), Some(&a), &mut out);
        let paths: Vec<_> = out.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["rules.r1.start", "tags.b"]);
        assert_eq!(out[1].before, None);
        assert_eq!(out[1].after, Some(json!("2")));
    }

    #[test]
    fn policies_and_arrays_are_whole_values() {
        let b = json!({"access_policy": {"Statement": [1]}, "events": ["A"]});
        let a = json!({"access_policy": {"Statement": [2]}, "events": ["A", "B"]});
        let mut out = Vec::new();
        diff_values("", Some(&b), Some(&a), &mut out);
        let paths: Vec<_> = out.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["access_policy", "events"]);
    }
}
