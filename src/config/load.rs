//! Loading a config: YAML parsing, rule templates, and handing the trees
//! to `resolve` (which files, and reading them: `super::files`; shared
//! definitions files: `super::shared`; decoding and merging the files:
//! `super::assemble`).
//!
//! Hostile input stops here with a clear finding: files over
//! [`MAX_FILE_BYTES`], invalid UTF-8, empty files, several YAML documents,
//! alias bombs and deep nesting (serde-saphyr budgets). A UTF-8 BOM and CRLF
//! line endings are accepted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::decode::{did_you_mean, Cx};
use super::diagnostics::{Diagnostic, Diagnostics};
use super::raw::{Kind, Node};
use super::span::Span;

pub use super::files::{expand_paths, read_text, MAX_FILE_BYTES};

/// Deepest YAML nesting accepted (defined with the tree, so `syntax` can
/// name it without importing the loader).
pub use super::raw::MAX_DEPTH;

fn parse_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_aliases = 10_000;
    // A 10 MiB config of 10,000+ resources stays well inside these.
    budget.max_events = 5_000_000;
    budget.max_nodes = 2_000_000;
    budget.max_depth = MAX_DEPTH;
    budget.max_documents = 16;
    let mut opts = serde_saphyr::Options::default();
    opts.budget = Some(budget);
    // Aliases may repeat a rule or a selection, not build an exponential tree.
    opts.alias_limits.max_total_replayed_events = 100_000;
    opts.strict_booleans = true;
    // `.inf` and `.nan` become numbers the decoder reports where they do not
    // belong ("quote the value"), rather than a parse error.
    opts.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    opts.with_snippet = false;
    opts
}

/// Parse one file's text into a YAML tree.
pub fn parse_text(path: &Path, text: &str) -> Result<Node, Diagnostic> {
    let meaningful = text
        .lines()
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#') && l.trim() != "---");
    if !meaningful {
        return Err(Diagnostic::file(path, "file is empty")
            .with_hint("a config needs at least `version: 1` and `stack: <name>`"));
    }
    if let Some(node) = super::fast::parse(text, MAX_DEPTH) {
        return Ok(node);
    }
    match parse_text_serde(text) {
        Ok(node) => Ok(node),
        Err(ParseFailure::Documents(n, pos)) => {
            let mut d = Diagnostic::file(
                path,
                format!("file holds {n} YAML documents; a config file holds exactly one"),
            )
            .with_hint("split the documents into separate files in one directory and pass -f DIR");
            d.line = pos.line;
            d.column = pos.column;
            Err(d)
        }
        Err(ParseFailure::Empty) => Err(Diagnostic::file(path, "file is empty")),
        Err(ParseFailure::Yaml(e)) => Err(super::syntax::explain(path, text, &e)),
    }
}

/// Why the serde path could not produce one tree.
pub(crate) enum ParseFailure {
    Documents(usize, super::raw::Pos),
    Empty,
    Yaml(serde_saphyr::Error),
}

/// Parse with serde-saphyr (anchors, aliases, merge keys, budgets).
pub(crate) fn parse_text_serde(text: &str) -> Result<Node, ParseFailure> {
    let docs: Result<Vec<Node>, _> =
        serde_saphyr::from_multiple_with_options(text, parse_options());
    match docs {
        Ok(mut docs) => match docs.len() {
            1 => Ok(docs.remove(0)),
            0 => Err(ParseFailure::Empty),
            n => Err(ParseFailure::Documents(n, docs[1].pos)),
        },
        Err(e) => Err(ParseFailure::Yaml(e)),
    }
}

/// Rule templates found in all files: name -> (file index, node).
type TemplateNodes = BTreeMap<String, (u32, Node)>;

fn file_names(files: &[(PathBuf, Node)]) -> Vec<PathBuf> {
    files.iter().map(|(p, _)| p.clone()).collect()
}

fn collect_templates(
    files: &[(PathBuf, Node)],
    texts: &[String],
    diags: &mut Diagnostics,
) -> TemplateNodes {
    let mut out = TemplateNodes::new();
    let names = file_names(files);
    for (i, (_, node)) in files.iter().enumerate() {
        let Some(Kind::Map(entries)) = node.get("rule_templates").map(|n| &n.kind) else {
            continue;
        };
        for (k, v) in entries {
            let Kind::Str(name) = &k.kind else { continue };
            if let Some((j, _)) = out.get(name) {
                let first = &files[*j as usize].0;
                let mut cx = Cx::new(i as u32, &names, texts, diags);
                cx.in_key("rule_templates", |cx| {
                    cx.in_key(name, |cx| {
                        cx.error(
                            k.pos,
                            format!("rule template `{name}` is defined twice"),
                            Some(format!("first defined in {}", first.display())),
                        );
                    });
                });
            } else {
                let mut v = v.clone();
                v.set_file(i as u32);
                out.insert(name.clone(), (i as u32, v));
            }
        }
    }
    out
}

