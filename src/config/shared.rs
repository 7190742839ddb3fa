//! Shared definitions files: a file without `stack` whose top-level keys
//! are only [`SHARED_KEYS`] holds definitions that several stacks use
//! (rule templates, variables, target defaults, config-wide ignore_tags).
//!
//! [`complete`] runs on the parsed trees before anything else reads them.
//! It sorts the files into stack files (they have `stack`) and definitions
//! files, and reports a file without `stack` that holds anything else. A
//! definitions file is then given the `stack` (and, if it has none, the
//! `version`) of the first stack file, the nodes keeping that file's
//! positions, so the rest of the pipeline (templates, targets, decoding,
//! merging, the config digest) treats it as one more file of the stack: a
//! key defined in both is "defined twice", its lists are concatenated.

use std::path::{Path, PathBuf};

use super::diagnostics::{Diagnostic, Diagnostics};
use super::raw::{Kind, Node, Pos};
use super::span::Span;

/// The top-level keys a file without `stack` may hold.
pub const SHARED_KEYS: &[&str] = &[
    "version",
    "rule_templates",
    "variables",
    "target_defaults",
    "ignore_tags",
];

const ONLY: &str =
    "a file without `stack` may hold only rule_templates, variables, target_defaults and ignore_tags";

/// What a file without `stack` holds.
enum Shape {
    /// Only shared keys: a definitions file.
    Definitions,
    /// Definitions and other keys: each other key (name, position) is an error.
    Mixed(Vec<(String, Pos)>),
    /// No definitions at all (a stack file that forgot `stack`): the keys
    /// that need it.
    Resources(Vec<String>),
}

fn shape(tree: &Node) -> Option<Shape> {
    let entries = tree.as_map()?;
    if tree.get("stack").is_some() {
        return None;
    }
    let other: Vec<(String, Pos)> = entries
        .iter()
        .map(|(k, _)| (k.scalar_text(), k.pos))
        .filter(|(k, _)| !SHARED_KEYS.contains(&k.as_str()))
        .collect();
    let definitions = entries
        .iter()
        .any(|(k, _)| SHARED_KEYS[1..].contains(&k.scalar_text().as_str()));
    Some(match (other.is_empty(), definitions) {
        (true, _) => Shape::Definitions,
        (false, true) => Shape::Mixed(other),
        (false, false) => Shape::Resources(other.into_iter().map(|(k, _)| k).collect()),
    })
}

fn error(file: &Path, i: usize, pos: Pos, path: &str, msg: String) -> Diagnostic {
    let span = Span {
        file: i as u32,
        line: pos.line,
        column: pos.column,
        path: path.to_string(),
    };
    Diagnostic::at(file, &span, msg)
}

/// The top-level `key` of `tree` as a value node marked with file `i`.
fn value_of(tree: &Node, key: &str, i: usize) -> Option<(Node, Node)> {
    let (k, v) = tree
        .as_map()?
        .iter()
        .find(|(k, _)| k.scalar_text() == key)?;
    let (mut k, mut v) = (k.clone(), v.clone());
    k.set_file(i as u32);
    v.set_file(i as u32);
    Some((k, v))
}

/// Report files without `stack` that hold more than definitions, and give
/// each definitions file the stack's `stack` and `version`. When no file
/// declares `stack` (reported), returns the files without it: decoding them
/// will find `stack` (and perhaps `version`) missing, which is said already.
/// `all_parsed`: no file failed to parse (one that did may declare `stack`).
pub fn complete(
    trees: &mut [(PathBuf, Node)],
    all_parsed: bool,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let stack_file = trees.iter().position(|(_, t)| t.get("stack").is_some());
    let inherited = stack_file.map(|j| {
        let t = &trees[j].1;
        (value_of(t, "stack", j), value_of(t, "version", j))
    });
    let mut lone_definitions = None;
    let mut stackless = Vec::new();
    for (i, (path, tree)) in trees.iter_mut().enumerate() {
        let Some(shape) = shape(tree) else { continue };
        stackless.push(path.clone());
        match shape {
            Shape::Definitions => {
                lone_definitions.get_or_insert(i);
            }
            Shape::Mixed(other) => {
                for (key, pos) in &other {
                    let msg = format!("`{key}` needs `stack:` in this file; {ONLY}");
                    diags.push(error(path, i, *pos, key, msg).with_hint(
                        "add `stack: NAME` to this file, or move the key to a stack's file",
                    ));
                }
                let keys: Vec<&str> = other.iter().map(|(k, _)| k.as_str()).collect();
                crate::targets::tree::strip_keys(tree, &keys);
            }
            Shape::Resources(keys) => {
                let hint = format!("`{}` needs `stack:` in this file; {ONLY}", keys[0]);
                let msg = "missing required key `stack`".to_string();
                diags.push(error(path, i, tree.pos, "", msg).with_hint(hint));
                // Checked as a file of the stack, without saying twice
                // that `stack` is missing.
            }
        }
        let (Some((stack, version)), Kind::Map(entries)) = (&inherited, &mut tree.kind) else {
            continue;
        };
        entries.extend(stack.clone());
        if !entries.iter().any(|(k, _)| k.scalar_text() == "version") {
            entries.extend(version.clone());
        }
    }
    if stack_file.is_none() && all_parsed {
        if let Some(i) = lone_definitions {
            let (path, tree) = &trees[i];
            diags.push(
                error(path, i, tree.pos, "", "no file declares `stack`".into()).with_hint(
                    "this file holds only shared definitions; pass it with a stack's files \
                     (-f SHARED -f STACK)",
                ),
            );
        }
    }
    if stack_file.is_some() {
        stackless.clear();
    }
    stackless
}

