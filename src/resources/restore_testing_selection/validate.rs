//! Offline checks of one restore testing selection: name, role, resource
//! type, the ARNs-or-conditions rule AWS enforces (at least one; conditions
//! only with `["*"]` or no ARNs; `*` alone; at most 30 ARNs), condition
//! keys and the validation window. Run for each selection while its plan
//! is checked.

use backup_facts::restore_testing::{
    name_ok, MAX_PROTECTED_RESOURCE_ARNS, PROTECTED_RESOURCE_TYPES, VALIDATION_WINDOW_HOURS,
};

use super::config::RestoreTestingSelection;
use crate::yaml::arn::Shape;
use crate::yaml::findings::Findings;
use crate::yaml::span::Spanned;

/// Check one selection of a restore testing plan.
pub(crate) fn check(s: &Spanned<RestoreTestingSelection>, r: &mut Findings<'_>) {
    name(&s.name, "restore testing selection name", r);
    r.shape(&s.iam_role_arn, Shape::IamRole);
    r.one_of(
        &s.protected_resource_type,
        PROTECTED_RESOURCE_TYPES,
        "protected resource type",
    );
    let arns = &s.protected_resource_arns;
    for a in arns.iter().filter(|a| a.value != "*") {
        r.shape(a, Shape::ResourceArn);
    }
    let star = arns.iter().any(|a| a.value == "*");
    if star && arns.len() > 1 {
        let a = arns.iter().find(|a| a.value == "*").expect("found above");
        r.error(
            &a.span,
            "`*` selects every resource; it cannot be combined with specific ARNs",
            Some("keep either [\"*\"] or the ARNs".into()),
        );
    }
    if arns.len() > MAX_PROTECTED_RESOURCE_ARNS {
        r.error(
            &arns[MAX_PROTECTED_RESOURCE_ARNS].span,
            format!(
                "{} protected resource ARNs; AWS allows at most {MAX_PROTECTED_RESOURCE_ARNS}",
                arns.len()
            ),
            Some("use [\"*\"] with protected_resource_conditions instead".into()),
        );
    }
    let conditions = s.protected_resource_conditions.as_ref();
    let has_conditions =
        conditions.is_some_and(|c| !c.string_equals.is_empty() || !c.string_not_equals.is_empty());
    let sp = &s.span.path;
    if arns.is_empty()
        && !has_conditions
        && !r.decode_error_under(Some(&s.span), &format!("{sp}.protected_resource_arns"))
        && !r.decode_error_under(
            Some(&s.span),
            &format!("{sp}.protected_resource_conditions"),
        )
    {
        r.error(
            &s.name.span,
            format!(
                "restore testing selection `{}` selects nothing",
                s.name.value
            ),
            Some(
                "add protected_resource_arns (ARNs, or [\"*\"]) or protected_resource_conditions"
                    .into(),
            ),
        );
    }
    if let Some(c) = conditions {
        if has_conditions && !arns.is_empty() && !star {
            r.error(
                &c.span,
                "protected_resource_conditions can only narrow `*`, not specific ARNs",
                Some("set protected_resource_arns to [\"*\"] or remove it".into()),
            );
        }
        if !has_conditions {
            r.error(
                &c.span,
                "protected_resource_conditions is empty",
                Some("remove it or add string_equals/string_not_equals".into()),
            );
        }
        for kv in c.string_equals.iter().chain(&c.string_not_equals) {
            if kv.key.value.is_empty() {
                r.error(&kv.key.span, "condition key is empty", None);
            }
        }
    }
    if let Some(v) = &s.validation_window_hours {
        let (lo, hi) = VALIDATION_WINDOW_HOURS;
        if v.value < lo || v.value > hi {
            r.error(
                &v.span,
                format!(
                    "validation_window_hours is {}; allowed {lo} to {hi}",
                    v.value
                ),
                None,
            );
        }
    }
}

/// A restore testing plan or selection name: 1 to 50 letters, digits or `_`.
pub(crate) fn name(n: &Spanned<String>, what: &str, r: &mut Findings<'_>) {
    if !name_ok(&n.value) {
        r.error(
            &n.span,
            format!("invalid {what} `{}`", n.value),
            Some("use 1 to 50 letters, digits or `_` (no `-` or `.`)".into()),
        );
    }
}
