//! Import writer for a live selection.

use backup_facts::defaults::DEFAULT_CONDITION_TYPE;
use serde_json::{json, Value};

use crate::model::{Conditions, Selection};
use crate::resources::writer::{put, put_list, Obj};

pub(crate) fn conditions(c: &Conditions) -> Value {
    let mut m = Obj::new();
    for (key, set) in [
        ("string_equals", &c.string_equals),
        ("string_not_equals", &c.string_not_equals),
        ("string_like", &c.string_like),
        ("string_not_like", &c.string_not_like),
    ] {
        put_list(&mut m, key, set, |(k, v)| json!({"key": k, "value": v}));
    }
    Value::Object(m)
}

pub(crate) fn selection(name: &str, s: &Selection) -> Value {
    let mut m = Obj::new();
    m.insert("name".into(), json!(name));
    m.insert("iam_role_arn".into(), json!(s.iam_role_arn));
    put_list(&mut m, "resources", &s.resources, |r| json!(r));
    put_list(&mut m, "not_resources", &s.not_resources, |r| json!(r));
    put_list(&mut m, "list_of_tags", &s.list_of_tags, |t| {
        let mut e = Obj::new();
        put(
            &mut e,
            "condition_type",
            (t.condition_type != DEFAULT_CONDITION_TYPE).then_some(&t.condition_type),
        );
        e.insert("key".into(), json!(t.key));
        e.insert("value".into(), json!(t.value));
        Value::Object(e)
    });
    put(
        &mut m,
        "conditions",
        (!s.conditions.is_empty()).then(|| conditions(&s.conditions)),
    );
    Value::Object(m)
}
