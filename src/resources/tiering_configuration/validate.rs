//! Offline checks of the config's tiering configurations: names (AWS's
//! `^[a-zA-Z0-9_]{1,200}$`, unique), the vault (`*`, or a vault of
//! `vaults` / `external_vaults`; one configuration per vault), the
//! selections (1 to 5, resource type `S3`, `*` alone or S3 bucket ARNs, at
//! most 100 of them, none twice, 60 to 36500 days), the tag budget (the
//! stack tag takes one of AWS's 50) and `ignore_tags`. Run by
//! `config::validate`.

use std::collections::HashMap;

use backup_facts::enums::TIERING_RESOURCE_TYPES;
use backup_facts::limits::{
    MAX_TAGS, MAX_TIERING_DOWN_DAYS, MAX_TIERING_RESOURCES, MAX_TIERING_SELECTIONS,
    MIN_TIERING_DOWN_DAYS,
};
use backup_facts::names::{is_tiering_configuration_name, is_vault_name_or_wildcard};

use super::config::TieringConfiguration;
use crate::resources::Config;
use crate::yaml::arn::Shape;
use crate::yaml::decode::did_you_mean;
use crate::yaml::findings::Findings;
use crate::yaml::ignore_tags;
use crate::yaml::span::Span;

/// Check every tiering configuration (names unique, one per vault, then
/// each one).
pub(crate) fn check(c: &Config, r: &mut Findings<'_>) {
    let list = &c.tiering_configurations;
    r.unique(list.iter().map(|t| &t.name), "tiering configuration name");
    let mut by_vault: HashMap<&str, (&str, &Span)> = HashMap::new();
    for t in list {
        let vault = t.vault.value.as_str();
        if let Some((other, first)) = by_vault.get(vault) {
            let hint = format!(
                "AWS allows one tiering configuration per vault and one for `*`; `{other}` is at {}",
                r.locate(first)
            );
            let what = if vault == "*" {
                "every vault (`*`)".to_string()
            } else {
                format!("vault `{vault}`")
            };
            r.error(
                &t.vault.span,
                format!(
                    "tiering configuration `{}`: {what} already has tiering configuration `{other}`",
                    t.name.value
                ),
                Some(hint),
            );
        } else {
            by_vault.insert(vault, (&t.name.value, &t.vault.span));
        }
        one(c, t, r);
    }
}

fn one(c: &Config, t: &TieringConfiguration, r: &mut Findings<'_>) {
    if !is_tiering_configuration_name(&t.name.value) {
        r.error(
            &t.name.span,
            format!("invalid tiering configuration name `{}`", t.name.value),
            Some("1 to 200 letters, digits or `_` (no `-` or `.`)".into()),
        );
    }
    vault(c, t, r);
    if let Some(own) = &t.ignore_tags {
        ignore_tags::check_own(own, c.ignore_tags.as_ref(), r);
    }
    ignore_tags::check_declared(
        &t.tags,
        &[c.ignore_tags.as_ref(), t.ignore_tags.as_ref()],
        r,
    );
    if t.tags.0.len() >= MAX_TAGS {
        r.error(
            &t.name.span,
            format!(
                "tiering configuration `{}` has {} tags; with the backupctl:stack tag AWS allows at most {}",
                t.name.value,
                t.tags.0.len(),
                MAX_TAGS - 1
            ),
            None,
        );
    }
    selections(t, r);
}

/// `*`, or a vault this config manages or lists as external.
fn vault(c: &Config, t: &TieringConfiguration, r: &mut Findings<'_>) {
    let v = &t.vault;
    if !is_vault_name_or_wildcard(&v.value) {
        r.error(
            &v.span,
            format!("invalid vault `{}`", v.value),
            Some(
                "a vault name (2 to 50 letters, digits, `-` or `_`) or `*` for every vault".into(),
            ),
        );
        return;
    }
    if v.value == "*" {
        return;
    }
    let known: Vec<&str> = c
        .vaults
        .iter()
        .map(|x| x.name.value.as_str())
        .chain(c.external_vaults.iter().map(|x| x.value.as_str()))
        .collect();
    if !known.contains(&v.value.as_str()) {
        let hint = match did_you_mean(&v.value, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? (or `*` for every vault)"),
            None => "declare it under `vaults`, list it in `external_vaults`, or use `*` for every vault".into(),
        };
        r.error(
            &v.span,
            format!(
                "tiering configuration `{}` names vault `{}`, which is neither in `vaults` nor in `external_vaults`",
                t.name.value, v.value
            ),
            Some(hint),
        );
    }
}

fn selections(t: &TieringConfiguration, r: &mut Findings<'_>) {
    let n = t.resource_selection.len();
    if n == 0 || n > MAX_TIERING_SELECTIONS {
        r.error(
            &t.name.span,
            format!(
                "tiering configuration `{}` has {n} resource selection(s); AWS takes 1 to {MAX_TIERING_SELECTIONS}",
                t.name.value
            ),
            None,
        );
    }
    let mut specific = 0;
    let mut seen: HashMap<(&str, &str), &Span> = HashMap::new();
    for s in &t.resource_selection {
        r.one_of(
            &s.resource_type,
            TIERING_RESOURCE_TYPES,
            "tiering resource type",
        );
        let days = &s.tiering_down_settings_in_days;
        if !(MIN_TIERING_DOWN_DAYS..=MAX_TIERING_DOWN_DAYS).contains(&days.value) {
            r.error(
                &days.span,
                format!(
                    "tiering_down_settings_in_days is {}; allowed {MIN_TIERING_DOWN_DAYS} to {MAX_TIERING_DOWN_DAYS}",
                    days.value
                ),
                None,
            );
        }
        if s.resources.is_empty() {
            r.error(
                &s.resource_type.span,
                "resources is empty",
                Some("list S3 bucket ARNs, or `*` for every bucket".into()),
            );
        }
        for res in &s.resources {
            if res.value == "*" {
                if s.resources.len() > 1 {
                    r.error(
                        &res.span,
                        "`*` already selects every resource; list either `*` or ARNs",
                        None,
                    );
                }
            } else {
                specific += 1;
                r.shape(res, Shape::ResourceArn);
                if res.value.starts_with("arn:") && res.value.split(':').nth(2) != Some("s3") {
                    r.error(
                        &res.span,
                        format!("`{}` is not an S3 ARN", res.value),
                        Some("tiering applies to S3 backups: arn:aws:s3:::BUCKET".into()),
                    );
                }
            }
            let key = (s.resource_type.value.as_str(), res.value.as_str());
            if let Some(first) = seen.get(&key) {
                let hint = format!("first selected at {}", r.locate(first));
                r.error(
                    &res.span,
                    format!("resource `{}` is in two resource selections", res.value),
                    Some(hint),
                );
            } else {
                seen.insert(key, &res.span);
            }
        }
    }
    if specific > MAX_TIERING_RESOURCES {
        r.error(
            &t.name.span,
            format!(
                "tiering configuration `{}` names {specific} resources; AWS allows at most {MAX_TIERING_RESOURCES} (or `*`)",
                t.name.value
            ),
            None,
        );
    }
}
