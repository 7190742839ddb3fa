//! From the YAML tree to the typed model, collecting every mistake.
//!
//! serde's derived deserializers stop at the first error; a config review
//! wants all of them. This decoder walks the [`Node`] tree, reports unknown
//! keys (with "did you mean"), wrong types and missing keys at their
//! positions, and keeps decoding the siblings. Each struct lists its keys once
//! in a [`decode_struct!`] line next to its type (in `model` and in each
//! kind's `config.rs` under `resources/`); hints for wrong types are in
//! `hints`. This module depends on no model type and on no check.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::diagnostics::{Diagnostic, Diagnostics};
use super::hints;
use super::raw::{Kind, Node, Pos};
use super::span::{Span, Spanned};

/// Implements [`Decode`] for a struct from its list of keys (one line per
/// struct, next to the struct).
macro_rules! decode_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl $ty {
            pub(crate) const KEYS: &'static [&'static str] = &[$(stringify!($field)),*];
            #[allow(unused_variables)]
            pub(crate) fn decode_in(
                map: &$crate::yaml::decode::MapView<'_>,
                cx: &mut $crate::yaml::decode::Cx<'_>,
            ) -> Option<Self> {
                $( let $field = map.field(cx, stringify!($field)); )*
                Some(Self { $($field: $field?),* })
            }
        }
        impl $crate::yaml::decode::Decode for $ty {
            fn decode(
                node: &$crate::yaml::raw::Node,
                cx: &mut $crate::yaml::decode::Cx<'_>,
            ) -> Option<Self> {
                let map = $crate::yaml::decode::open_map(node, cx, Self::KEYS)?;
                Self::decode_in(&map, cx)
            }
        }
    };
}
pub(crate) use decode_struct;

/// Decoding state: which file, where in it, and the findings so far.
pub(crate) struct Cx<'a> {
    pub file: u32,
    pub file_path: &'a Path,
    files: &'a [PathBuf],
    /// The files' texts (same order), for hints that quote a value as written.
    texts: &'a [String],
    path: Vec<Seg>,
    pub diags: &'a mut Diagnostics,
}

enum Seg {
    Key(String),
    Index(usize),
}

impl<'a> Cx<'a> {
    /// Decode file number `file` of `files`, whose texts are `texts`.
    pub fn new(
        file: u32,
        files: &'a [PathBuf],
        texts: &'a [String],
        diags: &'a mut Diagnostics,
    ) -> Self {
        Cx {
            file,
            file_path: &files[file as usize],
            files,
            texts,
            path: Vec::new(),
            diags,
        }
    }

    pub fn path_string(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Seg::Index(i) => {
                    s.push('[');
                    s.push_str(&i.to_string());
                    s.push(']');
                }
            }
        }
        s
    }

    pub fn span(&self, pos: Pos) -> Span {
        Span {
            file: pos.file.unwrap_or(self.file),
            line: pos.line,
            column: pos.column,
            path: self.path_string(),
        }
    }

    pub fn error(&mut self, pos: Pos, msg: impl Into<String>, hint: Option<String>) {
        let span = self.span(pos);
        let file = self
            .files
            .get(span.file as usize)
            .map_or(self.file_path, |p| p.as_path());
        let mut d = Diagnostic::at(file, &span, msg);
        d.hint = hint;
        self.diags.push(d);
    }

    /// True while decoding `vaults[N].tags` or `plans[N].tags`: the tags of
    /// a resource that backupctl also tags with the stack.
    pub fn resource_tags(&self) -> bool {
        matches!(
            self.path.as_slice(),
            [Seg::Key(kind), Seg::Index(_), Seg::Key(tags)]
                if (kind == "vaults" || kind == "plans") && tags == "tags"
        )
    }

    pub fn in_key<T>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        self.path.push(Seg::Key(key.to_owned()));
        let r = f(self);
        self.path.pop();
        r
    }

    pub fn in_index<T>(&mut self, i: usize, f: impl FnOnce(&mut Self) -> T) -> T {
        self.path.push(Seg::Index(i));
        let r = f(self);
        self.path.pop();
        r
    }

    /// The scalar at `pos` as written in its file (see [`hints::written_at`]).
    fn written(&self, pos: Pos) -> Option<&'a str> {
        let text = self.texts.get(pos.file.unwrap_or(self.file) as usize)?;
        hints::written_at(text, pos.line, pos.column)
    }

    fn key_error(&mut self, key: &Node) {
        let hint = hints::key_hint(key, self.written(key.pos));
        let msg = format!("keys must be strings, found {}", key.kind.type_name());
        self.error(key.pos, msg, hint);
    }

    fn type_error(&mut self, node: &Node, expected: &str) {
        let hint = hints::type_hint(node, self.written(node.pos), expected);
        let msg = format!("expected {expected}, found {}", node.kind.type_name());
        self.error(node.pos, msg, hint);
    }
}

/// The closest known word, if it is close enough to be a likely typo.
pub fn did_you_mean<'k>(word: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let lower = word.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&lower, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Types that can be read from a YAML node.
pub(crate) trait Decode: Sized {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self>;
    /// The value when the key is missing: `None` means "required".
    fn absent() -> Option<Self> {
        None
    }
}

impl Decode for String {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        match &node.kind {
            Kind::Str(s) => Some(s.clone()),
            _ => {
                cx.type_error(node, "a string");
                None
            }
        }
    }
}

