//! Resource tags, shared by several kinds (vaults, plans, rules' recovery
//! points): the config type, its decoding with the AWS tag limits checked
//! where each key's position is still known, and its schema limits.
//!
//! Kept apart from `decode` so the decoding machinery does not depend on a
//! model type or on validation (it used to: `decode` ↔ `validate::values`).

use std::collections::BTreeMap;
use std::ops::Deref;

use backup_facts::limits::{MAX_TAGS, MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS, RESERVED_TAG_PREFIX};
use schemars::JsonSchema;
use serde::Serialize;

use super::decode::{Cx, Decode};
use super::raw::{Kind, Node, Pos};
use super::span::{Span, Spanned};

/// The tag that marks vaults and plans managed by a stack.
pub const STACK_TAG: &str = "backupctl:stack";

/// Resource tags (`key: value`). At most 50; keys 1..128 and values 0..256
/// characters; the `aws:` prefix is reserved.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
#[serde(transparent)]
#[schemars(transform = tag_limits)]
pub struct Tags(
    pub BTreeMap<String, String>,
    // Where each key was written, for findings about one tag
    // (`ignore_tags`); not content: equality compares the tags alone.
    #[serde(skip)]
    #[schemars(skip)]
    pub Vec<Spanned<String>>,
);

impl Tags {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Where key `key` was written (`None` for tags not read from a file).
    pub fn key_span(&self, key: &str) -> Option<&Span> {
        self.1.iter().find(|k| k.value == key).map(|k| &k.span)
    }
}

impl PartialEq for Tags {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl Eq for Tags {}

impl Deref for Tags {
    type Target = BTreeMap<String, String>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// AWS tag limits, so editors flag them too.
pub(crate) fn tag_limits(schema: &mut schemars::Schema) {
    schema.insert("maxProperties".into(), 50.into());
    schema.insert(
        "propertyNames".into(),
        serde_json::json!({"minLength": 1, "maxLength": 128, "not": {"pattern": "^[aA][wW][sS]:"}}),
    );
    schema.insert(
        "additionalProperties".into(),
        serde_json::json!({"type": "string", "maxLength": 256}),
    );
}

/// Tags: a string-to-string map, checked against AWS tag limits here, where
/// each key's position is still known.
impl Decode for Tags {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        let map = BTreeMap::<String, String>::decode(node, cx)?;
        // A vault's or plan's tags also carry the stack tag backupctl adds.
        let budget = if cx.resource_tags() {
            MAX_TAGS - 1
        } else {
            MAX_TAGS
        };
        if map.len() > budget {
            let msg = if budget == MAX_TAGS {
                format!(
                    "{} tags; AWS allows at most {MAX_TAGS} per resource",
                    map.len()
                )
            } else {
                format!(
                    "{} tags plus the `backupctl:stack` tag backupctl adds make {}; AWS allows at most {MAX_TAGS} per resource",
                    map.len(),
                    map.len() + 1
                )
            };
            cx.error(
                node.pos,
                msg,
                Some(format!("keep at most {budget} tags here")),
            );
        }
        let mut keys = Vec::new();
        for (k, v) in node.as_map().unwrap_or_default() {
            let Kind::Str(key) = &k.kind else { continue };
            cx.in_key(key, |cx| {
                check_tag(key, v, k.pos, cx);
                keys.push(Spanned::new(key.clone(), cx.span(k.pos)));
            });
        }
        Some(Tags(map, keys))
    }
    fn absent() -> Option<Self> {
        Some(Tags::default())
    }
}

/// A tag key's length outside AWS's 1..128 characters, as a finding.
pub(crate) fn key_length_problem(key: &str) -> Option<String> {
    let n = key.chars().count();
    (n == 0 || n > MAX_TAG_KEY_CHARS)
        .then(|| format!("tag key is {n} characters; AWS allows 1 to {MAX_TAG_KEY_CHARS}"))
}

/// AWS tag limits: key 1..128 characters without the reserved `aws:` prefix,
/// value up to 256 characters.
pub(crate) fn check_tag(key: &str, value: &Node, key_pos: Pos, cx: &mut Cx<'_>) {
    if let Some(msg) = key_length_problem(key) {
        cx.error(key_pos, msg, None);
    }
    if key == STACK_TAG {
        cx.error(
            key_pos,
            format!("tag key `{key}` is reserved: backupctl sets it to the config's `stack` on every vault and plan it manages"),
            Some("remove this tag; to change the owner, change `stack`".into()),
        );
    }
    if key.to_lowercase().starts_with(RESERVED_TAG_PREFIX) {
        cx.error(
            key_pos,
            format!("tag key `{key}` uses the reserved `aws:` prefix"),
            Some("AWS reserves tags starting with aws:; choose another key".into()),
        );
    }
    if let Kind::Str(v) = &value.kind {
        let n = v.chars().count();
        if n > MAX_TAG_VALUE_CHARS {
            cx.error(
                value.pos,
                format!("tag value is {n} characters; AWS allows at most {MAX_TAG_VALUE_CHARS}"),
                None,
            );
        }
    }
}
