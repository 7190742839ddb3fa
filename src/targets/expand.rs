//! From the files' `variables`, `target_defaults` and `targets` keys to the
//! list of targets: entries merged across files (a key defined twice is a
//! mistake naming both places), account entries decoded and checked, each
//! expanded to one target per region with its variables and facts (the
//! substitution [`Scope`]) and its access keys resolved for that target.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;

use crate::yaml::arn::Shape;
use crate::yaml::decode::{Cx, Decode};
use crate::yaml::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::raw::{Kind, Node, Pos};
use crate::yaml::span::{Span, Spanned};

use super::decl::{AccountEntry, TargetDefaults, Variables};
use super::subst::{Expanded, Scope};
use super::{partition_of, Access, Target};

/// The top-level keys this module reads (removed from the trees before the
/// per-target configs are decoded).
pub const KEYS: &[&str] = &["variables", "target_defaults", "targets"];

static ACCOUNT_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_-]+$").expect("valid regex"));
const PARTITIONS: &[&str] = &["aws", "aws-cn", "aws-us-gov"];

/// What the files declare.
#[derive(Debug, Default)]
pub struct Declared {
    /// Where `targets:` is first written (file, position): the config has
    /// targets.
    pub targets_at: Option<(u32, Pos)>,
    /// Where `target_defaults:` is first written.
    pub defaults_at: Option<(u32, Pos)>,
    /// Top-level variables (their nodes marked with their file).
    pub variables: BTreeMap<String, Node>,
    pub defaults: TargetDefaults,
    /// Account entries by key, with the file and position of the key.
    pub accounts: BTreeMap<String, (u32, Pos, AccountEntry)>,
}

/// One target, ready for its config to be resolved.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub target: Target,
    /// What `${...}` resolves to for this target.
    pub scope: Scope,
    /// Where the target's account id and region are written (the resolved
    /// config's `account_id`/`region` point here).
    pub account_id: Spanned<String>,
    pub region: Spanned<String>,
    /// Findings about this target alone (its access keys after substitution).
    pub findings: Diagnostics,
}

/// Entries of top-level map `key` in every file: (file, key node, value).
fn entries(
    trees: &[Node],
    key: &str,
    files: &[PathBuf],
    texts: &[String],
    diags: &mut Diagnostics,
) -> Vec<(u32, Node, Node)> {
    let mut out: Vec<(u32, Node, Node)> = Vec::new();
    for (i, tree) in trees.iter().enumerate() {
        let i = i as u32;
        let Some(v) = tree.get(key) else { continue };
        let mut cx = Cx::new(i, files, texts, diags);
        match &v.kind {
            Kind::Null => {}
            Kind::Map(m) => {
                for (k, v) in m {
                    let name = k.scalar_text();
                    if let Some((j, first, _)) =
                        out.iter().find(|(_, f, _)| f.scalar_text() == name)
                    {
                        let first = Span {
                            file: *j,
                            line: first.pos.line,
                            column: first.pos.column,
                            path: String::new(),
                        };
                        let first = locate(files, &first);
                        cx.in_key(key, |cx| {
                            cx.in_key(&name, |cx| {
                                cx.error(
                                    k.pos,
                                    format!("`{key}.{name}` is defined twice"),
                                    Some(format!("first defined at {first}")),
                                );
                            });
                        });
                        continue;
                    }
                    let (mut k, mut v) = (k.clone(), v.clone());
                    k.set_file(i);
                    v.set_file(i);
                    out.push((i, k, v));
                }
            }
            other => {
                let msg = format!("expected a mapping, found {}", other.type_name());
                cx.in_key(key, |cx| cx.error(v.pos, msg, None));
            }
        }
    }
    out
}

/// The file and position of the first top-level `key` of any file.
pub fn first_key(trees: &[Node], key: &str) -> Option<(u32, Pos)> {
    trees.iter().enumerate().find_map(|(i, t)| {
        let (k, _) = t.as_map()?.iter().find(|(k, _)| k.scalar_text() == key)?;
        Some((i as u32, k.pos))
    })
}

