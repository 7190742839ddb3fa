//! Which targets a vault or a plan applies to: its `targets:` key, either a
//! list of target names and globs (`*`, `?`; a pattern without `/` is an
//! account key, i.e. all its regions) or a mapping selector (variable
//! names and `target.FACT` keys; a list value means any of; every key must
//! match). Parsed once per resource and checked against all targets: a
//! pattern that matches no target, or a selector key no target defines, is
//! a mistake.

use crate::yaml::arn::glob_match;
use crate::yaml::decode::did_you_mean;
use crate::yaml::raw::{Kind, Node, Pos};

use super::subst::{Finding, FACTS};
use super::Target;

/// A parsed `targets:` value.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    /// Names or globs, with their positions.
    Patterns(Vec<(String, Pos)>),
    /// `key: value-or-list`: every key must match one of its values.
    Match(Vec<SelectorKey>),
}

/// One key of a mapping selector.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectorKey {
    /// A variable name, or `target.FACT`.
    pub key: String,
    pub pos: Pos,
    /// Any of these (scalars as text).
    pub values: Vec<String>,
}

fn finding(pos: Pos, path: &str, message: String, hint: Option<String>) -> Finding {
    Finding {
        pos,
        path: path.to_string(),
        message,
        hint,
    }
}

fn scalar(n: &Node) -> Option<String> {
    match &n.kind {
        Kind::Str(_) | Kind::Int(_) | Kind::Bool(_) | Kind::Float(_) => Some(n.scalar_text()),
        _ => None,
    }
}

/// Parse the `targets:` node of a resource whose key path is `path`.
pub fn parse(node: &Node, path: &str) -> Result<Selector, Vec<Finding>> {
    let mut errs = Vec::new();
    let sel = match &node.kind {
        Kind::Seq(items) => {
            let mut pats = Vec::new();
            for (i, it) in items.iter().enumerate() {
                match &it.kind {
                    Kind::Str(s) if !s.is_empty() => pats.push((s.clone(), it.pos)),
                    _ => errs.push(finding(
                        it.pos,
                        &format!("{path}[{i}]"),
                        format!(
                            "expected a target name or glob, found {}",
                            it.kind.type_name()
                        ),
                        Some(
                            "write `prod/eu-west-1`, `prod` (all its regions) or `*/eu-west-1`"
                                .into(),
                        ),
                    )),
                }
            }
            if items.is_empty() {
                errs.push(finding(
                    node.pos,
                    path,
                    "an empty `targets:` list selects no target".into(),
                    Some("remove the resource, or name the targets it applies to".into()),
                ));
            }
            Selector::Patterns(pats)
        }
        Kind::Map(entries) => {
            let mut keys = Vec::new();
            for (k, v) in entries {
                let key = k.scalar_text();
                let at = format!("{path}.{key}");
                let values: Vec<Option<String>> = match &v.kind {
                    Kind::Seq(items) => items.iter().map(scalar).collect(),
                    _ => vec![scalar(v)],
                };
                if values.iter().any(Option::is_none) || values.is_empty() {
                    errs.push(finding(
                        v.pos,
                        &at,
                        "a selector value is a scalar or a list of scalars".into(),
                        None,
                    ));
                    continue;
                }
                keys.push(SelectorKey {
                    key,
                    pos: k.pos,
                    values: values.into_iter().flatten().collect(),
                });
            }
            Selector::Match(keys)
        }
        k => {
            errs.push(finding(
                node.pos,
                path,
                format!(
                    "expected a list of target names or a mapping selector, found {}",
                    k.type_name()
                ),
                Some("`targets: [\"prod/*\"]` or `targets: { env: prod }`".into()),
            ));
            Selector::Patterns(Vec::new())
        }
    };
    if errs.is_empty() {
        Ok(sel)
    } else {
        Err(errs)
    }
}

/// Does the pattern select `t`? Without `/` it names an account key.
pub fn pattern_matches(pattern: &str, t: &Target) -> bool {
    name_matches(pattern, &t.name)
}

/// Does the pattern select the target named `name` (`ACCOUNT/REGION`)?
/// Without `/` it names an account key, i.e. all its regions (`--target`
/// uses the same rule).
pub fn name_matches(pattern: &str, name: &str) -> bool {
    if pattern.contains('/') {
        glob_match(pattern, name)
    } else {
        glob_match(pattern, name.split('/').next().unwrap_or(name))
    }
}

