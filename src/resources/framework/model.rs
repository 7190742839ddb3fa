//! The normalized framework: what the config asks for and what AWS reports
//! are converted into these types, so comparing them is plain equality.
//! Controls are keyed by name and parameters by name (their order carries
//! no meaning); a parameter left out takes its catalogue default, list
//! values are trimmed and comma-joined, and an empty scope is no scope.

use std::collections::{BTreeMap, BTreeSet};

use backup_facts::controls::{control, ParamValue};
use serde::{Deserialize, Serialize};

use crate::model::Tags;

/// A framework's managed attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framework {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Control name -> control.
    pub controls: BTreeMap<String, Control>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

/// One control: parameters (defaults filled in) and scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Control {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub resource_ids: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub resource_types: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        self.resource_ids.is_empty() && self.resource_types.is_empty() && self.tags.is_empty()
    }
}

/// A framework as observed in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveFramework {
    pub arn: String,
    pub framework: Framework,
}

/// The control `name` with `params` normalized: values trimmed (list
/// items trimmed and comma-joined) and catalogue defaults filled in.
pub fn normalize_params(name: &str, params: BTreeMap<String, String>) -> BTreeMap<String, String> {
    let spec = control(name);
    let mut out: BTreeMap<String, String> = params
        .into_iter()
        .map(|(k, v)| {
            let list = spec
                .and_then(|c| c.params.iter().find(|p| p.name == k))
                .is_some_and(|p| matches!(p.value, ParamValue::List { .. }));
            let v = if list {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(",")
            } else {
                v.trim().to_string()
            };
            (k, v)
        })
        .collect();
    if let Some(c) = spec {
        for p in c.params {
            if let Some(d) = p.default {
                out.entry(p.name.to_string())
                    .or_insert_with(|| d.to_string());
            }
        }
    }
    out
}

/// `Some(scope)` unless it is empty.
pub fn non_empty(scope: Scope) -> Option<Scope> {
    (!scope.is_empty()).then_some(scope)
}

crate::resources::tagged::live_tagged!(LiveFramework, framework);
