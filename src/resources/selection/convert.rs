//! Selection SDK shapes <-> the normalized selection, both ways (sets read
//! in, empty lists omitted on the way out).

use std::collections::BTreeSet;

use aws_sdk_backup::types as t;

use crate::aws::convert::{invalid, list, set};
use crate::aws::AwsError;
use crate::model::{Conditions, Selection, TagCondition};

fn pairs(list: Option<Vec<t::ConditionParameter>>) -> BTreeSet<(String, String)> {
    list.unwrap_or_default()
        .into_iter()
        .filter_map(|c| Some((c.condition_key?, c.condition_value.unwrap_or_default())))
        .collect()
}

/// A selection as read from GetBackupSelection: (name, selection).
pub(crate) fn selection_from(s: t::BackupSelection) -> (String, Selection) {
    let conditions = s.conditions.map(|c| Conditions {
        string_equals: pairs(c.string_equals),
        string_not_equals: pairs(c.string_not_equals),
        string_like: pairs(c.string_like),
        string_not_like: pairs(c.string_not_like),
    });
    let selection = Selection {
        iam_role_arn: s.iam_role_arn,
        resources: set(s.resources),
        not_resources: set(s.not_resources),
        list_of_tags: s
            .list_of_tags
            .unwrap_or_default()
            .into_iter()
            .map(|c| TagCondition {
                condition_type: c.condition_type.as_str().to_string(),
                key: c.condition_key,
                value: c.condition_value,
            })
            .collect(),
        conditions: conditions.unwrap_or_default(),
    };
    (s.selection_name, selection)
}

fn params(set: &BTreeSet<(String, String)>) -> Option<Vec<t::ConditionParameter>> {
    (!set.is_empty()).then(|| {
        set.iter()
            .map(|(k, v)| {
                t::ConditionParameter::builder()
                    .condition_key(k)
                    .condition_value(v)
                    .build()
            })
            .collect()
    })
}

/// A selection as CreateBackupSelection takes it; empty lists omitted.
pub(crate) fn selection_to(
    op: &'static str,
    name: &str,
    s: &Selection,
) -> Result<t::BackupSelection, AwsError> {
    let mut tags = Vec::new();
    for c in &s.list_of_tags {
        tags.push(
            t::Condition::builder()
                .condition_type(t::ConditionType::from(c.condition_type.as_str()))
                .condition_key(&c.key)
                .condition_value(&c.value)
                .build()
                .map_err(|e| invalid(op, e))?,
        );
    }
    let c = &s.conditions;
    let conditions = (!c.is_empty()).then(|| {
        t::Conditions::builder()
            .set_string_equals(params(&c.string_equals))
            .set_string_not_equals(params(&c.string_not_equals))
            .set_string_like(params(&c.string_like))
            .set_string_not_like(params(&c.string_not_like))
            .build()
    });
    t::BackupSelection::builder()
        .selection_name(name)
        .iam_role_arn(&s.iam_role_arn)
        .set_resources(list(&s.resources))
        .set_not_resources(list(&s.not_resources))
        .set_list_of_tags((!tags.is_empty()).then_some(tags))
        .set_conditions(conditions)
        .build()
        .map_err(|e| invalid(op, e))
}