/// The value of a selector key for `t`: a fact, or a variable as text
/// (`None`: the target does not define it).
pub fn key_value(key: &str, t: &Target) -> Option<String> {
    if let Some(fact) = key.strip_prefix("target.") {
        return match fact {
            "name" => Some(t.name.clone()),
            "account" => Some(t.account.clone()),
            "account_id" => Some(t.account_id.clone()),
            "region" => Some(t.region.clone()),
            "partition" => Some(t.partition.clone()),
            _ => None,
        };
    }
    t.variables.get(key).map(|v| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

impl Selector {
    /// Does this selector choose `t`?
    pub fn matches(&self, t: &Target) -> bool {
        match self {
            Selector::Patterns(p) => p.iter().any(|(pat, _)| pattern_matches(pat, t)),
            Selector::Match(keys) => keys
                .iter()
                .all(|k| key_value(&k.key, t).is_some_and(|v| k.values.contains(&v))),
        }
    }

    /// Mistakes visible only against the whole target list: a pattern
    /// that matches no target, a key no target defines.
    pub fn check(&self, all: &[Target], path: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        let names = || all.iter().map(|t| t.name.as_str());
        match self {
            Selector::Patterns(pats) => {
                for (i, (pat, pos)) in pats.iter().enumerate() {
                    if all.iter().any(|t| pattern_matches(pat, t)) {
                        continue;
                    }
                    let accounts: Vec<&str> = {
                        let mut a: Vec<&str> = all.iter().map(|t| t.account.as_str()).collect();
                        a.dedup();
                        a
                    };
                    let guess = if pat.contains('/') {
                        did_you_mean(pat, names())
                    } else {
                        did_you_mean(pat, accounts.iter().copied())
                    };
                    let hint = match guess {
                        Some(g) => format!("did you mean `{g}`?"),
                        None => format!("targets: {}", names().collect::<Vec<_>>().join(", ")),
                    };
                    out.push(finding(
                        *pos,
                        &format!("{path}[{i}]"),
                        format!("`{pat}` matches no target"),
                        Some(hint),
                    ));
                }
            }
            Selector::Match(keys) => {
                for k in keys {
                    let at = format!("{path}.{}", k.key);
                    if let Some(fact) = k.key.strip_prefix("target.") {
                        if !FACTS.contains(&fact) {
                            let hint = did_you_mean(fact, FACTS.iter().copied())
                                .map(|s| format!("did you mean `target.{s}`?"))
                                .unwrap_or_else(|| format!("target facts: {}", FACTS.join(", ")));
                            out.push(finding(
                                k.pos,
                                &at,
                                format!("unknown target fact `{}`", k.key),
                                Some(hint),
                            ));
                        }
                        continue;
                    }
                    if all.iter().any(|t| t.variables.contains_key(&k.key)) {
                        continue;
                    }
                    let defined: std::collections::BTreeSet<&str> = all
                        .iter()
                        .flat_map(|t| t.variables.keys().map(String::as_str))
                        .collect();
                    let hint = match did_you_mean(&k.key, defined.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => {
                            "a selector key is a variable name or target.name, target.account, \
                                 target.account_id, target.region or target.partition"
                                .into()
                        }
                    };
                    out.push(finding(
                        k.pos,
                        &at,
                        format!("no target defines the variable `{}`", k.key),
                        Some(hint),
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::Access;

    fn target(account: &str, region: &str, env: &str) -> Target {
        Target {
            name: format!("{account}/{region}"),
            account: account.into(),
            account_id: "111111111111".into(),
            region: region.into(),
            partition: "aws".into(),
            access: Access::default(),
            variables: [("env".to_string(), serde_json::json!(env))].into(),
        }
    }

    fn all() -> Vec<Target> {
        vec![
            target("dev", "eu-west-1", "dev"),
            target("prod", "eu-central-1", "prod"),
            target("prod", "eu-west-1", "prod"),
        ]
    }

    fn yaml(s: &str) -> Node {
        crate::config::load::parse_text(std::path::Path::new("t.yaml"), s).unwrap()
    }

    fn chosen(sel: &str) -> Vec<String> {
        let s = parse(&yaml(sel), "vaults[0].targets").unwrap();
        all()
            .iter()
            .filter(|t| s.matches(t))
            .map(|t| t.name.clone())
            .collect()
    }

    #[test]
    fn globs_and_account_keys() {
        assert_eq!(chosen("[\"*/eu-central-1\"]"), ["prod/eu-central-1"]);
        assert_eq!(chosen("[prod]"), ["prod/eu-central-1", "prod/eu-west-1"]);
        assert_eq!(
            chosen("[\"d?v\", prod/eu-west-1]"),
            ["dev/eu-west-1", "prod/eu-west-1"]
        );
        assert_eq!(chosen("[\"*\"]").len(), 3);
    }

    #[test]
    fn selectors_need_every_key_and_take_any_of_a_list() {
        assert_eq!(
            chosen("{env: prod, target.region: eu-west-1}"),
            ["prod/eu-west-1"]
        );
        assert_eq!(
            chosen("{env: [dev, prod], target.region: eu-west-1}").len(),
            2
        );
        assert_eq!(chosen("{target.account: dev}"), ["dev/eu-west-1"]);
        assert!(chosen("{env: staging}").is_empty());
    }

    #[test]
    fn patterns_matching_nothing_and_unknown_keys_are_reported_at_their_place() {
        let s = parse(&yaml("[prod, prdo/eu-west-1]"), "vaults[2].targets").unwrap();
        let f = s.check(&all(), "vaults[2].targets");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "vaults[2].targets[1]");
        assert_eq!(f[0].message, "`prdo/eu-west-1` matches no target");
        assert_eq!(f[0].hint.as_deref(), Some("did you mean `prod/eu-west-1`?"));
        assert_eq!((f[0].pos.line, f[0].pos.column), (1, 8));

        let s = parse(&yaml("{envv: prod, target.regoin: x}"), "plans[0].targets").unwrap();
        let f = s.check(&all(), "plans[0].targets");
        let msgs: Vec<_> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "no target defines the variable `envv`",
                "unknown target fact `target.regoin`"
            ]
        );
        assert_eq!(f[0].hint.as_deref(), Some("did you mean `env`?"));
        assert!(parse(&yaml("[]"), "p").is_err());
        assert!(parse(&yaml("prod"), "p").is_err());
    }
}