/// Drop the "missing required key" findings about `stack` and `version` at
/// the top of `files` that decoding adds after [`complete`] said so.
pub fn drop_said(diags: &mut Diagnostics, files: &[PathBuf]) {
    diags.items.retain(|d| {
        !(files.contains(&d.file)
            && d.path.is_empty()
            && d.hint.is_none()
            && matches!(
                d.message.as_str(),
                "missing required key `stack`" | "missing required key `version`"
            ))
    });
}

#[cfg(test)]
mod tests {
    use crate::config::{load_from_str, Diagnostics};

    const SHARED: &str = "\
rule_templates:
  daily:
    target_vault: vv
    schedule: cron(0 2 ? * * *)
    start_window_minutes: 90
variables:
  days: 35
ignore_tags:
  keys: [CostCenter]
";

    fn stack(name: &str) -> String {
        format!(
            "version: 1\nstack: {name}\nvaults:\n  - name: vv\nplans:\n  - name: p\n    rules:\n      \
             - name: r\n        template: daily\n        lifecycle:\n          delete_after_days: ${{var.days}}\n"
        )
    }

    fn errors(sources: &[(&str, &str)]) -> Diagnostics {
        load_from_str(sources).expect_err("config is rejected")
    }

    #[test]
    fn one_definitions_file_serves_two_stacks() {
        for name in ["team-a", "team-b"] {
            let text = stack(name);
            let c = load_from_str(&[("shared.yaml", SHARED), ("stack.yaml", &text)])
                .unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(c.config.stack.value, name);
            let rule = &c.config.plans[0].value.rules[0].value.fields;
            assert_eq!(
                rule.start_window_minutes.as_ref().map(|s| s.value),
                Some(90)
            );
            let days = rule
                .lifecycle
                .as_ref()
                .and_then(|l| l.value.delete_after_days.clone());
            assert_eq!(days.map(|d| d.value), Some(35));
            let ignored = c.config.ignore_tags.as_ref().expect("ignore_tags joined");
            assert_eq!(ignored.value.keys.len(), 1);
            assert_eq!(c.files.len(), 2, "both files are part of the config");
        }
    }

    #[test]
    fn a_definitions_file_with_resources_is_an_error_at_the_key() {
        let shared = format!("{SHARED}vaults:\n  - name: ww\n");
        let d = errors(&[("shared.yaml", &shared), ("stack.yaml", &stack("s"))]);
        let e: Vec<_> = d.items.iter().collect();
        assert_eq!(e.len(), 1, "{d}");
        assert_eq!(
            (e[0].line, e[0].column, e[0].path.as_str()),
            (10, 1, "vaults")
        );
        assert!(
            e[0].message.starts_with("`vaults` needs `stack:` in this file; a file without `stack` may hold only rule_templates"),
            "{d}"
        );
    }

    #[test]
    fn a_resource_file_without_stack_keeps_the_missing_key_message() {
        let d = errors(&[("a.yaml", "version: 1\nvaults: []\n")]);
        assert_eq!(d.items.len(), 1, "{d}");
        assert_eq!(d.items[0].message, "missing required key `stack`");
        assert!(d.items[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("`vaults` needs `stack:`"));
    }

    #[test]
    fn definitions_alone_are_not_a_config() {
        let d = errors(&[("shared.yaml", SHARED)]);
        assert_eq!(d.items.len(), 1, "{d}");
        assert_eq!(d.items[0].message, "no file declares `stack`");
        assert_eq!((d.items[0].line, d.items[0].column), (1, 1));
    }

    #[test]
    fn a_definitions_version_must_agree() {
        let shared = format!("version: 2\n{SHARED}");
        let d = errors(&[("shared.yaml", &shared), ("stack.yaml", &stack("s"))]);
        assert!(d.items.iter().any(|e| e.path == "version"), "{d}");
    }

    #[test]
    fn a_variable_in_both_files_names_both_places() {
        let text = format!("{}variables:\n  days: 7\n", stack("s"));
        let d = errors(&[("shared.yaml", SHARED), ("stack.yaml", &text)]);
        let e = d
            .items
            .iter()
            .find(|e| e.message.contains("`variables.days` is defined twice"))
            .unwrap_or_else(|| panic!("{d}"));
        assert_eq!(e.file.to_str(), Some("stack.yaml"));
        assert!(
            e.hint.as_deref().unwrap().contains("shared.yaml:7:3"),
            "{d}"
        );
    }
}
