//! Semantic checks on the decoded, merged config.
//!
//! Decoding already reported structural problems (types, unknown and missing
//! keys, tag limits). Here the values are checked against AWS rules: names,
//! ARNs, references, cron, timezones, windows, lifecycle, lock, events,
//! policies, settings. Every check pushes findings and carries on.

pub mod arn;
mod cross;
#[cfg(test)]
mod tests;
pub mod values;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::decode::did_you_mean;
use super::diagnostics::{Diagnostic, Diagnostics};
use super::model::Config;
use super::span::{Span, Spanned};
use arn::Shape;

/// Where findings go, with the file list to resolve spans.
pub(crate) struct Findings<'a> {
    files: &'a [PathBuf],
    diags: &'a mut Diagnostics,
    /// (file, key path) of the findings decoding made: the items they
    /// dropped must not cause follow-up findings.
    decode_errors: Vec<(PathBuf, String)>,
}

impl Findings<'_> {
    fn file(&self, span: &Span) -> &Path {
        self.files
            .get(span.file as usize)
            .map_or(Path::new("<config>"), PathBuf::as_path)
    }

    pub fn error(&mut self, span: &Span, msg: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::at(self.file(span), span, msg);
        d.hint = hint;
        self.diags.push(d);
    }

    pub fn warning(&mut self, span: &Span, msg: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::at(self.file(span), span, msg).warning();
        d.hint = hint;
        self.diags.push(d);
    }

    /// Did decoding report a problem at or under `prefix` (in `span`'s file,
    /// or in any file when `span` is `None`)?
    pub fn decode_error_under(&self, span: Option<&Span>, prefix: &str) -> bool {
        let file = span.map(|s| self.file(s).to_path_buf());
        self.decode_errors.iter().any(|(f, p)| {
            file.as_ref().is_none_or(|x| x == f)
                && p.starts_with(prefix)
                && p[prefix.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == '.' || c == '[')
        })
    }

    /// `file:line:col` of a span, for "first defined at" hints.
    pub fn locate(&self, span: &Span) -> String {
        format!(
            "{}:{}:{}",
            self.file(span).display(),
            span.line,
            span.column
        )
    }

    pub fn shape(&mut self, value: &Spanned<String>, shape: Shape) {
        if let Some((msg, hint)) = shape.check(&value.value) {
            self.error(&value.span, msg, Some(hint));
        }
    }

    /// `value` must be one of `allowed` (with "did you mean").
    pub fn one_of(&mut self, value: &Spanned<String>, allowed: &[&str], what: &str) {
        if allowed.contains(&value.value.as_str()) {
            return;
        }
        let hint = match did_you_mean(&value.value, allowed.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("one of: {}", allowed.join(", ")),
        };
        self.error(
            &value.span,
            format!("unknown {what} `{}`", value.value),
            Some(hint),
        );
    }

    /// Report every name seen twice, at the second occurrence.
    pub fn unique<'n>(&mut self, names: impl IntoIterator<Item = &'n Spanned<String>>, what: &str) {
        let mut seen: HashMap<&str, &Span> = HashMap::new();
        for n in names {
            if let Some(first) = seen.get(n.value.as_str()) {
                let hint = format!("first defined at {}", self.locate(first));
                self.error(
                    &n.span,
                    format!("duplicate {what} `{}`", n.value),
                    Some(hint),
                );
            } else {
                seen.insert(&n.value, &n.span);
            }
        }
    }
}

/// Run every check on `config`; `files` resolves span file indices.
pub fn validate(config: &Config, files: &[PathBuf], diags: &mut Diagnostics) {
    let decode_errors = diags
        .items
        .iter()
        .map(|d| (d.file.clone(), d.path.clone()))
        .collect();
    let mut r = Findings {
        files,
        diags,
        decode_errors,
    };
    header(config, &mut r);
    crate::resources::vault::validate::check(config, &mut r);
    crate::resources::settings::validate::check(config, &mut r);
    crate::resources::backup_plan::validate::check(config, &mut r);
    cross::check(config, &mut r);
}

fn header(c: &Config, r: &mut Findings) {
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
