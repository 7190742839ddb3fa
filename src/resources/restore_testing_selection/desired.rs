//! Config selection -> normalized selection.

use super::config;
use super::model::RestoreTestingSelection;

pub(crate) fn selection(s: &config::RestoreTestingSelection) -> RestoreTestingSelection {
    let pairs = |l: Option<&Vec<crate::yaml::span::Spanned<config::KeyValue>>>| {
        l.into_iter()
            .flatten()
            .map(|kv| (kv.key.value.clone(), kv.value.value.value.clone()))
            .collect()
    };
    let c = s.protected_resource_conditions.as_ref();
    RestoreTestingSelection {
        iam_role_arn: s.iam_role_arn.value.clone(),
        protected_resource_type: s.protected_resource_type.value.clone(),
        protected_resource_arns: s
            .protected_resource_arns
            .iter()
            .map(|a| a.value.clone())
            .collect(),
        string_equals: pairs(c.map(|c| &c.string_equals)),
        string_not_equals: pairs(c.map(|c| &c.string_not_equals)),
        restore_metadata_overrides: s
            .restore_metadata_overrides
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect(),
        validation_window_hours: s.validation_window_hours.as_ref().map_or(0, |v| v.value),
    }
}
