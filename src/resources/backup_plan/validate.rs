//! Offline checks of the config's plans and rule templates: names, rules
//! (references, cron, timezone, windows, lifecycle, copies, continuous
//! backup, index/scan actions), advanced and scan settings, and the plan's
//! `ignore_tags` (its own list, and no declared tag the lists hide). Each selection
//! is checked by its own kind (`resources::selection::validate`).

use std::collections::{HashMap, HashSet};

use super::config::{BackupPlan, Lifecycle, Rule, RuleFields};
use crate::resources::Config;
use crate::yaml::arn::Shape;
use crate::yaml::cron::{parse_timezone, AwsCron, CronProblem};
use crate::yaml::decode::did_you_mean;
use crate::yaml::findings::Findings;
use crate::yaml::ignore_tags;
use crate::yaml::span::Spanned;
use crate::yaml::values::*;

/// Lookups built once per validation: a config has thousands of rules.
struct Known<'c> {
    c: &'c Config,
    vaults: HashSet<&'c str>,
    crons: HashMap<&'c str, Option<CronProblem>>,
}

/// Check the rule templates, then every plan (names unique, then each one).
pub(crate) fn check(c: &Config, r: &mut Findings<'_>) {
    let mut k = Known {
        c,
        vaults: c
            .vaults
            .iter()
            .map(|v| v.name.value.as_str())
            .chain(c.external_vaults.iter().map(|v| v.value.as_str()))
            .collect(),
        crons: HashMap::new(),
    };
    r.unique(c.plans.iter().map(|p| &p.name), "plan name");
    for t in c.rule_templates.values() {
        if let Some(tv) = &t.target_vault {
            target_vault(&k, tv, r);
        }
        rule_fields(&mut k, &t.fields, r);
    }
    for p in &c.plans {
        plan(&mut k, p, r);
    }
}

fn plan<'c>(k: &mut Known<'c>, p: &'c Spanned<BackupPlan>, r: &mut Findings<'_>) {
    r.shape(&p.name, Shape::PlanName);
    let wide = k.c.ignore_tags.as_ref();
    if let Some(own) = &p.ignore_tags {
        ignore_tags::check_own(own, wide, r);
    }
    ignore_tags::check_declared(&p.tags, &[wide, p.ignore_tags.as_ref()], r);
    if p.rules.is_empty() && !r.decode_error_under(Some(&p.span), &format!("{}.rules", p.span.path))
    {
        r.error(
            &p.span,
            format!("plan `{}` has no rules", p.name.value),
            Some("a backup plan needs at least one rule".into()),
        );
    }
    r.unique(p.rules.iter().map(|x| &x.name), "rule name in this plan");
    r.unique(
        p.selections.iter().map(|x| &x.name),
        "selection name in this plan",
    );
    for a in &p.advanced_backup_settings {
        r.one_of(
            &a.resource_type,
            ADVANCED_RESOURCE_TYPES,
            "advanced backup resource type",
        );
        if a.backup_options.is_empty() {
            r.error(
                &a.span,
                "backup_options is empty",
                Some("e.g. backup_options: {WindowsVSS: enabled}".into()),
            );
        }
        for v in a.backup_options.values() {
            r.shape(v, Shape::OptionToken);
        }
    }
    for s in &p.scan_settings {
        if let Some(m) = &s.malware_scanner {
            r.one_of(m, MALWARE_SCANNERS, "malware scanner");
        }
        if let Some(role) = &s.scanner_role_arn {
            r.shape(role, Shape::IamRole);
        }
    }
    for rule in &p.rules {
        rule_check(k, rule, r);
    }
    for s in &p.selections {
        crate::resources::selection::validate::check(s, r);
    }
}

fn rule_check<'c>(k: &mut Known<'c>, rule: &'c Spanned<Rule>, r: &mut Findings<'_>) {
    r.shape(&rule.name, Shape::RuleName);
    target_vault(k, &rule.target_vault, r);
    rule_fields(k, &rule.fields, r);
}

/// A rule's target must be a vault of the config or an external one.
fn target_vault(k: &Known<'_>, tv: &Spanned<String>, r: &mut Findings<'_>) {
    let c = k.c;
    if c.air_gapped_vaults.iter().any(|a| a.name.value == tv.value) {
        r.error(
            &tv.span,
            format!("target vault `{}` is a logically air-gapped vault", tv.value),
            Some(format!(
                "a rule's target_vault is a standard vault; send backups to the air-gapped vault with target_logically_air_gapped_backup_vault_arn: {} (its name or ARN)",
                tv.value
            )),
        );
        return;
    }
    let known = c
        .vaults
        .iter()
        .map(|v| v.name.value.as_str())
        .chain(c.external_vaults.iter().map(|v| v.value.as_str()));
    if k.vaults.contains(tv.value.as_str())
        || r.decode_error_under(None, "vaults")
        || r.decode_error_under(None, "external_vaults")
    {
        return;
    }
    let hint = match did_you_mean(&tv.value, known) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "define it under vaults, or list it under external_vaults if it exists outside this config".into(),
    };
    r.error(
        &tv.span,
        format!("target vault `{}` is not defined", tv.value),
        Some(hint),
    );
}

