//! Offline checks of the `settings:` section: known global settings and
//! their `"true"`/`"false"` values, resource type names (case, typos) and
//! which types take full AWS Backup management. Run by `config::validate`.

use crate::resources::Config;
use crate::yaml::decode::did_you_mean;
use crate::yaml::findings::Findings;
use crate::yaml::values::{GLOBAL_SETTINGS, MANAGEMENT_TYPES, RESOURCE_TYPES};

/// Check the `settings:` section, if any.
pub(crate) fn check(c: &Config, r: &mut Findings<'_>) {
    let Some(s) = &c.settings else { return };
    for (k, v) in &s.global {
        if !GLOBAL_SETTINGS.contains(&k.as_str()) {
            let hint = match did_you_mean(k, GLOBAL_SETTINGS.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("known settings: {}", GLOBAL_SETTINGS.join(", ")),
            };
            r.error(&v.span, format!("unknown global setting `{k}`"), Some(hint));
        }
        if v.value != "true" && v.value != "false" {
            r.error(
                &v.span,
                format!(
                    "global setting value `{}` is not \"true\" or \"false\"",
                    v.value
                ),
                None,
            );
        }
    }
    let Some(region) = &s.region else { return };
    for map in [
        &region.resource_type_opt_in,
        &region.resource_type_management,
    ] {
        for (k, v) in map {
            if RESOURCE_TYPES.contains(&k.as_str()) {
                continue;
            }
            match RESOURCE_TYPES.iter().find(|t| t.eq_ignore_ascii_case(k)) {
                Some(t) => r.error(
                    &v.span,
                    format!("resource type `{k}` is spelled `{t}`"),
                    Some("resource type names are case-sensitive".into()),
                ),
                None => {
                    let hint = did_you_mean(k, RESOURCE_TYPES.iter().copied())
                        .map(|m| format!("did you mean `{m}`?"))
                        .unwrap_or_else(|| {
                            "backupctl does not know it; AWS rejects it if it does not exist".into()
                        });
                    r.warning(&v.span, format!("unknown resource type `{k}`"), Some(hint));
                }
            }
        }
    }
    for (k, v) in &region.resource_type_management {
        if RESOURCE_TYPES.contains(&k.as_str()) && !MANAGEMENT_TYPES.contains(&k.as_str()) {
            r.error(
                &v.span,
                format!("resource type `{k}` does not support full AWS Backup management; AWS refuses it in resource_type_management"),
                Some(format!(
                    "full management is available for {} (AWS Backup's \"Feature availability by resource\"); `{k}` belongs only under resource_type_opt_in",
                    MANAGEMENT_TYPES.join(", ")
                )),
            );
        }
    }
}
