//! The output layer: one printer per format (human, JSON, Markdown) for
//! every result — the change set (human is terraform-like and styled;
//! `anstream` drops the colour when stdout is not a terminal or colour is
//! off; JSON is versioned, docs/plan-format.md; Markdown is for pull-request
//! comments), drift, the job report, validate's summary and apply's
//! outcome. All Markdown shares one escaper and one size cap (`md`).

pub mod apply;
pub mod apply_fleet;
pub mod drift;
pub mod fleet;
pub mod md;
pub mod plan_human;
pub mod plan_markdown;
pub mod report;
mod report_dr;
mod report_tables;
pub mod validate;

pub use plan_human as human;
pub use plan_markdown as markdown;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::changeset::{Action, Change, ChangeSet, FieldChange};

/// The output formats. Every command takes `--format` with these values
/// (`plan`, `apply`, `drift`); `validate` and `report` accept a subset under
/// their own names (see [`Format::named`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Markdown,
}

impl Format {
    /// A `--format` parser that accepts exactly `names` (each the command's
    /// word for a format), so a command refuses the formats it lacks the
    /// way clap refuses any unknown value.
    pub fn named(
        names: &'static [(&'static str, Format)],
    ) -> impl TypedValueParser<Value = Format> {
        PossibleValuesParser::new(names.iter().map(|(n, _)| PossibleValue::new(*n))).map(
            move |s: String| {
                names
                    .iter()
                    .find(|(n, _)| *n == s)
                    .map(|(_, f)| *f)
                    .expect("clap accepted only these names")
            },
        )
    }
}

/// Render `plan` in `format`.
pub fn render(plan: &ChangeSet, format: Format) -> String {
    match format {
        Format::Human => human::render(plan),
        Format::Json => json(plan),
        Format::Markdown => markdown::render(plan, markdown::DEFAULT_CAP),
    }
}

/// The versioned JSON form (the saved-plan file has the same shape).
pub fn json(plan: &ChangeSet) -> String {
    serde_json::to_string_pretty(plan).expect("plan serializes") + "\n"
}

/// The fields a renderer shows for a change: everything, except that a new
/// resource's `false` flags are defaults and not worth a line (the JSON form
/// keeps them).
pub(crate) fn shown_fields(c: &Change) -> impl Iterator<Item = &FieldChange> {
    c.fields.iter().filter(move |f| {
        !(c.action == Action::Create && f.after == Some(serde_json::Value::Bool(false)))
    })
}

/// A value on one line: strings quoted, everything else as compact JSON.
pub(crate) fn one_line(v: &serde_json::Value) -> String {
    v.to_string()
}

/// Values shown as a unified diff of their pretty JSON instead of `a -> b`.
pub(crate) fn is_long(v: Option<&serde_json::Value>) -> bool {
    v.is_some_and(|v| (v.is_object() || v.is_array()) && v.to_string().len() > 60)
}

/// Unified diff of two values' pretty JSON (absent = empty), without headers.
pub(crate) fn unified(
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Vec<(char, String)> {
    let pretty = |v: Option<&serde_json::Value>| {
        v.map(|v| serde_json::to_string_pretty(v).expect("serializes") + "\n")
            .unwrap_or_default()
    };
    let (a, b) = (pretty(before), pretty(after));
    let diff = similar::TextDiff::from_lines(&a, &b);
    let mut out = Vec::new();
    for op in diff.ops() {
        for change in diff.iter_changes(op) {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => ' ',
            };
            out.push((sign, change.value().trim_end_matches('\n').to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changeset::{Address, Unmanaged};
    use serde_json::json;

    #[test]
    fn human_and_markdown_skip_false_flags_of_a_create_json_keeps_them() {
        let field = |path: &str, after: serde_json::Value| FieldChange {
            path: path.into(),
            before: None,
            after: Some(after),
        };
        let plan = ChangeSet {
            format_version: crate::changeset::FORMAT_VERSION,
            stack: "s".into(),
            account_id: None,
            region: "us-east-1".into(),
            changes: vec![Change {
                fields: vec![
                    field("rules.r.enable_continuous_backup", json!(false)),
                    field("rules.r.start_window_minutes", json!(480)),
                ],
                ..Change::new(Action::Create, Address::BackupPlan { name: "p".into() })
            }],
            unmanaged: Unmanaged::default(),
            errors: vec![],
            safety: Default::default(),
            config_digest: None,
            live_fingerprint: "x".into(),
        };
        for format in [Format::Human, Format::Markdown] {
            let text = render(&plan, format);
            assert!(text.contains("start_window_minutes"), "{format:?}: {text}");
            assert!(
                !text.contains("enable_continuous_backup"),
                "{format:?}: {text}"
            );
        }
        assert!(render(&plan, Format::Json).contains("enable_continuous_backup"));
    }
}