fn map_of(items: &[(u32, Node, Node)]) -> Node {
    Node {
        pos: items.first().map(|(_, k, _)| k.pos).unwrap_or_default(),
        kind: Kind::Map(
            items
                .iter()
                .map(|(_, k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
    }
}

/// Read the declarations of all files (`trees[i]` is file `i` of `files`).
pub fn declared(
    trees: &[Node],
    files: &[PathBuf],
    texts: &[String],
    diags: &mut Diagnostics,
) -> Declared {
    let vars = entries(trees, "variables", files, texts, diags);
    let defaults = entries(trees, "target_defaults", files, texts, diags);
    let accounts = entries(trees, "targets", files, texts, diags);
    let mut out = Declared {
        targets_at: first_key(trees, "targets"),
        defaults_at: first_key(trees, "target_defaults"),
        ..Declared::default()
    };
    if !vars.is_empty() {
        let mut cx = Cx::new(vars[0].0, files, texts, diags);
        let node = map_of(&vars);
        out.variables = cx
            .in_key("variables", |cx| Variables::decode(&node, cx))
            .unwrap_or_default()
            .0;
    }
    if !defaults.is_empty() {
        let mut cx = Cx::new(defaults[0].0, files, texts, diags);
        let node = map_of(&defaults);
        out.defaults = cx
            .in_key("target_defaults", |cx| TargetDefaults::decode(&node, cx))
            .unwrap_or_default();
    }
    for (file, k, v) in accounts {
        let mut cx = Cx::new(file, files, texts, diags);
        let key = k.scalar_text();
        cx.in_key("targets", |cx| {
            cx.in_key(&key, |cx| {
                if !ACCOUNT_KEY.is_match(&key) {
                    cx.error(
                        k.pos,
                        format!("`{key}` is not a valid account key"),
                        Some("letters, digits, `-` and `_`".into()),
                    );
                }
                if let Some(entry) = AccountEntry::decode(&v, cx) {
                    out.accounts.insert(key.clone(), (file, k.pos, entry));
                }
            });
        });
    }
    out
}

fn error(
    files: &[PathBuf],
    span: &Span,
    msg: impl Into<String>,
    hint: Option<String>,
) -> Diagnostic {
    let file = files.get(span.file as usize).cloned().unwrap_or_default();
    let mut d = Diagnostic::at(&file, span, msg);
    d.hint = hint;
    d
}

/// A target's access key after substitution and its shape check.
fn access_value(
    v: Option<&Spanned<String>>,
    scope: &Scope,
    check: &dyn Fn(&str) -> Option<(String, String)>,
    files: &[PathBuf],
    out: &mut Diagnostics,
) -> Option<String> {
    let v = v?;
    let text = match scope.expand(&v.value) {
        Ok(Expanded::Unchanged) => v.value.clone(),
        Ok(Expanded::Text(t)) => t,
        Ok(Expanded::Node(n)) => match n.kind {
            Kind::Str(s) => s,
            k => {
                let msg = format!("expected a string, found {}", k.type_name());
                out.push(error(files, &v.span, msg, None));
                return None;
            }
        },
        Err((msg, hint)) => {
            out.push(error(files, &v.span, msg, hint));
            return None;
        }
    };
    if let Some((msg, hint)) = check(&text) {
        out.push(error(files, &v.span, msg, Some(hint)));
    }
    Some(text)
}

/// STS's character sets: `\w` (ASCII letters, digits, `_`) and `extra`,
/// between `min` and `max` characters.
fn sts_chars(
    extra: &'static str,
    (min, max): (usize, usize),
    what: &'static str,
) -> impl Fn(&str) -> Option<(String, String)> {
    move |s: &str| {
        let ok = (min..=max).contains(&s.chars().count())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || extra.contains(c));
        (!ok).then(|| {
            (
                format!("`{s}` is not a valid {what}"),
                format!("expected {min} to {max} letters, digits or `_{extra}`"),
            )
        })
    }
}

/// Expand the account entries into targets, sorted by name. Findings that
/// hold for every target go to `diags`; those of one target to its
/// [`Prepared::findings`].
pub fn expand(decl: &Declared, files: &[PathBuf], diags: &mut Diagnostics) -> Vec<Prepared> {
    let mut out: Vec<Prepared> = Vec::new();
    let d = &decl.defaults.access;
    for (account, (file, key_pos, entry)) in &decl.accounts {
        let a = &entry.access;
        let key_span = Span {
            file: *file,
            line: key_pos.line,
            column: key_pos.column,
            path: format!("targets.{account}"),
        };
        if let Some((msg, hint)) = Shape::AccountId.check(&entry.account_id.value) {
            diags.push(error(files, &entry.account_id.span, msg, Some(hint)));
        }
        let Some(regions) = a.regions.as_ref().or(d.regions.as_ref()) else {
            let hint = "add `regions: [eu-west-1]` to the entry or to `target_defaults`";
            diags.push(error(
                files,
                &key_span,
                format!("account `{account}` has no regions"),
                Some(hint.into()),
            ));
            continue;
        };
        if regions.is_empty() {
            diags.push(error(
                files,
                &key_span,
                format!("account `{account}` lists no regions"),
                None,
            ));
        }
        let partition = a.partition.as_ref().or(d.partition.as_ref());
        if let Some(p) = partition.filter(|p| !PARTITIONS.contains(&p.value.as_str())) {
            let msg = format!("`{}` is not a partition", p.value);
            diags.push(error(
                files,
                &p.span,
                msg,
                Some(format!("one of {}", PARTITIONS.join(", "))),
            ));
        }
        let mut vars = decl.variables.clone();
        vars.extend(d.variables.0.clone());
        vars.extend(a.variables.0.clone());
        for (ri, region) in regions.iter().enumerate() {
            if let Some((msg, hint)) = Shape::Region.check(&region.value) {
                diags.push(error(files, &region.span, msg, Some(hint)));
                continue;
            }
            if regions[..ri].iter().any(|r| r.value == region.value) {
                let msg = format!("region `{}` is listed twice", region.value);
                diags.push(error(files, &region.span, msg, None));
                continue;
            }
            let name = format!("{account}/{}", region.value);
            if let Some(prev) = out.iter().find(|p| {
                p.target.account_id == entry.account_id.value && p.target.region == region.value
            }) {
                let msg = format!(
                    "account {} in {} is already target `{}`",
                    entry.account_id.value, region.value, prev.target.name
                );
                let hint = format!("first declared at {}", locate(files, &prev.account_id.span));
                diags.push(error(files, &entry.account_id.span, msg, Some(hint)));
                continue;
            }
            let part = partition.map_or_else(
                || partition_of(&region.value).to_string(),
                |p| p.value.clone(),
            );
            let mut scope = Scope {
                vars: vars.clone(),
                facts: BTreeMap::new(),
            };
            for (fact, v) in [
                ("name", &name),
                ("account", account),
                ("account_id", &entry.account_id.value),
                ("region", &region.value),
                ("partition", &part),
            ] {
                scope.facts.insert(fact, Ok(v.clone()));
            }
            let mut findings = Diagnostics::new();
            let role_arn = access_value(
                a.role_arn.as_ref().or(d.role_arn.as_ref()),
                &scope,
                &|s| Shape::IamRole.check(s),
                files,
                &mut findings,
            );
            let external_id = access_value(
                a.external_id.as_ref().or(d.external_id.as_ref()),
                &scope,
                &sts_chars("+=,.@:/-", (2, 1224), "external id"),
                files,
                &mut findings,
            );
            let session_name = access_value(
                a.session_name.as_ref().or(d.session_name.as_ref()),
                &scope,
                &sts_chars("+=,.@-", (2, 64), "session name"),
                files,
                &mut findings,
            );
            let profile = access_value(
                a.profile.as_ref().or(d.profile.as_ref()),
                &scope,
                &|_| None,
                files,
                &mut findings,
            );
            out.push(Prepared {
                target: Target {
                    name,
                    account: account.clone(),
                    account_id: entry.account_id.value.clone(),
                    region: region.value.clone(),
                    partition: part,
                    access: Access {
                        profile,
                        role_arn,
                        external_id,
                        session_name,
                    },
                    variables: vars.iter().map(|(k, v)| (k.clone(), v.to_json())).collect(),
                },
                scope,
                account_id: entry.account_id.clone(),
                region: region.clone(),
                findings,
            });
        }
    }
    out.sort_by(|a, b| a.target.name.cmp(&b.target.name));
    out
}

/// `file:line:col` of a span.
pub fn locate(files: &[PathBuf], span: &Span) -> String {
    let file = files
        .get(span.file as usize)
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    format!("{file}:{}:{}", span.line, span.column)
}
