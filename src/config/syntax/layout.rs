//! Mistakes in how lines are laid out: a tab in the indentation, a key
//! indented deeper or shallower than its siblings, a list item without its
//! `- `, and a `: ` inside an unquoted value.
//!
//! The parser reports these as "did not find expected key" or "mapping
//! values are not allowed in this context"; with the open blocks [`Walk`]
//! knows (their columns and last keys), the message can name the keys the
//! line should have lined up with and how many spaces to use.

use serde_saphyr::granit_parser::{ErrorKind, ScalarStyle};

use super::super::yaml_walk::{Level, Mark, Shape, Walk};
use super::{spaces, Finding};

/// The 1-based column of a tab in the indentation of `line` (the blanks and
/// `- ` before its content), if any.
fn tab_in_indent(line: &str) -> Option<u32> {
    for (i, c) in line.chars().enumerate() {
        match c {
            '\t' => return Some(i as u32 + 1),
            ' ' | '-' => {}
            _ => return None,
        }
    }
    None
}

pub(super) fn tab<'t>(
    kind: &ErrorKind,
    at: Mark,
    line: &dyn Fn(u32) -> &'t str,
    walk: &Walk,
) -> Option<Finding> {
    let tab_kind = matches!(
        kind,
        ErrorKind::TabNotAllowed
            | ErrorKind::TabInBlockIndentation
            | ErrorKind::TabInIndentation
            | ErrorKind::TabInPlainScalar
            | ErrorKind::TabAtBlockScalarStart
    );
    // A tab in the indentation of the line the parser stopped on, or (when
    // it stopped because of a tab) of the next line, whose tab ended the
    // value being read.
    let lines = if tab_kind {
        vec![at.line, at.line + 1]
    } else {
        vec![at.line]
    };
    let found = lines
        .into_iter()
        .find_map(|n| tab_in_indent(line(n)).map(|c| (n, c)));
    let (pos, message) = match found {
        Some(pos) => (
            pos,
            "a tab indents this line; YAML indents with spaces only",
        ),
        None if tab_kind => {
            let l = line(at.line);
            let col = l
                .chars()
                .enumerate()
                .skip(at.column.saturating_sub(1) as usize)
                .find(|(_, c)| *c == '\t')
                .map_or(at.column, |(i, _)| i as u32 + 1);
            ((at.line, col), "a tab is not allowed here")
        }
        None => return None,
    };
    let path = super::path_on_line(walk, line, pos.0);
    Some(Finding::new(
        pos,
        path,
        message.into(),
        "replace the tab with spaces (and set your editor to indent YAML with spaces)".into(),
    ))
}

