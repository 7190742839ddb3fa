//! `${var.NAME}` and `${target.FACT}` references in the config's string
//! values, resolved per target on the YAML tree before it is decoded (so
//! the decoder and the checks see the values as if written by hand, at the
//! positions of the references).
//!
//! A scalar that is exactly one reference takes the referenced value's
//! node (a number stays a number, a list stays a list) at the scalar's
//! position; a reference inside a longer string is stringified. Other
//! `${...}` forms (IAM policy variables such as `${aws:username}`) stay as
//! they are, and `$${` writes a literal `${`. Map keys are not
//! substituted, and a variable's value is used as written (references
//! inside a variable are not expanded).

use std::collections::BTreeMap;

use crate::yaml::decode::did_you_mean;
use crate::yaml::raw::{Kind, Node, Pos};

/// The facts `${target.*}` names, in the order hints list them.
pub const FACTS: &[&str] = &["name", "account", "account_id", "region", "partition"];

/// What references resolve to for one target.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// The target's variables (top-level, defaults and its own, merged).
    pub vars: BTreeMap<String, Node>,
    /// `${target.FACT}` values; a missing fact says why it is missing.
    pub facts: BTreeMap<&'static str, Result<String, String>>,
}

/// A reference that could not be resolved (or a value that cannot be
/// stringified), at a scalar of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub pos: Pos,
    /// Key path of the scalar (`plans[0].rules[1].lifecycle.delete_after_days`).
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
}

/// A scalar after expansion.
#[derive(Debug, Clone, PartialEq)]
pub enum Expanded {
    /// No reference and no `$${`: the scalar stays as written.
    Unchanged,
    /// The scalar was exactly one reference: the referenced value.
    Node(Node),
    /// References stringified into the text, escapes applied.
    Text(String),
}

/// Why a reference did not resolve: (message, hint).
pub type Failure = (String, Option<String>);

enum Piece<'s> {
    Lit(&'s str),
    Ref(&'s str),
}

/// Split `s` into literal text and references (`var.X` / `target.X`
/// inside `${...}`); `$${` becomes a literal `${`.
fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        if i > 0 && rest.as_bytes()[i - 1] == b'$' {
            out.push(Piece::Lit(&rest[..i - 1]));
            out.push(Piece::Lit("${"));
            rest = &rest[i + 2..];
            continue;
        }
        let inner_start = i + 2;
        let Some(len) = rest[inner_start..].find('}') else {
            break;
        };
        let inner = &rest[inner_start..inner_start + len];
        if inner.starts_with("var.") || inner.starts_with("target.") {
            out.push(Piece::Lit(&rest[..i]));
            out.push(Piece::Ref(inner));
        } else {
            out.push(Piece::Lit(&rest[..inner_start + len + 1]));
        }
        rest = &rest[inner_start + len + 1..];
    }
    out.push(Piece::Lit(rest));
    out.retain(|p| !matches!(p, Piece::Lit("")));
    out
}

