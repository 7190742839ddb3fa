//! From the YAML trees (templates applied) to the configs to check: one
//! config without `targets:`, else one per target. Per target: the vaults
//! and plans that do not select it are dropped, `${...}` references are
//! substituted, `destination_vault` references become ARNs, and the trees
//! are decoded, merged and validated with the target's `account_id` and
//! `region`. The targets' findings are merged (`targets::findings`), so a
//! mistake shared by every target is reported once.
//!
//! The mechanisms (declarations, selectors, substitution, references) are
//! in `crate::targets`; this module runs them on the config's pipeline.

use std::collections::BTreeSet;
use std::path::PathBuf;

pub(crate) use super::assemble::Sources;
use super::assemble::{decode_files, merge};
use super::diagnostics::{Diagnostic, Diagnostics};
use super::model::Config;
use super::raw::{Kind, Node, Pos};
use super::span::Span;
use crate::targets::expand::{self, Declared};
use crate::targets::subst::{self, Finding, Scope};
use crate::targets::tree::{self, Destinations};
use crate::targets::{findings, partition_of, TargetConfig};

/// The resolved config(s).
#[derive(Debug)]
pub struct Resolved {
    /// The config (with targets, the first target's).
    pub config: Config,
    /// One per target, sorted by name; empty without `targets:`.
    pub targets: Vec<TargetConfig>,
    /// The configs were validated already (each target's, findings merged).
    pub validated: bool,
}

/// Push tree findings of file `file` as diagnostics.
fn push(found: Vec<Finding>, file: u32, files: &[PathBuf], diags: &mut Diagnostics) {
    for f in found {
        diags.push(at(files, f.pos, file, f.path, f.message, f.hint));
    }
}

/// Where references were reported: (file, line, column, message).
type Spots = Vec<(PathBuf, u32, u32, String)>;

/// Push substitution findings, remembering where they are.
fn push_spots(
    found: Vec<Finding>,
    file: u32,
    files: &[PathBuf],
    diags: &mut Diagnostics,
    spots: &mut Spots,
) {
    for f in found {
        let d = at(files, f.pos, file, f.path, f.message, f.hint);
        spots.push((d.file.clone(), d.line, d.column, d.message.clone()));
        diags.push(d);
    }
}

/// A reference that did not resolve leaves its `${...}` text in place:
/// the findings decoding and the checks make about that text are noise.
fn drop_follow_ups(diags: &mut Diagnostics, spots: &Spots) {
    if spots.is_empty() {
        return;
    }
    diags.items.retain(|d| {
        !spots
            .iter()
            .any(|(f, l, c, _)| *f == d.file && *l == d.line && *c == d.column)
            || spots
                .iter()
                .any(|(.., m)| d.message.starts_with(m.as_str()))
    });
}

fn at(
    files: &[PathBuf],
    pos: Pos,
    file: u32,
    path: String,
    msg: String,
    hint: Option<String>,
) -> Diagnostic {
    let span = Span {
        file: pos.file.unwrap_or(file),
        line: pos.line,
        column: pos.column,
        path,
    };
    let mut d = Diagnostic::at(&files[span.file as usize], &span, msg);
    d.hint = hint;
    d
}

/// Resolve the trees of all files (`trees[i]` is `src.files[i]`).
pub(crate) fn resolve(
    mut trees: Vec<Node>,
    src: &Sources<'_>,
    diags: &mut Diagnostics,
) -> Option<Resolved> {
    let decl = expand::declared(&trees, src.files, src.texts, diags);
    for t in &mut trees {
        tree::strip_keys(t, expand::KEYS);
    }
    if decl.targets_at.is_some() {
        multi(trees, &decl, src, diags)
    } else {
        single(trees, &decl, src, diags)
    }
}

