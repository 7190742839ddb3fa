//! YAML syntax errors in the user's words, at the place the mistake is.
//!
//! The parser reports its own state ("while parsing a block collection, did
//! not find expected '-' indicator") where it noticed trouble, which is often
//! not where the mistake is: an unclosed quote or bracket is noticed lines
//! later, a tab one character after it. This module re-reads the failed file
//! with [`Walk`] and turns the common mistakes into a plain sentence and a
//! hint at the right `line:column` and key path: a tab in the indentation,
//! an unclosed quote, an unclosed `[` or `{`, a key indented deeper or
//! shallower than its siblings, a `: ` inside an unquoted value, and a
//! duplicate key (with the first one's place). Anything else keeps the
//! parser's words with a general hint. Quotes and brackets are in
//! `closing`, tabs, indentation and colons in `layout`.

mod closing;
mod layout;
#[cfg(test)]
mod tests;

use std::path::Path;

use serde_saphyr::granit_parser::ErrorKind;

use super::diagnostics::Diagnostic;
use super::raw::MAX_DEPTH;
use super::yaml_walk::{Mark, Shape, Walk};

/// One explained syntax error.
pub(super) struct Finding {
    line: u32,
    column: u32,
    path: String,
    message: String,
    hint: String,
}

impl Finding {
    pub(super) fn new(at: (u32, u32), path: String, message: String, hint: String) -> Self {
        Finding {
            line: at.0,
            column: at.1,
            path,
            message,
            hint,
        }
    }
}

/// The finding for a file serde-saphyr could not parse.
pub(crate) fn explain(path: &Path, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let message = parser_message(e);
    let lower = message.to_lowercase();
    let budget = [
        "depth",
        "recursion",
        "nest",
        "budget",
        "replay",
        "expansion",
    ];
    let finding = if budget.iter().any(|w| lower.contains(w)) {
        None
    } else {
        let walk = Walk::run(text, None);
        match &walk.error {
            Some((err, at)) => Some(classify(text, &walk, err.kind(), *at)),
            None => message
                .strip_prefix("duplicate mapping key: ")
                .and_then(|rest| {
                    let key = rest.split(", set DuplicateKeyPolicy").next()?;
                    let loc = e.location()?;
                    duplicate_key(text, key, (loc.line() as u32, loc.column() as u32))
                }),
        }
    };
    let mut d = Diagnostic::file(path, "");
    match finding {
        Some(f) => {
            d.line = f.line;
            d.column = f.column;
            d.path = f.path;
            d.message = format!("invalid YAML: {}", f.message);
            d.hint = Some(f.hint);
        }
        None => {
            if let Some(loc) = e.location() {
                d.line = loc.line() as u32;
                d.column = loc.column() as u32;
            }
            let dup = message.strip_prefix("duplicate mapping key: ").map(|rest| {
                rest.split(", set DuplicateKeyPolicy")
                    .next()
                    .unwrap_or(rest)
            });
            d.message = match dup {
                Some(key) => format!("invalid YAML: duplicate key `{key}`"),
                None => format!("invalid YAML: {message}"),
            };
            d.hint = Some(if dup.is_some() {
                "a key may appear once per mapping: remove or rename one".into()
            } else if lower.contains("depth")
                || lower.contains("recursion")
                || lower.contains("nest")
            {
                format!("nesting deeper than {MAX_DEPTH} levels is refused")
            } else if budget.iter().any(|w| lower.contains(w)) {
                "the file expands to too many nodes (alias bomb?); write values out".into()
            } else {
                GENERAL_HINT.into()
            });
        }
    }
    d
}

const GENERAL_HINT: &str = "check this line and the one above it for the indentation, an unclosed quote or bracket, or a `: ` inside an unquoted value";

/// serde-saphyr's message without its position and source snippet.
fn parser_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or("invalid YAML").trim();
    match first.find(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

fn classify(text: &str, walk: &Walk, kind: &ErrorKind, at: Mark) -> Finding {
    let lines: Vec<&str> = text.lines().collect();
    let line = |n: u32| {
        lines
            .get((n as usize).wrapping_sub(1))
            .copied()
            .unwrap_or("")
    };
    layout::tab(kind, at, &line, walk)
        .or_else(|| closing::quote(text, kind, at, walk))
        .or_else(|| closing::unclosed_flow(text, kind, at, walk))
        .or_else(|| closing::stray_closer(text, kind, at, walk))
        .or_else(|| character(text, kind, at, path_on_line(walk, &line, at.line)))
        .or_else(|| layout::block_text(at, line(at.line), walk))
        .or_else(|| layout::missing_colon(kind, at, line(at.line), walk))
        .or_else(|| layout::colon(text, at, line(at.line), walk))
        .or_else(|| layout::indentation(at, line(at.line), walk))
        .or_else(|| flow_separator(kind, at, walk))
        .unwrap_or_else(|| {
            Finding::new(
                (at.line, at.column),
                path_on_line(walk, &line, at.line),
                format!("the parser stopped here ({kind})"),
                GENERAL_HINT.into(),
            )
        })
}

/// Line and column of byte offset `byte` in `text`.
pub(super) fn position(text: &str, byte: usize) -> (u32, u32) {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() as u32 + 1)
}

