//! Offline checks of one framework control against the Backup Audit
//! Manager catalogue (`backup_facts::controls`): a known control name (with
//! "did you mean"), known parameters with values in range (the
//! recovery-point age bound by its unit, min retention not above max), no
//! parameter without a value, and a scope the control takes.

use backup_facts::controls::{
    control as spec_of, max_recovery_point_age, param_value_ok, Control as Spec, ParamValue,
    MAX_SCOPE_RESOURCE_IDS, MAX_SCOPE_TAGS,
};

use super::config::{Control, Scope};
use crate::yaml::decode::did_you_mean;
use crate::yaml::findings::Findings;
use crate::yaml::span::Spanned;

pub(crate) fn control(c: &Spanned<Control>, r: &mut Findings<'_>) {
    let names: Vec<&str> = backup_facts::controls::CONTROLS
        .iter()
        .map(|c| c.name)
        .collect();
    r.one_of(&c.name, &names, "control");
    let Some(spec) = spec_of(&c.name.value) else {
        return;
    };
    params(spec, c, r);
    if let Some(s) = &c.scope {
        scope(spec, s, r);
    }
}

fn describe(v: &ParamValue) -> String {
    match v {
        ParamValue::Int { min, max } => format!("a whole number from {min} to {max}"),
        ParamValue::OneOf(values) => format!("one of {}", values.join(", ")),
        ParamValue::List { max, .. } => format!("a list of at most {max} items"),
    }
}

fn params(spec: &Spec, c: &Control, r: &mut Findings<'_>) {
    let known: Vec<&str> = spec.params.iter().map(|p| p.name).collect();
    for (name, value) in &c.parameters {
        let Some(p) = spec.params.iter().find(|p| p.name == name) else {
            let hint = match did_you_mean(name, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if known.is_empty() => format!("{} takes no parameters", spec.name),
                None => format!("{} takes: {}", spec.name, known.join(", ")),
            };
            r.error(
                &value.span,
                format!("unknown parameter `{name}` for control {}", spec.name),
                Some(hint),
            );
            continue;
        };
        let text = value.value.0.clone();
        if text.trim().is_empty() {
            r.error(
                &value.span,
                format!("parameter `{name}` has no value"),
                Some(format!(
                    "give {}, or leave the parameter out{}",
                    describe(&p.value),
                    p.default
                        .map(|d| format!(" for AWS's default ({d})"))
                        .unwrap_or_default()
                )),
            );
            continue;
        }
        if !param_value_ok(p, &text) {
            r.error(
                &value.span,
                format!(
                    "parameter `{name}` is `{text}`; it must be {}",
                    describe(&p.value)
                ),
                None,
            );
        }
    }
    let int = |n: &str| {
        c.parameters
            .get(n)
            .and_then(|v| v.value.0.clone().trim().parse::<i64>().ok())
    };
    if let Some(age) = c.parameters.get("recoveryPointAgeValue") {
        let unit = c
            .parameters
            .get("recoveryPointAgeUnit")
            .map(|u| u.value.0.clone())
            .unwrap_or_else(|| "days".into());
        let max = max_recovery_point_age(&unit);
        if int("recoveryPointAgeValue").is_some_and(|v| v > max) {
            r.error(
                &age.span,
                format!("recoveryPointAgeValue is above {max}, the most for recoveryPointAgeUnit {unit}"),
                None,
            );
        }
    }
    if let (Some(min), Some(max)) = (int("minRetentionDays"), int("maxRetentionDays")) {
        if min > max {
            let span = &c.parameters["maxRetentionDays"].span;
            r.error(
                span,
                format!("maxRetentionDays {max} is below minRetentionDays {min}"),
                None,
            );
        }
    }
}

fn scope(spec: &Spec, s: &Spanned<Scope>, r: &mut Findings<'_>) {
    if s.tags.len() > MAX_SCOPE_TAGS {
        r.error(
            &s.span,
            format!("a control scope takes at most {MAX_SCOPE_TAGS} tag"),
            None,
        );
    }
    if !s.tags.is_empty() && !spec.scopes.tags {
        r.error(
            &s.span,
            format!("control {} takes no tag scope", spec.name),
            None,
        );
    }
    r.unique(&s.resource_ids, "resource id");
    r.unique(&s.resource_types, "resource type");
    if !s.resource_ids.is_empty() {
        if s.resource_ids.len() > MAX_SCOPE_RESOURCE_IDS {
            r.error(
                &s.span,
                format!("resource_ids holds more than {MAX_SCOPE_RESOURCE_IDS} ids"),
                None,
            );
        }
        if s.resource_types.len() != 1 {
            r.error(
                &s.span,
                "a scope with resource_ids takes exactly one resource_types entry",
                Some(
                    spec.own_resource_type
                        .map(|t| format!("resource_types: [\"{t}\"]"))
                        .unwrap_or_else(|| "e.g. resource_types: [EBS]".into()),
                ),
            );
        } else if let Some(own) = spec.own_resource_type {
            let t = &s.resource_types[0];
            if t.value != own {
                r.error(
                    &t.span,
                    format!(
                        "control {} scopes single resources of type {own} only",
                        spec.name
                    ),
                    None,
                );
            }
        }
    } else if !s.resource_types.is_empty() && !spec.scopes.resource_types {
        r.error(
            &s.resource_types[0].span,
            format!(
                "control {} takes no resource type scope (it evaluates {})",
                spec.name, spec.evaluates
            ),
            Some("scope it by tag, or a single resource with resource_ids".into()),
        );
    }
}