impl Scope {
    /// The value of one reference (`var.NAME` or `target.FACT`).
    fn lookup(&self, r: &str) -> Result<Node, Failure> {
        if let Some(name) = r.strip_prefix("var.") {
            return self.vars.get(name).cloned().ok_or_else(|| {
                let hint = match did_you_mean(name, self.vars.keys().map(String::as_str)) {
                    Some(s) => format!("did you mean `${{var.{s}}}`?"),
                    None if self.vars.is_empty() => "no variables are defined".into(),
                    None => format!(
                        "defined variables: {}",
                        self.vars.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                };
                (format!("undefined variable `${{{r}}}`"), Some(hint))
            });
        }
        let fact = r.strip_prefix("target.").unwrap_or(r);
        match self.facts.get(fact) {
            Some(Ok(v)) => Ok(Node {
                pos: Pos::default(),
                kind: Kind::Str(v.clone()),
            }),
            Some(Err(why)) => Err((format!("`${{{r}}}` is not available: {why}"), None)),
            None => {
                let hint = match did_you_mean(fact, FACTS.iter().copied()) {
                    Some(s) => format!("did you mean `${{target.{s}}}`?"),
                    None => format!("target facts: {}", FACTS.join(", ")),
                };
                Err((format!("unknown target fact `${{{r}}}`"), Some(hint)))
            }
        }
    }

    /// Expand the references of one string scalar.
    pub fn expand(&self, s: &str) -> Result<Expanded, Failure> {
        if !s.contains("${") {
            return Ok(Expanded::Unchanged);
        }
        let parts = pieces(s);
        if let [Piece::Ref(r)] = parts.as_slice() {
            return self.lookup(r).map(Expanded::Node);
        }
        if !parts.iter().any(|p| matches!(p, Piece::Ref(_))) && !s.contains("$${") {
            return Ok(Expanded::Unchanged);
        }
        let mut text = String::with_capacity(s.len());
        for p in parts {
            match p {
                Piece::Lit(l) => text.push_str(l),
                Piece::Ref(r) => match self.lookup(r)?.kind {
                    Kind::Seq(_) | Kind::Map(_) => {
                        return Err((
                            format!("`${{{r}}}` holds a list or a mapping; it cannot be part of a longer string"),
                            Some("write the reference alone as the whole value".into()),
                        ))
                    }
                    k => text.push_str(
                        &Node {
                            pos: Pos::default(),
                            kind: k,
                        }
                        .scalar_text(),
                    ),
                },
            }
        }
        Ok(Expanded::Text(text))
    }

    /// Expand every string scalar under `node` (map values and list items),
    /// pushing a finding for each reference that does not resolve. `path`
    /// is the key path of `node`.
    pub fn substitute(&self, node: &mut Node, path: &mut String, out: &mut Vec<Finding>) {
        match &mut node.kind {
            Kind::Str(s) => match self.expand(s) {
                Ok(Expanded::Unchanged) => {}
                Ok(Expanded::Text(t)) => *s = t,
                Ok(Expanded::Node(mut n)) => {
                    n.pos = node.pos;
                    *node = n;
                }
                Err((message, hint)) => out.push(Finding {
                    pos: node.pos,
                    path: path.clone(),
                    message,
                    hint,
                }),
            },
            Kind::Seq(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    self.substitute(item, path, out);
                    path.truncate(len);
                }
            }
            Kind::Map(entries) => {
                for (k, v) in entries.iter_mut() {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&k.scalar_text());
                    self.substitute(v, path, out);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
}

/// Does any string under `node` (keys excluded) contain `${`?
pub fn mentions_references(node: &Node) -> bool {
    match &node.kind {
        Kind::Str(s) => s.contains("${"),
        Kind::Seq(items) => items.iter().any(mentions_references),
        Kind::Map(entries) => entries.iter().any(|(_, v)| mentions_references(v)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(kind: Kind) -> Node {
        Node {
            pos: Pos {
                line: 7,
                column: 3,
                file: Some(1),
            },
            kind,
        }
    }

    fn scope() -> Scope {
        let mut s = Scope::default();
        s.vars.insert("retention".into(), node(Kind::Int(365)));
        s.vars.insert("env".into(), node(Kind::Str("prod".into())));
        s.vars.insert("on".into(), node(Kind::Bool(true)));
        s.vars.insert(
            "tags".into(),
            node(Kind::Map(vec![(
                node(Kind::Str("Env".into())),
                node(Kind::Str("prod".into())),
            )])),
        );
        s.facts.insert("region", Ok("eu-west-1".into()));
        s.facts
            .insert("name", Err("needs top-level `targets:`".into()));
        s
    }

    fn text(s: &str) -> String {
        match scope().expand(s).unwrap() {
            Expanded::Text(t) => t,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn a_whole_reference_keeps_its_type_at_the_scalar_position() {
        let mut n = Node {
            pos: Pos {
                line: 2,
                column: 9,
                file: None,
            },
            kind: Kind::Str("${var.retention}".into()),
        };
        let mut out = Vec::new();
        scope().substitute(&mut n, &mut "x".to_string(), &mut out);
        assert!(out.is_empty());
        assert_eq!(n.kind, Kind::Int(365));
        assert_eq!((n.pos.line, n.pos.column, n.pos.file), (2, 9, None));
        assert_eq!(
            scope().expand("${var.on}").unwrap(),
            Expanded::Node(node(Kind::Bool(true)))
        );
        let Expanded::Node(m) = scope().expand("${var.tags}").unwrap() else {
            panic!()
        };
        assert_eq!(m.get("Env").unwrap().kind, Kind::Str("prod".into()));
    }

    #[test]
    fn embedded_references_are_stringified() {
        assert_eq!(
            text("vault-${var.env}-${target.region}"),
            "vault-prod-eu-west-1"
        );
        assert_eq!(text("keep ${var.retention} days"), "keep 365 days");
        let (msg, hint) = scope().expand("x-${var.tags}").unwrap_err();
        assert!(msg.contains("list or a mapping"), "{msg}");
        assert!(hint.unwrap().contains("alone"));
    }

    #[test]
    fn escapes_and_iam_variables() {
        assert_eq!(
            scope()
                .expand("arn:aws:iam::*:user/${aws:username}")
                .unwrap(),
            Expanded::Unchanged
        );
        assert_eq!(text("$${var.env} is ${var.env}"), "${var.env} is prod");
        assert_eq!(text("$${aws:username}"), "${aws:username}");
        assert_eq!(scope().expand("${unclosed").unwrap(), Expanded::Unchanged);
    }

    #[test]
    fn undefined_references_say_what_exists() {
        let (msg, hint) = scope().expand("${var.retentoin}").unwrap_err();
        assert_eq!(msg, "undefined variable `${var.retentoin}`");
        assert_eq!(hint.as_deref(), Some("did you mean `${var.retention}`?"));
        let (msg, hint) = scope().expand("${target.regoin}").unwrap_err();
        assert!(msg.starts_with("unknown target fact"), "{msg}");
        assert_eq!(hint.as_deref(), Some("did you mean `${target.region}`?"));
        let (msg, _) = scope().expand("a/${target.name}").unwrap_err();
        assert!(msg.contains("needs top-level `targets:`"), "{msg}");
    }

    #[test]
    fn findings_carry_position_and_key_path() {
        let mut tree = Node {
            pos: Pos::default(),
            kind: Kind::Map(vec![(
                node(Kind::Str("plans".into())),
                Node {
                    pos: Pos::default(),
                    kind: Kind::Seq(vec![Node {
                        pos: Pos {
                            line: 4,
                            column: 11,
                            file: None,
                        },
                        kind: Kind::Str("${var.nope}".into()),
                    }]),
                },
            )]),
        };
        let mut out = Vec::new();
        scope().substitute(&mut tree, &mut String::new(), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].path, "plans[0]");
        assert_eq!((out[0].pos.line, out[0].pos.column), (4, 11));
    }
}
