//! Offline checks of the config's restore testing plans: names (unique,
//! AWS's pattern), schedule and timezone (the backup rules' checks),
//! start and selection windows, algorithm and recovery point types, vault
//! references (a name must be a vault of the config or an external one;
//! else an ARN or `*`), `ignore_tags`, and each selection (its own kind's
//! checks).

use backup_facts::restore_testing::{
    ALGORITHMS, RECOVERY_POINT_TYPES, SELECTION_WINDOW_DAYS, START_WINDOW_HOURS,
};

use super::config::RestoreTestingPlan;
use crate::resources::restore_testing_selection::validate as selection;
use crate::resources::Config;
use crate::yaml::cron::{parse_timezone, AwsCron};
use crate::yaml::decode::did_you_mean;
use crate::yaml::findings::Findings;
use crate::yaml::ignore_tags;
use crate::yaml::span::Spanned;

pub(crate) fn check(c: &Config, r: &mut Findings<'_>) {
    r.unique(
        c.restore_testing_plans.iter().map(|p| &p.name),
        "restore testing plan name",
    );
    for p in &c.restore_testing_plans {
        plan(c, p, r);
    }
}

fn plan(c: &Config, p: &Spanned<RestoreTestingPlan>, r: &mut Findings<'_>) {
    selection::name(&p.name, "restore testing plan name", r);
    let wide = c.ignore_tags.as_ref();
    if let Some(own) = &p.ignore_tags {
        ignore_tags::check_own(own, wide, r);
    }
    ignore_tags::check_declared(&p.tags, &[wide, p.ignore_tags.as_ref()], r);
    schedule(&p.schedule, p.schedule_timezone.as_ref(), r);
    range(
        p.start_window_hours.as_ref(),
        START_WINDOW_HOURS,
        "start_window_hours",
        r,
    );
    let s = &p.recovery_point_selection;
    r.one_of(
        &s.algorithm,
        ALGORITHMS,
        "recovery point selection algorithm",
    );
    if s.recovery_point_types.is_empty() {
        r.error(
            &s.span,
            "recovery_point_types is empty",
            Some("e.g. recovery_point_types: [SNAPSHOT]".into()),
        );
    }
    for t in &s.recovery_point_types {
        r.one_of(t, RECOVERY_POINT_TYPES, "recovery point type");
    }
    r.unique(&s.recovery_point_types, "recovery point type");
    if s.include_vaults.is_empty() {
        r.error(
            &s.span,
            "include_vaults is empty",
            Some("name vaults of this config, vault ARNs, or \"*\" for every vault".into()),
        );
    }
    for v in s.include_vaults.iter().chain(&s.exclude_vaults) {
        vault_ref(c, v, r);
    }
    range(
        s.selection_window_days.as_ref(),
        SELECTION_WINDOW_DAYS,
        "selection_window_days",
        r,
    );
    r.unique(
        p.selections.iter().map(|x| &x.name),
        "selection name in this restore testing plan",
    );
    for sel in &p.selections {
        selection::check(sel, r);
    }
}

/// The backup rules' schedule checks: an AWS cron that runs, an IANA zone.
pub(crate) fn schedule(s: &Spanned<String>, tz: Option<&Spanned<String>>, r: &mut Findings<'_>) {
    if let Err(p) =
        AwsCron::parse(&s.value).and_then(|c| c.check_runs(&s.value, chrono::Utc::now()))
    {
        r.error(&s.span, p.message, p.hint);
    }
    if let Some(tz) = tz {
        if parse_timezone(&tz.value).is_none() {
            let hint =
                match did_you_mean(&tz.value, chrono_tz::TZ_VARIANTS.iter().map(|t| t.name())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "use an IANA timezone name such as Europe/Berlin or Etc/UTC".into(),
                };
            r.error(
                &tz.span,
                format!("unknown timezone `{}`", tz.value),
                Some(hint),
            );
        }
    }
}

fn range(v: Option<&Spanned<i64>>, (lo, hi): (i64, i64), what: &str, r: &mut Findings<'_>) {
    if let Some(v) = v.filter(|v| v.value < lo || v.value > hi) {
        r.error(
            &v.span,
            format!("{what} is {}; allowed {lo} to {hi}", v.value),
            None,
        );
    }
}

/// `*`, an ARN (AWS takes wildcards in it), or a vault of this config.
fn vault_ref(c: &Config, v: &Spanned<String>, r: &mut Findings<'_>) {
    if v.value == "*" {
        return;
    }
    if v.value.starts_with("arn:") {
        if v.value.split(':').count() < 7 || !v.value.contains(":backup-vault:") {
            r.error(
                &v.span,
                format!("`{}` is not a backup vault ARN", v.value),
                Some("e.g. arn:aws:backup:eu-west-1:123456789012:backup-vault:main".into()),
            );
        }
        return;
    }
    let known = c
        .vaults
        .iter()
        .map(|x| x.name.value.as_str())
        .chain(c.external_vaults.iter().map(|x| x.value.as_str()));
    if known.clone().any(|n| n == v.value)
        || r.decode_error_under(None, "vaults")
        || r.decode_error_under(None, "external_vaults")
    {
        return;
    }
    let hint = match did_you_mean(&v.value, known) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "define it under vaults, list it under external_vaults, or give its ARN (or \"*\")"
            .into(),
    };
    r.error(
        &v.span,
        format!("vault `{}` is not defined", v.value),
        Some(hint),
    );
}
