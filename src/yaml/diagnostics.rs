//! Findings of loading and validation, and how they are printed.
//!
//! Every problem in a config becomes one [`Diagnostic`] with the file, line,
//! column, key path, message and an optional hint. They are collected (never
//! returned early) so a user sees every mistake at once. Two renderings exist
//! over the same data: human text (`file:line:col: key.path: message` and an
//! indented `hint:` line) and JSON for CI annotations.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as given on the command line (or found in a directory).
    pub file: PathBuf,
    /// 1-based; 0 when the finding is about the file as a whole.
    pub line: u32,
    pub column: u32,
    /// Key path such as `plans[0].rules[1].schedule`; empty for the document root.
    pub path: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// An ordered collection of findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Sort by file order, then line and column (stable for equal positions).
    pub fn sort(&mut self, file_order: &[PathBuf]) {
        let rank = |p: &Path| file_order.iter().position(|f| f == p).unwrap_or(usize::MAX);
        self.items.sort_by(|a, b| {
            (rank(&a.file), a.line, a.column).cmp(&(rank(&b.file), b.line, b.column))
        });
        // A template's mistake is found once per rule using it: report it once.
        self.items.dedup_by(|b, a| {
            a.file == b.file && a.line == b.line && a.column == b.column && a.message == b.message
        });
    }

    /// Human text; `color` adds ANSI styles (callers decide via anstream).
    pub fn render_text(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.items {
            d.write_text(&mut out, color);
        }
        out
    }

    /// `{"diagnostics":[...], "errors":N, "warnings":N}`.
    pub fn to_json(&self) -> serde_json::Value {
        let errors = self.error_count();
        serde_json::json!({
            "valid": errors == 0,
            "errors": errors,
            "warnings": self.items.len() - errors,
            "diagnostics": self.items,
        })
    }
}

impl Diagnostic {
    /// A finding at a span of file `file`.
    pub fn at(file: &Path, span: &Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: span.line,
            column: span.column,
            path: span.path.clone(),
            message: message.into(),
            hint: None,
        }
    }

    /// A finding about a whole file.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Self::at(file, &Span::default(), message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    fn write_text(&self, out: &mut String, color: bool) {
        let (bold, red, yellow, cyan, reset) = if color {
            ("\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[36m", "\x1b[0m")
        } else {
            ("", "", "", "", "")
        };
        let lead = if self.severity == Severity::Error {
            red
        } else {
            bold
        };
        let _ = write!(out, "{lead}{}", self.file.display());
        if self.line > 0 {
            let _ = write!(out, ":{}:{}", self.line, self.column);
        }
        let _ = write!(out, ":{reset} ");
        if self.severity == Severity::Warning {
            let _ = write!(out, "{yellow}warning:{reset} ");
        }
        if !self.path.is_empty() {
            let _ = write!(out, "{bold}{}{reset}: ", self.path);
        }
        let _ = writeln!(out, "{}", self.message);
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "  {cyan}hint:{reset} {h}");
        }
    }
}

impl std::fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render_text(false))
    }
}

impl std::error::Error for Diagnostics {}