/// The first top-level string `key` of any file.
fn top_string(trees: &[Node], key: &str) -> Option<String> {
    trees
        .iter()
        .find_map(|t| match t.get(key).map(|n| &n.kind) {
            Some(Kind::Str(s)) => Some(s.clone()),
            _ => None,
        })
}

/// Without `targets:`: `${var.*}` from the top-level `variables`, the
/// facts from the top-level `account_id` and `region`.
fn single_scope(trees: &[Node], decl: &Declared) -> Scope {
    let mut scope = Scope {
        vars: decl.variables.clone(),
        ..Scope::default()
    };
    let no_targets = "it needs top-level `targets:`".to_string();
    scope.facts.insert("name", Err(no_targets.clone()));
    scope.facts.insert("account", Err(no_targets));
    let account = top_string(trees, "account_id");
    scope.facts.insert(
        "account_id",
        account.ok_or_else(|| "set the top-level `account_id`".to_string()),
    );
    let region = top_string(trees, "region");
    let partition = region.as_deref().map(|r| partition_of(r).to_string());
    scope.facts.insert(
        "region",
        region.ok_or_else(|| "set the top-level `region`".to_string()),
    );
    scope.facts.insert(
        "partition",
        partition.ok_or_else(|| "set the top-level `region`".to_string()),
    );
    scope
}

fn single(
    mut trees: Vec<Node>,
    decl: &Declared,
    src: &Sources<'_>,
    diags: &mut Diagnostics,
) -> Option<Resolved> {
    let files = src.files;
    if let Some((file, pos)) = decl.defaults_at {
        let msg = "`target_defaults` needs top-level `targets:`".to_string();
        diags.push(at(files, pos, file, "target_defaults".into(), msg, None));
    }
    let scope = single_scope(&trees, decl);
    let mut spots = Spots::new();
    for (i, t) in trees.iter_mut().enumerate() {
        let i = i as u32;
        let (sel, keys) = tree::selectors(t, &mut Vec::new());
        for (pos, path) in keys {
            let msg = "`targets:` on a resource needs top-level `targets:`".to_string();
            let hint =
                Some("declare the accounts and regions under a top-level `targets:` key".into());
            diags.push(at(files, pos, i, path, msg, hint));
        }
        tree::select_resources(t, &sel, None);
        let mut found = Vec::new();
        if subst::mentions_references(t) {
            scope.substitute(t, &mut String::new(), &mut found);
        }
        push_spots(found, i, files, diags, &mut spots);
        let mut found = Vec::new();
        tree::resolve_refs(t, None, &mut found, &mut Vec::new());
        push(found, i, files, diags);
    }
    let config = decode_files(&trees, src, diags).map(|c| merge(c, files, diags));
    if let Some(c) = &config {
        super::validate::validate(c, files, diags);
    }
    drop_follow_ups(diags, &spots);
    Some(Resolved {
        config: config?,
        targets: Vec::new(),
        validated: true,
    })
}

