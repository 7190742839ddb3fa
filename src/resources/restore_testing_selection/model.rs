//! The normalized restore testing selection: lists with set meaning are
//! sets, absent equals empty (what AWS reads back for omitted members), an
//! unset validation window is 0 (the SDK cannot tell them apart).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreTestingSelection {
    pub iam_role_arn: String,
    pub protected_resource_type: String,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub protected_resource_arns: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub string_equals: BTreeSet<(String, String)>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub string_not_equals: BTreeSet<(String, String)>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub restore_metadata_overrides: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub validation_window_hours: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}
