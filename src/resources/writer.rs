//! The YAML writer helpers the kinds' import writers
//! (`resources::<kind>::import`) share: a commented list item, the user's
//! tags, and `key: value` only when there is a value. The file's head and
//! the section order are `import`'s.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::model::{Tags, STACK_TAG};

pub(crate) fn yaml(v: &Value) -> String {
    serde_saphyr::to_string(v).expect("JSON values always serialize to YAML")
}

/// One list element under a top-level key: the comment, then `- ` and the
/// element indented by two spaces.
pub(crate) fn item(comment: &str, v: &Value) -> String {
    let mut out = format!("  # {comment}\n");
    for (i, line) in yaml(v).lines().enumerate() {
        let prefix = if i == 0 { "  - " } else { "    " };
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(prefix);
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Tags without the stack tag (the stack adds it); `None` when none are left.
pub(crate) fn user_tags(tags: &Tags) -> Option<BTreeMap<&String, &String>> {
    let t: BTreeMap<&String, &String> = tags.iter().filter(|(k, _)| *k != STACK_TAG).collect();
    (!t.is_empty()).then_some(t)
}

pub(crate) type Obj = Map<String, Value>;

/// `key: value` when there is a value.
pub(crate) fn put<T: serde::Serialize>(m: &mut Obj, key: &str, v: Option<T>) {
    if let Some(v) = v {
        m.insert(key.into(), json!(v));
    }
}

/// `key: [f(item), ...]` when there are items.
pub(crate) fn put_list<I: IntoIterator>(
    m: &mut Obj,
    key: &str,
    items: I,
    f: impl FnMut(I::Item) -> Value,
) {
    let list: Vec<Value> = items.into_iter().map(f).collect();
    if !list.is_empty() {
        m.insert(key.into(), Value::Array(list));
    }
}

/// `key: {...}` unless the map is empty.
pub(crate) fn put_map<K: serde::Serialize, V: serde::Serialize>(
    m: &mut Obj,
    key: &str,
    map: &BTreeMap<K, V>,
) {
    put(m, key, (!map.is_empty()).then_some(map));
}