fn multi(
    trees: Vec<Node>,
    decl: &Declared,
    src: &Sources<'_>,
    diags: &mut Diagnostics,
) -> Option<Resolved> {
    let files = src.files;
    for (i, t) in trees.iter().enumerate() {
        for key in ["account_id", "region"] {
            if let Some((k, _)) = t
                .as_map()
                .and_then(|m| m.iter().find(|(k, _)| k.scalar_text() == key))
            {
                let msg = format!("with `targets:`, the top-level `{key}` is not allowed");
                let hint = Some(
                    "each account entry under `targets:` has its `account_id` and `regions`".into(),
                );
                diags.push(at(files, k.pos, i as u32, key.into(), msg, hint));
            }
        }
    }
    let prepared = expand::expand(decl, files, diags);
    if prepared.is_empty() {
        if let (Some((file, pos)), true) = (decl.targets_at, decl.accounts.is_empty()) {
            let msg = "`targets:` declares no account".to_string();
            diags.push(at(files, pos, file, "targets".into(), msg, None));
        }
        return None;
    }
    let all: Vec<_> = prepared.iter().map(|p| p.target.clone()).collect();
    let mut sels = Vec::new();
    for (i, t) in trees.iter().enumerate() {
        let mut found = Vec::new();
        let (sel, _) = tree::selectors(t, &mut found);
        for (list, items) in &sel {
            for (j, s) in items.iter().enumerate() {
                if let Some(s) = s {
                    found.extend(s.check(&all, &format!("{list}[{j}].targets")));
                }
            }
        }
        push(found, i as u32, files, diags);
        sels.push(sel);
    }
    // Phase 1: each target's trees, selected and substituted, and the
    // vaults each declares (what references to it may name).
    let staged: Vec<(Vec<Node>, Diagnostics, BTreeSet<String>, Spots)> = prepared
        .iter()
        .map(|p| {
            let mut d = p.findings.clone();
            let mut spots = Spots::new();
            let mut names = BTreeSet::new();
            let ts = trees
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let mut t = t.clone();
                    tree::select_resources(&mut t, &sels[i], Some(&p.target));
                    let mut found = Vec::new();
                    p.scope.substitute(&mut t, &mut String::new(), &mut found);
                    push_spots(found, i as u32, files, &mut d, &mut spots);
                    tree::vault_names(&t, &mut names);
                    t
                })
                .collect();
            (ts, d, names, spots)
        })
        .collect();
    let dest: Destinations<'_> = prepared
        .iter()
        .zip(&staged)
        .map(|(p, (_, _, names, _))| (p.target.name.as_str(), (&p.target, names.clone())))
        .collect();
    // Phase 2: references, decoding, merging and checks, per target.
    let mut per_target = Vec::new();
    let mut targets = Vec::new();
    let mut ok = true;
    for (p, (mut ts, mut d, _, spots)) in prepared.iter().zip(staged) {
        let mut resolved = Vec::new();
        for (i, t) in ts.iter_mut().enumerate() {
            let (mut found, mut spots) = (Vec::new(), Vec::new());
            tree::resolve_refs(t, Some(&dest), &mut found, &mut spots);
            resolved.extend(
                spots
                    .iter()
                    .map(|pos| (pos.file.unwrap_or(i as u32), pos.line, pos.column)),
            );
            push(found, i as u32, files, &mut d);
        }
        match decode_files(&ts, src, &mut d) {
            Some(configs) => {
                let mut c = merge(configs, files, &mut d);
                c.account_id = Some(p.account_id.clone());
                c.region = Some(p.region.clone());
                name_references(&mut c, &resolved);
                super::validate::validate(&c, files, &mut d);
                targets.push(TargetConfig {
                    target: p.target.clone(),
                    config: c,
                });
            }
            None => ok = false,
        }
        drop_follow_ups(&mut d, &spots);
        per_target.push((p.target.name.clone(), d));
    }
    diags.extend(findings::merge(&per_target, prepared.len()));
    if !ok {
        return None;
    }
    Some(Resolved {
        config: targets[0].config.clone(),
        targets,
        validated: true,
    })
}

/// A copy action's ARN resolved from `destination_vault` keeps that key in
/// its path (its position is already the reference's).
fn name_references(c: &mut Config, resolved: &[(u32, u32, u32)]) {
    if resolved.is_empty() {
        return;
    }
    let rules = c
        .plans
        .iter_mut()
        .flat_map(|p| p.value.rules.iter_mut())
        .map(|r| &mut r.value.fields);
    let tpls = c.rule_templates.values_mut().map(|t| &mut t.value.fields);
    for fields in rules.chain(tpls) {
        for ca in &mut fields.copy_actions {
            let s = &mut ca.value.destination_vault_arn.span;
            if resolved.contains(&(s.file, s.line, s.column)) {
                if let Some(base) = s.path.strip_suffix("_arn") {
                    s.path = base.to_string();
                }
            }
        }
    }
}
