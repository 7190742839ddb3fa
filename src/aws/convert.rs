//! Conversion helpers shared by every kind (tags, sets, empty strings,
//! request-building errors); each kind converts its own SDK shapes in
//! `resources::<kind>::convert`.

use std::collections::{BTreeSet, HashMap};

use super::AwsError;
use std::collections::BTreeMap;

pub(crate) fn tags_from(map: Option<HashMap<String, String>>) -> BTreeMap<String, String> {
    map.unwrap_or_default().into_iter().collect()
}

pub(crate) fn set(list: Option<Vec<String>>) -> BTreeSet<String> {
    list.unwrap_or_default().into_iter().collect()
}

pub(crate) fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

pub(crate) fn invalid(operation: &'static str, e: impl std::fmt::Display) -> AwsError {
    AwsError::Other {
        operation,
        detail: format!("cannot build the request: {e}"),
    }
}

pub(crate) fn hash(tags: &BTreeMap<String, String>) -> Option<HashMap<String, String>> {
    (!tags.is_empty()).then(|| tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

pub(crate) fn list(set: &BTreeSet<String>) -> Option<Vec<String>> {
    (!set.is_empty()).then(|| set.iter().cloned().collect())
}