/// "1 space", "4 spaces".
pub(super) fn spaces(n: u32) -> String {
    if n == 1 {
        "1 space".into()
    } else {
        format!("{n} spaces")
    }
}

/// The key path of a problem on line `n`. On a line after a key and its
/// value (`a: b`, the value perhaps still being read when the parser
/// stopped) it is the mapping's (the line starts its next entry); after a
/// bare `key:` it is the key's (the line holds its value).
pub(super) fn path_on_line<'t>(walk: &Walk, line: &dyn Fn(u32) -> &'t str, n: u32) -> String {
    let after_value = walk.last.as_ref().is_some_and(|l| {
        let rest: String = line(l.end.line)
            .chars()
            .skip(l.end.column.saturating_sub(1) as usize)
            .collect();
        let rest = rest.trim_start().trim_start_matches(':').trim_start();
        l.end.line < n && !rest.is_empty() && !rest.starts_with('#')
    });
    if after_value {
        walk.path_between_keys()
    } else {
        walk.path()
    }
}

/// The scalar-like token at `at` (an alias name, a reserved character and
/// what follows it), up to a blank, a flow indicator or `: `.
fn token_at(text: &str, at: Mark) -> &str {
    let rest = text.get(at.byte..).unwrap_or("");
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            c.is_whitespace()
                || ",[]{}".contains(c)
                || (c == ':' && rest[i + 1..].starts_with([' ', '\n']))
        })
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

/// An alias to an anchor not defined above it, or a character that cannot
/// start a plain value (`@`, a backtick, a control character).
fn character(text: &str, kind: &ErrorKind, at: Mark, path: String) -> Option<Finding> {
    let (message, hint) = match kind {
        ErrorKind::UnknownAnchor => {
            let alias = token_at(text, at);
            let name = alias.trim_start_matches('*');
            (
                format!("`{alias}` refers to an anchor `&{name}` that is not defined before it"),
                format!("mark the value to reuse with `&{name}` earlier in the file, or quote the value if the `*` is meant literally: \"{alias}\""),
            )
        }
        ErrorKind::UnexpectedCharacter { character } if matches!(character, '@' | '`') => {
            let token = token_at(text, at);
            let name = if *character == '@' {
                "`@`"
            } else {
                "a backtick"
            };
            (
                format!("{name} is reserved in YAML and cannot start an unquoted key or value"),
                format!("quote it: \"{token}\""),
            )
        }
        ErrorKind::UnexpectedCharacter { character } => (
            format!(
                "the character U+{:04X} cannot appear in a YAML file",
                u32::from(*character)
            ),
            "remove it: a config is plain text".into(),
        ),
        _ => return None,
    };
    Some(Finding::new((at.line, at.column), path, message, hint))
}

/// A missing `,` (or a stray character) inside `[...]` or `{...}`.
fn flow_separator(kind: &ErrorKind, at: Mark, walk: &Walk) -> Option<Finding> {
    let (what, close) = match kind {
        ErrorKind::ExpectedFlowMappingSeparator => ("`{...}` mapping", '}'),
        ErrorKind::ExpectedFlowSequenceSeparator => ("`[...]` list", ']'),
        _ => return None,
    };
    Some(Finding::new(
        (at.line, at.column),
        walk.path(),
        format!("expected `,` or `{close}` here: the entries of a {what} are separated by commas"),
        "add the missing `,` before this, or quote a value that contains `: `, `,` or `#`".into(),
    ))
}

/// Both places of a duplicate key, the second at `second` (line, column).
fn duplicate_key(text: &str, key: &str, second: (u32, u32)) -> Option<Finding> {
    let walk = Walk::run(text, Some(second));
    if !walk.found {
        return None;
    }
    let map = walk.stack.last()?;
    let (_, first) = map.keys.iter().find(|(k, _)| k == key)?;
    let path = walk.path();
    // `- name: a` then `name: b` under it: probably a second item without `- `.
    let in_item = walk.stack.len() >= 2
        && map.shape == Shape::BlockMap
        && walk.stack[walk.stack.len() - 2].shape == Shape::BlockSeq
        && map
            .keys
            .first()
            .is_some_and(|(k, m)| k == key && m.column == second.1);
    let mut hint = "a key may appear once per mapping: remove or rename one".to_string();
    if in_item {
        hint.push_str(&format!(
            "; if this starts another list item, write `- {key}:`"
        ));
    }
    Some(Finding::new(
        second,
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        },
        format!(
            "duplicate key `{key}`: it is already set on line {}, column {}",
            first.line, first.column
        ),
        hint,
    ))
}
