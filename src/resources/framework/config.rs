//! The framework entries of the config (`frameworks:`): their types (what
//! the loader decodes into and what the JSON Schema is derived from) and
//! their keys. Checked in `validate.rs`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::yaml::decode::{decode_struct, Cx, Decode};
use crate::yaml::ignore_tags::IgnoreTags;
use crate::yaml::raw::{Kind, Node};
use crate::yaml::span::Spanned;
use crate::yaml::tags::Tags;

/// A Backup Audit Manager framework.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Framework name: a letter, then letters, digits and `_` (1..256).
    #[schemars(regex(pattern = r"^[a-zA-Z][_a-zA-Z0-9]{0,255}$"))]
    pub name: Spanned<String>,
    /// Up to 1024 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
    /// The controls AWS evaluates (at least one; one entry per control name).
    pub controls: Vec<Spanned<Control>>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Tags of this framework that other automation owns (in addition to
    /// the config-wide `ignore_tags`): never diffed, never removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_tags: Option<Spanned<IgnoreTags>>,
}

/// One control of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Control name, e.g. `BACKUP_RECOVERY_POINT_ENCRYPTED`.
    #[schemars(transform = control_name_enum)]
    pub name: Spanned<String>,
    /// Input parameters by name (`requiredRetentionDays: 35`); a list
    /// parameter takes a YAML list or a comma-separated string. A
    /// parameter left out takes AWS's default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, Spanned<ParamValue>>,
    /// Which resources the control evaluates (default: all it applies to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Spanned<Scope>>,
}

/// A control's scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Single resources (with exactly one `resource_types` entry).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_ids: Vec<Spanned<String>>,
    /// Resource types, e.g. `EFS`, or `AWS::Backup::BackupPlan` with `resource_ids`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_types: Vec<Spanned<String>>,
    /// At most one tag `key: value`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, Spanned<String>>,
}

decode_struct!(Framework {
    name,
    description,
    controls,
    tags,
    ignore_tags
});
decode_struct!(Control {
    name,
    parameters,
    scope
});
decode_struct!(Scope {
    resource_ids,
    resource_types,
    tags
});

/// Editors complete control names from the catalogue.
fn control_name_enum(schema: &mut schemars::Schema) {
    let names: Vec<&str> = backup_facts::controls::CONTROLS
        .iter()
        .map(|c| c.name)
        .collect();
    schema.insert("enum".into(), serde_json::json!(names));
}

/// A control parameter's value as the API carries it (a string): written
/// as a string, a number, or (for list parameters) a YAML list of them,
/// which is comma-joined.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(transparent)]
#[schemars(transform = param_shape)]
pub struct ParamValue(pub String);

fn scalar(node: &Node) -> Option<String> {
    match &node.kind {
        Kind::Str(s) => Some(s.clone()),
        Kind::Int(i) => Some(i.to_string()),
        Kind::Float(f) => Some(f.to_string()),
        Kind::Bool(b) => Some(b.to_string()),
        Kind::Null => Some(String::new()),
        _ => None,
    }
}

impl Decode for ParamValue {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        if let Some(s) = scalar(node) {
            return Some(ParamValue(s));
        }
        if let Kind::Seq(items) = &node.kind {
            let mut out = Vec::new();
            for i in items {
                // A nested mapping or list is reported as "expected a string".
                out.push(scalar(i).or_else(|| String::decode(i, cx))?);
            }
            return Some(ParamValue(out.join(",")));
        }
        String::decode(node, cx).map(ParamValue)
    }
}

fn param_shape(schema: &mut schemars::Schema) {
    schema.remove("type");
    schema.insert(
        "anyOf".into(),
        serde_json::json!([
            {"type": ["string", "number", "boolean"]},
            {"type": "array", "items": {"type": ["string", "number"]}}
        ]),
    );
}
