//! Offline checks of the config's legal holds: titles present and unique,
//! a description (AWS requires one), vault references to declared or
//! external vaults, resource ARNs, RFC 3339 date ranges with `from <= to`.

use super::config::LegalHold;
use super::model::parse_timestamp;
use crate::resources::Config;
use crate::yaml::arn::Shape;
use crate::yaml::findings::Findings;
use crate::yaml::span::Spanned;

/// Check every legal hold (titles unique, then each one).
pub(crate) fn check(c: &Config, r: &mut Findings<'_>) {
    r.unique(c.legal_holds.iter().map(|h| &h.title), "legal hold title");
    for h in &c.legal_holds {
        hold(c, h, r);
    }
}

fn nonempty(s: &Spanned<String>, key: &str, r: &mut Findings<'_>) {
    if s.value.trim().is_empty() {
        r.error(
            &s.span,
            format!("legal hold {key} is empty"),
            Some(format!("AWS requires a {key} for every legal hold")),
        );
    }
}

fn hold(c: &Config, h: &LegalHold, r: &mut Findings<'_>) {
    nonempty(&h.title, "title", r);
    nonempty(&h.description, "description", r);
    let Some(sel) = &h.recovery_point_selection else {
        return;
    };
    for v in &sel.vaults {
        let declared = c.vaults.iter().any(|d| d.name.value == v.value)
            || c.external_vaults.iter().any(|e| e.value == v.value);
        if !declared {
            r.error(
                &v.span,
                format!("legal hold `{}` names vault `{}`, which the config neither declares nor lists in external_vaults", h.title.value, v.value),
                Some(format!("declare it under `vaults:` or add it to `external_vaults: [{}]`", v.value)),
            );
        }
    }
    r.unique(&sel.vaults, "vault");
    for a in &sel.resource_identifiers {
        r.shape(a, Shape::ResourceArn);
    }
    r.unique(&sel.resource_identifiers, "resource identifier");
    if let Some(d) = &sel.date_range {
        let from = instant(&d.from, r);
        let to = instant(&d.to, r);
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                r.error(
                    &d.to.span,
                    format!(
                        "date_range.to ({}) is before date_range.from ({})",
                        d.to.value, d.from.value
                    ),
                    Some("`from` must not be after `to` (both inclusive)".into()),
                );
            }
        }
    }
}

fn instant(s: &Spanned<String>, r: &mut Findings<'_>) -> Option<chrono::DateTime<chrono::Utc>> {
    let t = parse_timestamp(&s.value);
    if t.is_none() {
        r.error(
            &s.span,
            format!("`{}` is not an RFC 3339 timestamp", s.value),
            Some("e.g. 2024-01-01T00:00:00Z (a date, a time and a zone)".into()),
        );
    }
    t
}
