//! The desired-state config: YAML model, loading, validation, JSON Schema.
//!
//! Public API (used by `cli` and by the `plan` side):
//!
//! - [`load`](fn@load)`(paths) -> Result<LoadedConfig, Diagnostics>` reads files and
//!   directories (every `*.yaml`/`*.yml` in a directory, sorted), applies
//!   `rule_templates`, merges the files and validates the result. A file
//!   without `stack` holding only shared definitions (`shared`) is read as
//!   one more file of the stack it is passed with. It never
//!   touches the network. All findings are collected in one pass.
//!   [`load_from_str`] does the same for in-memory `(name, text)` pairs.
//! - [`LoadedConfig`] holds the merged [`Config`] (plain structs from
//!   [`model`]; values that validation points at are [`Spanned`], which
//!   derefs to the value), the list of files (a [`Span::file`] indexes it) and
//!   non-fatal warnings.
//! - [`Diagnostics`] renders as text (`file:line:col: key.path: message` and
//!   `  hint: ...`) with [`Diagnostics::render_text`], or as JSON with
//!   [`Diagnostics::to_json`].
//! - [`schema::json_schema`] is the draft 2020-12 JSON Schema of [`Config`].
//! - [`cron::AwsCron`] parses an AWS `cron(...)` expression and lists upcoming
//!   runs in a timezone.
//!
//! Rules after loading: every rule's template has been applied (its own keys
//! win), `target_vault` names a vault in `vaults` or `external_vaults`, and
//! optional AWS fields stay `None` when not written (defaults are the plan
//! side's business).

mod assemble;
#[cfg(test)]
mod desired_tests;
mod fast;
mod files;
pub mod load;
pub mod model;
#[cfg(test)]
mod raw_tests;
pub mod resolve;
#[cfg(test)]
mod resolve_tests;
pub mod schema;
mod shared;
mod syntax;
pub mod validate;
mod yaml_walk;

// The machinery moved to `crate::yaml`; its old paths keep working.
pub use crate::yaml::{cron, diagnostics, span, tags};
pub(crate) use crate::yaml::{decode, raw};

use std::path::PathBuf;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use model::*;
pub use span::{Span, Spanned};

/// A merged, validated config and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The config (with `targets:`, the first target's resolved config;
    /// use [`LoadedConfig::targets`]).
    pub config: Config,
    /// One resolved config per declared target, sorted by name; empty
    /// when the config declares no `targets:` (one implicit target).
    pub targets: Vec<crate::targets::TargetConfig>,
    /// The files read, in order; `Span::file` indexes this list.
    pub files: Vec<PathBuf>,
    /// Findings that do not stop the config from being used.
    pub warnings: Diagnostics,
}

impl LoadedConfig {
    /// `file:line:col` of a span, for messages on the plan side.
    pub fn locate(&self, span: &Span) -> String {
        let file = self
            .files
            .get(span.file as usize)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        format!("{file}:{}:{}", span.line, span.column)
    }
}

/// Load, merge and validate config files and directories.
pub fn load(paths: &[PathBuf]) -> Result<LoadedConfig, Diagnostics> {
    let mut diags = Diagnostics::new();
    let (files, config) = load::load_into(paths, &mut diags);
    finish(files, config, diags)
}

/// Load, merge and validate configs given as `(name, text)` pairs, as if
/// they were files with those names (for tests and generated configs).
pub fn load_from_str(sources: &[(&str, &str)]) -> Result<LoadedConfig, Diagnostics> {
    let mut diags = Diagnostics::new();
    let sources = sources
        .iter()
        .map(|(name, text)| (PathBuf::from(name), Ok(text.to_string())))
        .collect();
    let (files, config) = load::load_sources(sources, &mut diags);
    finish(files, config, diags)
}

fn finish(
    files: Vec<PathBuf>,
    resolved: Option<resolve::Resolved>,
    mut diags: Diagnostics,
) -> Result<LoadedConfig, Diagnostics> {
    if let Some(r) = resolved.as_ref().filter(|r| !r.validated) {
        validate::validate(&r.config, &files, &mut diags);
    }
    diags.sort(&files);
    match resolved {
        Some(r) if !diags.has_errors() => Ok(LoadedConfig {
            config: r.config,
            targets: r.targets,
            files,
            warnings: diags,
        }),
        _ => Err(diags),
    }
}