impl Decode for i64 {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        match &node.kind {
            Kind::Int(i) => Some(*i),
            _ => {
                cx.type_error(node, "an integer");
                None
            }
        }
    }
}

impl Decode for u32 {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        match &node.kind {
            Kind::Int(i) if u32::try_from(*i).is_ok() => Some(*i as u32),
            Kind::Int(i) => {
                cx.error(node.pos, format!("{i} is out of range"), None);
                None
            }
            _ => {
                cx.type_error(node, "an integer");
                None
            }
        }
    }
}

impl Decode for bool {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        match &node.kind {
            Kind::Bool(b) => Some(*b),
            _ => {
                cx.type_error(node, "a boolean");
                None
            }
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        if node.kind == Kind::Null {
            return Some(None);
        }
        T::decode(node, cx).map(Some)
    }
    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: Decode> Decode for Spanned<T> {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        let span = cx.span(node.pos);
        T::decode(node, cx).map(|v| Spanned::new(v, span))
    }
}

/// Lists: a failed item is reported and skipped; the rest still decode
/// (their spans carry their own paths, so later checks stay accurate).
impl<T: Decode> Decode for Vec<T> {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        match &node.kind {
            Kind::Seq(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| cx.in_index(i, |cx| T::decode(n, cx)))
                    .collect(),
            ),
            Kind::Null => Some(Vec::new()),
            _ => {
                cx.type_error(node, "a list");
                None
            }
        }
    }
    fn absent() -> Option<Self> {
        Some(Vec::new())
    }
}

/// String-keyed maps (`tags`, `backup_options`, `rule_templates`, ...).
impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        match &node.kind {
            Kind::Map(entries) => {
                let mut out = BTreeMap::new();
                for (k, v) in entries {
                    let Kind::Str(key) = &k.kind else {
                        cx.key_error(k);
                        continue;
                    };
                    if let Some(val) = cx.in_key(key, |cx| T::decode(v, cx)) {
                        out.insert(key.clone(), val);
                    }
                }
                Some(out)
            }
            Kind::Null => Some(BTreeMap::new()),
            _ => {
                cx.type_error(node, "a mapping");
                None
            }
        }
    }
    fn absent() -> Option<Self> {
        Some(BTreeMap::new())
    }
}

/// Access policies: a YAML mapping or a JSON string, held as JSON.
impl Decode for serde_json::Value {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        match &node.kind {
            Kind::Str(s) => match serde_json::from_str::<serde_json::Value>(s) {
                Ok(v) => Some(v),
                Err(e) => {
                    cx.error(
                        node.pos,
                        format!("not valid JSON: {e}"),
                        Some("write the policy as a YAML mapping, or as a JSON string".into()),
                    );
                    None
                }
            },
            Kind::Map(_) => non_finite_free(node, cx).then(|| node.to_json()),
            _ => {
                cx.type_error(node, "a mapping or a JSON string");
                None
            }
        }
    }
}

/// JSON has no infinity or NaN: report each `.inf`/`.nan` in a policy
/// written as YAML (it would silently become `null`). True when none.
fn non_finite_free(node: &Node, cx: &mut Cx<'_>) -> bool {
    match &node.kind {
        Kind::Float(f) if !f.is_finite() => {
            let written = cx.written(node.pos).filter(|w| !w.is_empty());
            let text = written.map_or_else(|| f.to_string(), str::to_string);
            cx.error(
                node.pos,
                format!("`{text}` is not a number JSON can hold"),
                Some(format!("quote the value: \"{text}\"")),
            );
            false
        }
        Kind::Seq(items) => items.iter().enumerate().fold(true, |ok, (i, n)| {
            cx.in_index(i, |cx| non_finite_free(n, cx)) && ok
        }),
        Kind::Map(entries) => entries.iter().fold(true, |ok, (k, v)| {
            cx.in_key(&k.scalar_text(), |cx| non_finite_free(v, cx)) && ok
        }),
        _ => true,
    }
}

/// The entries of a mapping, after unknown keys have been reported.
pub(crate) struct MapView<'n> {
    node: &'n Node,
}

/// Check that `node` is a mapping whose keys are all in `known`.
pub(crate) fn open_map<'n>(node: &'n Node, cx: &mut Cx<'_>, known: &[&str]) -> Option<MapView<'n>> {
    let Kind::Map(entries) = &node.kind else {
        cx.type_error(node, "a mapping");
        return None;
    };
    for (k, _) in entries {
        let Kind::Str(key) = &k.kind else {
            cx.key_error(k);
            continue;
        };
        if !known.contains(&key.as_str()) {
            let hint = match did_you_mean(key, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("known keys: {}", known.join(", ")),
            };
            cx.in_key(key, |cx| {
                cx.error(k.pos, format!("unknown key `{key}`"), Some(hint));
            });
        }
    }
    Some(MapView { node })
}

impl MapView<'_> {
    pub fn field<T: Decode>(&self, cx: &mut Cx<'_>, key: &str) -> Option<T> {
        match self.node.get(key) {
            // A bad optional value is reported and then treated as absent,
            // so one mistake does not hide the rest of its parent.
            Some(v) => cx.in_key(key, |cx| T::decode(v, cx)).or_else(T::absent),
            None => {
                let r = T::absent();
                if r.is_none() {
                    cx.error(self.node.pos, format!("missing required key `{key}`"), None);
                }
                r
            }
        }
    }
}