/// Give every rule with `template: X` the keys of X it does not set itself
/// (a shallow merge: a rule's own `lifecycle` replaces the template's).
/// Unknown template names are reported here; the key paths of their rules
/// are returned so the "missing key" noise they cause can be dropped.
fn apply_templates(node: &mut Node, templates: &TemplateNodes, cx: &mut Cx<'_>) -> Vec<String> {
    let mut unknown = Vec::new();
    let Some(plans) = map_get_mut(node, "plans") else {
        return unknown;
    };
    let Kind::Seq(plans) = &mut plans.kind else {
        return unknown;
    };
    for (pi, plan) in plans.iter_mut().enumerate() {
        let Some(rules) = map_get_mut(plan, "rules") else {
            continue;
        };
        let Kind::Seq(rules) = &mut rules.kind else {
            continue;
        };
        for (ri, rule) in rules.iter_mut().enumerate() {
            let Some(tnode) = rule.get("template").cloned() else {
                continue;
            };
            let Kind::Str(t) = &tnode.kind else { continue };
            let Some((_, tpl)) = templates.get(t) else {
                let hint = match did_you_mean(t, templates.keys().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if templates.is_empty() => "no rule_templates are defined".into(),
                    None => format!(
                        "defined templates: {}",
                        templates.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                };
                let path = format!("plans[{pi}].rules[{ri}]");
                let d = Diagnostic::at(
                    cx.file_path,
                    &Span {
                        file: cx.file,
                        line: tnode.pos.line,
                        column: tnode.pos.column,
                        path: format!("{path}.template"),
                    },
                    format!("unknown rule template `{t}`"),
                )
                .with_hint(hint);
                cx.diags.push(d);
                unknown.push(path);
                continue;
            };
            let (Kind::Map(entries), Kind::Map(tpl_entries)) = (&mut rule.kind, &tpl.kind) else {
                continue;
            };
            for (tk, tv) in tpl_entries {
                if !entries.iter().any(|(k, _)| k.kind == tk.kind) {
                    entries.push((tk.clone(), tv.clone()));
                }
            }
        }
    }
    unknown
}

fn map_get_mut<'a>(node: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    match &mut node.kind {
        Kind::Map(entries) => entries
            .iter_mut()
            .find(|(k, _)| matches!(&k.kind, Kind::Str(s) if s == key))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// Load, decode and merge `paths` (files or directories). Findings go to
/// `diags`; the merged config (one per target, with `targets:`) is
/// returned when every file decoded.
pub fn load_into(
    paths: &[PathBuf],
    diags: &mut Diagnostics,
) -> (Vec<PathBuf>, Option<super::resolve::Resolved>) {
    let files = expand_paths(paths, diags);
    let sources = files.iter().map(|f| (f.clone(), read_text(f))).collect();
    load_sources(sources, diags)
}

/// Like [`load_into`] for texts already in memory (`(name, text)` pairs,
/// or a read error to report).
pub fn load_sources(
    sources: Vec<(PathBuf, Result<String, Diagnostic>)>,
    diags: &mut Diagnostics,
) -> (Vec<PathBuf>, Option<super::resolve::Resolved>) {
    let mut parsed: Vec<(PathBuf, Node)> = Vec::new();
    // The text each parsed file was read from, for hints quoting values.
    let mut texts: Vec<String> = Vec::new();
    let mut ok = true;
    for (f, text) in sources {
        let text = text.map(|t| match t.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => t,
        });
        match text.and_then(|t| parse_text(&f, &t).map(|n| (n, t))) {
            Ok((n, t)) => {
                parsed.push((f, n));
                texts.push(t);
            }
            Err(d) => {
                diags.push(d);
                ok = false;
            }
        }
    }
    let said = super::shared::complete(&mut parsed, ok, diags);
    let templates = collect_templates(&parsed, &texts, diags);
    let file_list: Vec<PathBuf> = parsed.iter().map(|(p, _)| p.clone()).collect();
    let mut unknown = Vec::new();
    for (i, (_, node)) in parsed.iter_mut().enumerate() {
        let mut cx = Cx::new(i as u32, &file_list, &texts, diags);
        unknown.push(apply_templates(node, &templates, &mut cx));
    }
    let trees: Vec<Node> = parsed.into_iter().map(|(_, n)| n).collect();
    let src = super::resolve::Sources {
        files: &file_list,
        texts: &texts,
        unknown_templates: &unknown,
    };
    let resolved = super::resolve::resolve(trees, &src, diags);
    super::shared::drop_said(diags, &said);
    if !ok {
        return (file_list, None);
    }
    (file_list, resolved)
}
