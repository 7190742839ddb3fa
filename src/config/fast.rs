//! A fast path from YAML text to the position-keeping tree.
//!
//! serde-saphyr's serde layer costs about two thirds of the parse time of a
//! large config. Most configs use no anchors, aliases, tags or merge keys,
//! so this module builds the same [`Node`] tree straight from the parser's
//! events. Whenever it meets anything it does not handle exactly like the
//! serde path (anchors, aliases, tags, merge keys, duplicate or non-string
//! keys, ambiguous scalars, errors, several documents, deep nesting) it
//! gives up and the serde path parses the file, with its budgets and its
//! error messages. A test checks both paths agree.

use std::sync::LazyLock;

use regex::Regex;
use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle};

use super::raw::{Kind, Node, Pos};

static INT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-+]?(0|[1-9][0-9]*)$").expect("regex"));
static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)$").expect("regex")
});

enum Frame {
    Seq(Pos, Vec<Node>),
    Map(Pos, Vec<(Node, Node)>, Option<Node>),
}

/// The tree of `text`, or `None` when the serde path must decide.
pub(crate) fn parse(text: &str, max_depth: usize) -> Option<Node> {
    let mut opts = Options::default();
    opts.set_emit_comments(false);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    for item in Parser::new_from_str_with_options(text, opts) {
        let (event, span) = item.ok()?;
        let pos = Pos {
            line: u32::try_from(span.start.line()).ok()?,
            column: u32::try_from(span.start.col() + 1).ok()?,
            file: None,
        };
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            // A %YAML directive may change how scalars resolve.
            Event::DocumentStart(_, Some(_)) => return None,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                let kind = resolve(&value, style)?;
                push(&mut stack, &mut root, Node { pos, kind })?;
            }
            Event::SequenceStart(_, anchor, tag) | Event::MappingStart(_, anchor, tag)
                if anchor != 0 || tag.is_some() =>
            {
                return None;
            }
            Event::SequenceStart(..) => {
                if stack.len() >= max_depth {
                    return None;
                }
                stack.push(Frame::Seq(pos, Vec::new()));
            }
            Event::MappingStart(..) => {
                if stack.len() >= max_depth {
                    return None;
                }
                stack.push(Frame::Map(pos, Vec::new(), None));
            }
            Event::SequenceEnd => {
                let Some(Frame::Seq(pos, items)) = stack.pop() else {
                    return None;
                };
                push(
                    &mut stack,
                    &mut root,
                    Node {
                        pos,
                        kind: Kind::Seq(items),
                    },
                )?;
            }
            Event::MappingEnd => {
                let Some(Frame::Map(pos, entries, None)) = stack.pop() else {
                    return None;
                };
                push(
                    &mut stack,
                    &mut root,
                    Node {
                        pos,
                        kind: Kind::Map(entries),
                    },
                )?;
            }
            _ => return None,
        }
    }
    if !stack.is_empty() || documents != 1 {
        return None;
    }
    root
}

fn push(stack: &mut [Frame], root: &mut Option<Node>, node: Node) -> Option<()> {
    match stack.last_mut() {
        None => {
            if root.is_some() {
                return None;
            }
            *root = Some(node);
        }
        Some(Frame::Seq(_, items)) => items.push(node),
        Some(Frame::Map(_, entries, pending)) => match pending.take() {
            None => {
                let Kind::Str(key) = &node.kind else {
                    return None;
                };
                if key == "<<" || entries.iter().any(|(k, _)| k.kind == node.kind) {
                    return None;
                }
                *pending = Some(node);
            }
            Some(key) => entries.push((key, node)),
        },
    }
    Some(())
}

/// YAML 1.2 core schema for plain scalars; `None` for anything unusual.
fn resolve(v: &str, style: ScalarStyle) -> Option<Kind> {
    if style != ScalarStyle::Plain {
        return Some(Kind::Str(v.to_owned()));
    }
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Kind::Null),
        "true" | "True" | "TRUE" => return Some(Kind::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Kind::Bool(false)),
        _ => {}
    }
    if INT.is_match(v) {
        return v.parse::<i64>().ok().map(Kind::Int);
    }
    if FLOAT.is_match(v) {
        return v
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Kind::Float);
    }
    let first = v.chars().next()?;
    let lower = v.to_ascii_lowercase();
    if first.is_ascii_digit()
        || matches!(first, '+' | '-' | '.')
        || matches!(lower.as_str(), "y" | "n" | "yes" | "no" | "on" | "off")
    {
        return None;
    }
    Some(Kind::Str(v.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn slow(text: &str) -> Option<Node> {
        crate::config::load::parse_text_serde(text).ok()
    }

    fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                yaml_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                out.push(p);
            }
        }
    }

    /// Wherever the fast path answers, it answers exactly like serde-saphyr,
    /// positions included.
    #[test]
    fn agrees_with_the_serde_path() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        yaml_files(&root.join("examples"), &mut files);
        yaml_files(&root.join("tests/corpus"), &mut files);
        let mut fast_hits = 0;
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            if let Some(n) = parse(&text, 64) {
                fast_hits += 1;
                assert_eq!(Some(n), slow(&text), "{}", f.display());
            }
        }
        assert!(fast_hits > 40, "fast path used for {fast_hits} files");
    }

    #[test]
    fn scalars_and_shapes() {
        let cases = [
            "a: 1\nb: -2\nc: 1.5\nd: .5\ne: 1e3\nf: ~\ng:\nh: true\ni: False\nj: 'x'\nk: \"1\"\nl: text, with comma\n",
            "list:\n  - a\n  - {b: [1, 2, {c: d}]}\n  -\n    - nested\n",
            "folded: >\n  one\n  two\nliteral: |\n  x\n  y\nplain: multi\n  line\n",
            "\"quoted key\": v\n'other': [a, b]\n",
            "a: 2026-01-01\nb: 0.0.1\nc: -x\nd: +1\n",
        ];
        for c in cases {
            let fast = parse(c, 64);
            if let Some(n) = &fast {
                assert_eq!(Some(n.clone()), slow(c), "{c}");
            }
        }
        assert!(parse(cases[0], 64).is_some());
        assert!(parse(cases[1], 64).is_some());
    }

    #[test]
    fn gives_up_on_what_it_does_not_handle() {
        for c in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: {x: 1}\nb:\n  <<: {y: 2}\n",
            "a: 1\na: 2\n",
            "a: 1\n---\nb: 2\n",
            "a: yes\n",
            "a: 0x1F\n",
            "a: .inf\n",
            "a: 99999999999999999999\n",
            "a: [\n",
            "1: x\n",
            "%YAML 1.1\n---\na: 1\n",
        ] {
            assert_eq!(parse(c, 64), None, "{c}");
        }
        assert_eq!(parse("a: [[[1]]]\n", 3), None);
        assert!(parse("a: [[1]]\n", 3).is_some());
    }
}
