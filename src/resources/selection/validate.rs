//! Offline checks of one selection: name, role and resource ARN shapes,
//! that it selects something, tag conditions and `aws:ResourceTag/` keys.
//! Run for each selection while its plan is checked; the account/region of
//! resource ARNs is checked in `config::validate::cross`.

use super::config::Selection;
use crate::yaml::arn::Shape;
use crate::yaml::findings::Findings;
use crate::yaml::span::Spanned;
use crate::yaml::values::CONDITION_TYPES;

/// Check one selection of a plan.
pub(crate) fn check(s: &Spanned<Selection>, r: &mut Findings<'_>) {
    r.shape(&s.name, Shape::SelectionName);
    r.shape(&s.iam_role_arn, Shape::IamRole);
    for a in s.resources.iter().chain(&s.not_resources) {
        r.shape(a, Shape::ResourceArn);
    }
    let sp = &s.span.path;
    if s.resources.is_empty()
        && s.list_of_tags.is_empty()
        && !r.decode_error_under(Some(&s.span), &format!("{sp}.resources"))
        && !r.decode_error_under(Some(&s.span), &format!("{sp}.list_of_tags"))
    {
        r.error(
            &s.name.span,
            format!("selection `{}` selects nothing", s.name.value),
            Some("add resources (ARNs, or `*` with conditions) or list_of_tags".into()),
        );
    }
    for t in &s.list_of_tags {
        if let Some(ct) = &t.condition_type {
            r.one_of(ct, CONDITION_TYPES, "condition type");
        }
        if t.key.value.is_empty() {
            r.error(&t.key.span, "tag key is empty", None);
        }
    }
    if let Some(c) = &s.conditions {
        for p in c
            .string_equals
            .iter()
            .chain(&c.string_not_equals)
            .chain(&c.string_like)
            .chain(&c.string_not_like)
        {
            if !p.key.value.starts_with("aws:ResourceTag/")
                || p.key.value.len() == "aws:ResourceTag/".len()
            {
                let tail = p.key.value.rsplit('/').next().unwrap_or("backup");
                r.error(
                    &p.key.span,
                    format!(
                        "condition key `{}` is not of the form aws:ResourceTag/<tag-key>",
                        p.key.value
                    ),
                    Some(format!("e.g. aws:ResourceTag/{tail}")),
                );
            }
        }
        if c.string_equals.is_empty()
            && c.string_not_equals.is_empty()
            && c.string_like.is_empty()
            && c.string_not_like.is_empty()
        {
            r.error(
                &c.span,
                "conditions is empty",
                Some("remove it or add string_equals/string_like/...".into()),
            );
        }
    }
}