/// Double-quote `s` for a YAML hint (single quotes when it holds `"`).
fn yaml_quote(s: &str) -> String {
    if s.contains('"') && !s.contains('\'') {
        format!("'{s}'")
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A `:` the parser refused right after a plain value: `key: a: b` on one
/// line (a colon inside the value), or a key on a later line indented
/// deeper than its siblings (read as more of the value above it).
pub(super) fn colon(text: &str, at: Mark, line: &str, walk: &Walk) -> Option<Finding> {
    if !text.get(at.byte..).unwrap_or("").starts_with(':') {
        return None;
    }
    let last = walk.last.as_ref()?;
    let Some((_, ScalarStyle::Plain)) = &last.scalar else {
        return None;
    };
    let map = walk.stack.last()?;
    if !map.shape.is_map() || map.in_value {
        return None;
    }
    let (key, key_at) = map.keys.last()?;
    let path = walk.path();
    let key_path = if path.is_empty() {
        key.clone()
    } else {
        format!("{path}.{key}")
    };
    if last.start.line == at.line {
        let flow = !map.shape.is_block();
        let rest = text.get(last.start.byte..).unwrap_or("");
        let end = rest
            .find(|c: char| c == '\n' || (flow && ",]}".contains(c)))
            .unwrap_or(rest.len());
        let mut value = &rest[..end];
        if let Some(i) = value.find(" #") {
            value = &value[..i];
        }
        let fix = format!("{key}: {}", yaml_quote(value.trim_end_matches('\r').trim()));
        let hint = if flow {
            format!("quote the value ({fix}), or if a `,` is missing before the next key, add it")
        } else {
            format!("quote the value: {fix}")
        };
        return Some(Finding::new(
            (at.line, at.column),
            key_path,
            format!(
                "the value of `{key}` contains `: `, which YAML reads as the start of another key"
            ),
            hint,
        ));
    }
    if !map.shape.is_block() {
        return None;
    }
    let indent = line.chars().take_while(|c| *c == ' ').count();
    let word = line[indent..]
        .get(..(at.column as usize).saturating_sub(indent + 1))
        .unwrap_or("")
        .trim();
    Some(Finding::new(
        (at.line, indent as u32 + 1),
        path,
        format!(
            "`{word}` is indented more than `{key}` on line {}, so YAML reads it as more of `{key}`'s value",
            key_at.line
        ),
        match key_at.column - 1 {
            0 => format!("remove the spaces before `{word}` to line it up with `{key}`"),
            n => format!("indent `{word}` by {}, like `{key}`", spaces(n)),
        },
    ))
}

/// How a level is named in a message, and its indentation in spaces.
fn describe(level: &Level) -> (String, u32) {
    let spaces = level.start.column - 1;
    match (level.shape, level.keys.last()) {
        (Shape::BlockMap, Some((k, m))) => (format!("`{k}` on line {}", m.line), spaces),
        _ => (format!("the `-` on line {}", level.start.line), spaces),
    }
}

/// A line whose indentation lines up with no open block above it.
pub(super) fn indentation(at: Mark, line: &str, walk: &Walk) -> Option<Finding> {
    if walk.stack.iter().any(|l| !l.shape.is_block()) {
        return None;
    }
    let indent = line.chars().take_while(|c| *c == ' ').count() as u32;
    let content = &line[indent as usize..];
    let item = content.starts_with("- ") || content == "-";
    // The parser stopped at this line's start (or just after its `- `).
    if at.column != indent + 1 && !(item && at.column <= indent + 3) {
        return None;
    }
    let what = match content
        .find(": ")
        .or_else(|| content.strip_suffix(':').map(str::len))
    {
        _ if item => "this list item".to_string(),
        Some(i) => format!("`{}`", content[..i].trim()),
        None => "this line".to_string(),
    };
    let levels: Vec<&Level> = walk.stack.iter().chain(walk.closed.iter()).collect();
    let path = if walk.closed.is_empty() {
        walk.path()
    } else {
        walk.path_before_closed.clone()
    };
    let pos = (at.line, indent + 1);
    let same = levels.iter().find(|l| l.start.column - 1 == indent);
    if let Some(level) = same {
        let (name, _) = describe(level);
        return Some(match (level.shape, item) {
            (Shape::BlockSeq, false) => {
                let inner = levels
                    .iter()
                    .filter(|l| l.shape == Shape::BlockMap && l.start.column - 1 > indent)
                    .min_by_key(|l| l.start.column);
                let more = match inner {
                    Some(m) => format!(
                        ", or indent it by {} spaces to add it to the item above",
                        m.start.column - 1
                    ),
                    None => String::new(),
                };
                Finding::new(
                    pos,
                    path,
                    format!("{what} lines up with {name} but does not start with `- `"),
                    format!("start a new list item with `- `{more}"),
                )
            }
            (Shape::BlockMap, true) => Finding::new(
                pos,
                path,
                format!("a list item where the mapping of {name} expects a key"),
                "a list goes under a key: write `key:` on its own line and the `- ` items below it, indented".into(),
            ),
            // Lined up right: the mistake is something else.
            _ => return None,
        });
    }
    let deeper = levels
        .iter()
        .filter(|l| l.start.column - 1 > indent)
        .min_by_key(|l| l.start.column)
        .map(|l| describe(l));
    let shallower = levels
        .iter()
        .filter(|l| l.start.column - 1 < indent)
        .max_by_key(|l| l.start.column)
        .map(|l| (describe(l), l.shape));
    let lead = format!("{what} is indented {}", spaces(indent));
    let (message, hint) = match (deeper, shallower) {
        (Some((dn, d)), Some(((sn, s), shape))) => (
            format!(
                "{lead}, which lines up with nothing above it: {dn} is at {}, {sn} at {s}",
                spaces(d)
            ),
            if shape == Shape::BlockSeq {
                format!(
                    "indent it by {} to line up with {dn}, or by {s} with `- ` to start a new list item",
                    spaces(d)
                )
            } else {
                format!(
                    "indent it by {} to line up with {dn}, or by {s} to line up with {sn}",
                    spaces(d)
                )
            },
        ),
        (Some(_), None) if indent == 0 && walk.stack.is_empty() => {
            // The top level itself is indented: that is the mistake.
            let root = walk.closed.last()?;
            let (k, m) = root.keys.first()?;
            let d = root.start.column - 1;
            return Some(Finding::new(
                (m.line, m.column),
                String::new(),
                format!(
                    "`{k}` is indented {}, but {what} on line {} starts at the beginning of the line; top-level keys must line up",
                    spaces(d),
                    at.line
                ),
                format!("remove the {} before `{k}`", spaces(d)),
            ));
        }
        (Some((dn, d)), None) => (
            format!("{lead}, less than {dn} ({})", spaces(d)),
            format!("line it up with {dn}: indent both by the same number of spaces"),
        ),
        (None, Some(((sn, s), _))) => (
            format!("{lead}, more than {sn} ({}) but under no key", spaces(s)),
            format!("indent it by {} to line up with {sn}", spaces(s)),
        ),
        (None, None) => return None,
    };
    Some(Finding::new(pos, path, message, hint))
}

/// A word on a line of its own where a key belongs: `vaults` for `vaults:`.
pub(super) fn missing_colon(
    kind: &ErrorKind,
    at: Mark,
    line: &str,
    walk: &Walk,
) -> Option<Finding> {
    if !matches!(kind, ErrorKind::SimpleKeyExpected) {
        return None;
    }
    let indent = line.chars().take_while(|c| *c == ' ').count();
    let word = line[indent..].trim_start_matches("- ").trim_end();
    if word.is_empty() || word.contains(':') || word.contains(char::is_whitespace) {
        return None;
    }
    Some(Finding::new(
        (at.line, indent as u32 + 1),
        walk.path_between_keys(),
        format!("`{word}` has no `:` after it, so it is not a key"),
        format!("write `{word}:` (a key ends with a colon)"),
    ))
}

/// A line after `key: |` (or `>`) not indented more than `key`: it ends the
/// block text, and then fits nowhere.
pub(super) fn block_text(at: Mark, line: &str, walk: &Walk) -> Option<Finding> {
    let last = walk.last.as_ref()?;
    let Some((_, ScalarStyle::Literal | ScalarStyle::Folded)) = &last.scalar else {
        return None;
    };
    let map = walk.stack.last().filter(|l| l.shape.is_map())?;
    let (key, key_at) = map.keys.last()?;
    let indent = line.chars().take_while(|c| *c == ' ').count() as u32;
    if key_at.line >= at.line || indent >= key_at.column {
        return None;
    }
    Some(Finding::new(
        (at.line, indent + 1),
        walk.path_between_keys(),
        format!(
            "this line is not indented more than `{key}` on line {}, so it is not part of `{key}`'s block text",
            key_at.line
        ),
        format!(
            "indent the block text by at least {}",
            spaces(key_at.column)
        ),
    ))
}