/// `target_logically_air_gapped_backup_vault_arn`: a vault ARN, or the
/// name of an air-gapped vault of the config (resolved to its ARN).
fn air_gapped_target(c: &Config, a: &Spanned<String>, r: &mut Findings<'_>) {
    if a.value.starts_with("arn:") {
        r.shape(a, Shape::VaultArn);
        return;
    }
    let declared = c.air_gapped_vaults.iter().map(|v| v.name.value.as_str());
    if c.air_gapped_vaults.iter().any(|v| v.name.value == a.value)
        || r.decode_error_under(None, "air_gapped_vaults")
    {
        return;
    }
    let hint = match did_you_mean(&a.value, declared) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "define it under air_gapped_vaults, or give the vault's ARN".into(),
    };
    r.error(
        &a.span,
        format!("air-gapped vault `{}` is not defined", a.value),
        Some(hint),
    );
}

fn rule_fields<'c>(k: &mut Known<'c>, f: &'c RuleFields, r: &mut Findings<'_>) {
    if let Some(a) = &f.target_logically_air_gapped_backup_vault_arn {
        air_gapped_target(k.c, a, r);
    }
    if let Some(s) = &f.schedule {
        let found = k.crons.entry(s.value.as_str()).or_insert_with(|| {
            AwsCron::parse(&s.value)
                .and_then(|c| c.check_runs(&s.value, chrono::Utc::now()))
                .err()
        });
        if let Some(p) = found {
            r.error(&s.span, p.message.clone(), p.hint.clone());
        }
    }
    if let Some(tz) = &f.schedule_timezone {
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
    windows(f, r);
    let continuous = f.enable_continuous_backup == Some(true);
    if let Some(l) = &f.lifecycle {
        lifecycle(l, r);
        if continuous {
            if let Some(d) = &l.delete_after_days {
                if d.value > MAX_CONTINUOUS_RETENTION_DAYS {
                    r.error(
                        &d.span,
                        format!("continuous backups are kept at most {MAX_CONTINUOUS_RETENTION_DAYS} days, not {}", d.value),
                        Some("lower delete_after_days or add a separate snapshot rule for longer retention".into()),
                    );
                }
            }
            if let Some(m) = &l.move_to_cold_storage_after_days {
                r.error(
                    &m.span,
                    "continuous backups cannot move to cold storage",
                    None,
                );
            }
        }
    }
    for ca in &f.copy_actions {
        // A declared air-gapped vault may be named instead of its ARN.
        let named = |v: &str| k.c.air_gapped_vaults.iter().any(|a| a.name.value == v);
        if !named(&ca.destination_vault_arn.value) {
            r.shape(&ca.destination_vault_arn, Shape::VaultArn);
        }
        if let Some(l) = &ca.lifecycle {
            lifecycle(l, r);
        }
    }
    for ia in &f.index_actions {
        if ia.resource_types.is_empty() {
            r.error(
                &ia.span,
                "index action without resource_types",
                Some("e.g. resource_types: [EBS]".into()),
            );
        }
        for t in &ia.resource_types {
            r.one_of(t, INDEX_RESOURCE_TYPES, "index resource type");
        }
    }
    for sa in &f.scan_actions {
        if let Some(m) = &sa.malware_scanner {
            r.one_of(m, MALWARE_SCANNERS, "malware scanner");
        }
        if let Some(m) = &sa.scan_mode {
            r.one_of(m, SCAN_MODES, "scan mode");
        }
    }
}

fn windows(f: &RuleFields, r: &mut Findings<'_>) {
    if let Some(s) = &f.start_window_minutes {
        if s.value < MIN_START_WINDOW {
            r.error(
                &s.span,
                format!(
                    "start_window_minutes is {}; AWS needs at least {MIN_START_WINDOW}",
                    s.value
                ),
                None,
            );
        }
    }
    if let Some(c) = &f.completion_window_minutes {
        let (start, which) = match &f.start_window_minutes {
            Some(s) => (s.value, "start_window_minutes"),
            None => (DEFAULT_START_WINDOW, "the default start window"),
        };
        if c.value <= start {
            r.error(
                &c.span,
                format!(
                    "completion_window_minutes {} must be greater than {which} ({start})",
                    c.value
                ),
                Some("the completion window counts from the scheduled start".into()),
            );
        }
    }
}

fn lifecycle(l: &Spanned<Lifecycle>, r: &mut Findings<'_>) {
    for d in [&l.move_to_cold_storage_after_days, &l.delete_after_days]
        .into_iter()
        .flatten()
    {
        if d.value < 1 || d.value > MAX_RETENTION_DAYS {
            r.error(
                &d.span,
                format!(
                    "{} days is out of range; allowed 1 to {MAX_RETENTION_DAYS}",
                    d.value
                ),
                None,
            );
        }
    }
    if let (Some(cold), Some(del)) = (&l.move_to_cold_storage_after_days, &l.delete_after_days) {
        if del.value < cold.value + MIN_COLD_STORAGE_DAYS {
            r.error(
                &del.span,
                format!(
                    "delete_after_days {} is less than move_to_cold_storage_after_days + {MIN_COLD_STORAGE_DAYS} ({})",
                    del.value,
                    cold.value + MIN_COLD_STORAGE_DAYS
                ),
                Some(format!("recovery points stay in cold storage for at least {MIN_COLD_STORAGE_DAYS} days")),
            );
        }
    }
    if let Some(e) = &l.delete_after_event {
        r.one_of(e, DELETE_AFTER_EVENTS, "delete_after_event");
    }
    if l.opt_in_to_archive_for_supported_resources == Some(true)
        && l.move_to_cold_storage_after_days.is_none()
    {
        r.error(
            &l.span,
            "opt_in_to_archive_for_supported_resources needs move_to_cold_storage_after_days",
            None,
        );
    }
}
