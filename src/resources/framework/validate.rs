//! Offline checks of the config's frameworks: names (unique, AWS's
//! pattern), descriptions, at least one control, tags and `ignore_tags`.
//! The checks of each control against the catalogue are in
//! `validate_controls.rs`. Run by `config::validate`.

use backup_facts::audit::{audit_description_ok, audit_name_ok, MAX_AUDIT_DESCRIPTION};

use super::config::Framework;
use crate::resources::Config;
use crate::yaml::findings::Findings;
use crate::yaml::ignore_tags;
use crate::yaml::span::Spanned;

/// Check every framework (names unique, then each one).
pub(crate) fn check(c: &Config, r: &mut Findings<'_>) {
    r.unique(c.frameworks.iter().map(|f| &f.name), "framework name");
    for f in &c.frameworks {
        framework(c, f, r);
    }
}

/// A framework or report plan name.
pub(crate) fn audit_name(n: &Spanned<String>, what: &str, r: &mut Findings<'_>) {
    if !audit_name_ok(&n.value) {
        r.error(
            &n.span,
            format!("{what} name `{}` is not valid", n.value),
            Some("1 to 256 characters: a letter, then letters, digits and `_` (no `-`)".into()),
        );
    }
}

/// A framework or report plan description.
pub(crate) fn description(d: &Spanned<String>, r: &mut Findings<'_>) {
    if !audit_description_ok(&d.value) {
        r.error(
            &d.span,
            format!("description must be 1 to {MAX_AUDIT_DESCRIPTION} characters with a non-space"),
            None,
        );
    }
}

fn framework(c: &Config, f: &Spanned<Framework>, r: &mut Findings<'_>) {
    audit_name(&f.name, "framework", r);
    if let Some(d) = &f.description {
        description(d, r);
    }
    if let Some(own) = &f.ignore_tags {
        ignore_tags::check_own(own, c.ignore_tags.as_ref(), r);
    }
    ignore_tags::check_declared(
        &f.tags,
        &[c.ignore_tags.as_ref(), f.ignore_tags.as_ref()],
        r,
    );
    if f.controls.is_empty() {
        r.error(
            &f.span,
            format!("framework `{}` has no controls", f.name.value),
            Some("a framework needs at least one control, e.g. controls: [{name: BACKUP_RECOVERY_POINT_ENCRYPTED}]".into()),
        );
    }
    r.unique(f.controls.iter().map(|c| &c.name), "control");
    for ctl in &f.controls {
        super::validate_controls::control(ctl, r);
    }
}
