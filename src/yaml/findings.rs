//! Where the checks' findings go ([`Findings`]), with the helpers every
//! kind's checks share: shapes, enums with "did you mean", duplicates, and
//! whether decoding already reported a spot. Imports no check, so the
//! kinds' `validate.rs` files and `validate` itself can all use it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::arn::Shape;
use crate::yaml::decode::did_you_mean;
use crate::yaml::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::span::{Span, Spanned};

/// Where findings go, with the file list to resolve spans.
pub(crate) struct Findings<'a> {
    files: &'a [PathBuf],
    diags: &'a mut Diagnostics,
    /// (file, key path) of the findings decoding made: the items they
    /// dropped must not cause follow-up findings.
    decode_errors: Vec<(PathBuf, String)>,
}

impl<'a> Findings<'a> {
    pub fn new(
        files: &'a [PathBuf],
        diags: &'a mut Diagnostics,
        decode_errors: Vec<(PathBuf, String)>,
    ) -> Self {
        Findings {
            files,
            diags,
            decode_errors,
        }
    }

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
