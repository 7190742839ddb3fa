//! Semantic checks on the decoded, merged config.
//!
//! Decoding already reported structural problems (types, unknown and missing
//! keys, tag limits). Here the values are checked against AWS rules: names,
//! ARNs, references, cron, timezones, windows, lifecycle, lock, events,
//! policies, settings. Every check pushes findings and carries on.
//!
//! This module runs the checks: the header, `ignore` and the config-wide
//! `ignore_tags` here, each kind's
//! own checks in `resources/<kind>/validate.rs`, the cross-kind ones in
//! `cross`. The helpers they share (`findings`, `arn`, `values`) are in
//! `crate::yaml`, below the kinds.

mod cross;
#[cfg(test)]
mod ignore_tags_tests;
#[cfg(test)]
mod tests;

// The shared checks are in `crate::yaml`, below the kinds.
pub(crate) use crate::yaml::findings;
pub use crate::yaml::{arn, values};

use std::path::PathBuf;

use super::diagnostics::Diagnostics;
use super::model::Config;
use arn::Shape;
pub(crate) use findings::Findings;

/// Run every check on `config`; `files` resolves span file indices.
pub fn validate(config: &Config, files: &[PathBuf], diags: &mut Diagnostics) {
    let decode_errors = diags
        .items
        .iter()
        .map(|d| (d.file.clone(), d.path.clone()))
        .collect();
    let mut r = Findings::new(files, diags, decode_errors);
    header(config, &mut r);
    for kind in crate::resources::REGISTRY {
        if let Some(check) = kind.ops.validate {
            check(config, &mut r);
        }
    }
    cross::check(config, &mut r);
}

fn header(c: &Config, r: &mut Findings<'_>) {
    if c.version.value != 1 {
        r.error(
            &c.version.span,
            format!("unsupported config version {}", c.version.value),
            Some("this backupctl reads `version: 1`".into()),
        );
    }
    r.shape(&c.stack, Shape::StackName);
    if let Some(a) = &c.account_id {
        r.shape(a, Shape::AccountId);
    }
    if let Some(reg) = &c.region {
        r.shape(reg, Shape::Region);
    }
    for v in &c.external_vaults {
        r.shape(v, Shape::VaultName);
    }
    r.unique(&c.external_vaults, "external vault");
    for v in &c.vaults {
        if let Some(e) = c.external_vaults.iter().find(|e| e.value == v.name.value) {
            let hint = format!("remove it from external_vaults ({})", r.locate(&e.span));
            r.error(
                &v.name.span,
                format!(
                    "vault `{}` is both managed and listed in external_vaults",
                    v.name.value
                ),
                Some(hint),
            );
        }
    }
    if let Some(it) = &c.ignore_tags {
        crate::yaml::ignore_tags::check_list(it, r);
    }
    if let Some(ig) = &c.ignore {
        for p in ig.vaults.iter().chain(&ig.plans) {
            r.shape(p, Shape::Glob);
        }
        for p in &ig.vaults {
            if let Some(v) = c
                .vaults
                .iter()
                .find(|v| arn::glob_match(&p.value, &v.name.value))
            {
                r.error(
                    &p.span,
                    format!(
                        "ignore pattern `{}` matches managed vault `{}`",
                        p.value, v.name.value
                    ),
                    Some("ignore patterns are for resources this config does not manage".into()),
                );
            }
        }
        for p in &ig.plans {
            if let Some(pl) = c
                .plans
                .iter()
                .find(|pl| arn::glob_match(&p.value, &pl.name.value))
            {
                r.error(
                    &p.span,
                    format!(
                        "ignore pattern `{}` matches managed plan `{}`",
                        p.value, pl.name.value
                    ),
                    Some("ignore patterns are for resources this config does not manage".into()),
                );
            }
        }
    }
}
