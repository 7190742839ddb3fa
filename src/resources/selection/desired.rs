//! Config selection -> normalized selection (all lists are sets).

use std::collections::BTreeSet;

use backup_facts::defaults::DEFAULT_CONDITION_TYPE;

use super::config;
use crate::model::{Conditions, Selection, TagCondition};

pub(crate) fn pairs(
    list: &[crate::yaml::span::Spanned<config::ConditionParameter>],
) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|c| {
            let c: &config::ConditionParameter = c;
            (c.key.value.clone(), c.value.value.clone())
        })
        .collect()
}

pub(crate) fn selection(s: &config::Selection) -> Selection {
    Selection {
        iam_role_arn: s.iam_role_arn.value.clone(),
        resources: s.resources.iter().map(|x| x.value.clone()).collect(),
        not_resources: s.not_resources.iter().map(|x| x.value.clone()).collect(),
        list_of_tags: s
            .list_of_tags
            .iter()
            .map(|t| {
                let t: &config::TagCondition = t;
                TagCondition {
                    condition_type: t
                        .condition_type
                        .as_ref()
                        .map(|x| x.value.clone())
                        .unwrap_or_else(|| DEFAULT_CONDITION_TYPE.to_string()),
                    key: t.key.value.clone(),
                    value: t.value.value.clone(),
                }
            })
            .collect(),
        conditions: s
            .conditions
            .as_ref()
            .map(|c| Conditions {
                string_equals: pairs(&c.string_equals),
                string_not_equals: pairs(&c.string_not_equals),
                string_like: pairs(&c.string_like),
                string_not_like: pairs(&c.string_not_like),
            })
            .unwrap_or_default(),
    }
}
