//! The normalized backup selection (all lists are sets) and the live one
//! read by id.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// A backup selection. Selections cannot be updated in AWS: any difference is
/// a replacement (delete + create).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    pub iam_role_arn: String,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub resources: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub not_resources: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub list_of_tags: BTreeSet<TagCondition>,
    #[serde(default, skip_serializing_if = "Conditions::is_empty")]
    pub conditions: Conditions,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TagCondition {
    pub condition_type: String,
    pub key: String,
    pub value: String,
}

/// Key/value pairs per condition operator; all sets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditions {
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub string_equals: BTreeSet<(String, String)>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub string_not_equals: BTreeSet<(String, String)>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub string_like: BTreeSet<(String, String)>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub string_not_like: BTreeSet<(String, String)>,
}

impl Conditions {
    pub fn is_empty(&self) -> bool {
        self.string_equals.is_empty()
            && self.string_not_equals.is_empty()
            && self.string_like.is_empty()
            && self.string_not_like.is_empty()
    }
}

/// A selection read by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveSelection {
    pub id: String,
    pub name: String,
    pub selection: Selection,
}
