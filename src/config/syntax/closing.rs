//! Quotes and brackets that open and are not closed where they should be.
//!
//! The parser notices an unclosed `"` or `[` only where the file stops
//! making sense, often lines later; these checks find the opening character
//! (the place to fix) by scanning the text from the last thing the parser
//! read, skipping quoted values and comments.

use serde_saphyr::granit_parser::ErrorKind;

use super::super::yaml_walk::{path_of, Mark, Walk};
use super::{position, Finding};

/// The first quote character in `text[from..to]` outside comments.
fn first_quote(text: &str, from: usize, to: usize) -> Option<(usize, char)> {
    let mut prev = '\n';
    let mut comment = false;
    for (i, c) in text.get(from..to.min(text.len()))?.char_indices() {
        if comment {
            comment = c != '\n';
        } else if c == '#' && prev.is_whitespace() {
            comment = true;
        } else if c == '"' || c == '\'' {
            return Some((from + i, c));
        }
        prev = c;
    }
    None
}

pub(super) fn quote(text: &str, kind: &ErrorKind, at: Mark, walk: &Walk) -> Option<Finding> {
    let unclosed = match kind {
        ErrorKind::UnclosedQuotedScalar
        | ErrorKind::InvalidQuotedScalarIndent
        | ErrorKind::DocumentIndicatorInQuotedScalar => true,
        ErrorKind::InvalidTrailingSingleQuotedScalar
        | ErrorKind::InvalidTrailingDoubleQuotedScalar => false,
        _ => return None,
    };
    let from = walk.last.as_ref().map_or(0, |l| l.end.byte);
    let (open, q) = match text.get(at.byte..).unwrap_or("").chars().next() {
        Some(c @ ('"' | '\'')) if matches!(kind, ErrorKind::UnclosedQuotedScalar) => (at.byte, c),
        _ => first_quote(text, from, at.byte)?,
    };
    let pos = position(text, open);
    let (message, hint) = if unclosed {
        let inner = if q == '"' {
            "write a `\"` inside the value as `\\\"`"
        } else {
            "write a `'` inside the value as `''`"
        };
        (
            format!("the quoted value starting here has no closing `{q}`"),
            format!("end the value with `{q}` on this line ({inner})"),
        )
    } else {
        (
            format!("text follows the closing `{q}` of the quoted value starting here"),
            "a quote is missing or one too many: quote each value whole, and after its closing quote write only `,`, `]`, `}`, `:` or a comment".into(),
        )
    };
    Some(Finding::new(pos, walk.path(), message, hint))
}

/// The innermost `[` or `{` from `from` on that is never closed (or closed
/// by the wrong bracket, whose offset comes second), skipping quoted values
/// and comments.
fn unclosed_bracket(text: &str, from: usize) -> Option<(usize, char, Option<usize>)> {
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '\n';
    let mut chars = text.get(from..)?.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if comment {
            comment = c != '\n';
        } else if let Some(q) = quote {
            if c == '\\' && q == '"' {
                chars.next();
            } else if c == q {
                if q == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                    chars.next();
                } else {
                    quote = None;
                }
            }
        } else {
            match c {
                '#' if prev.is_whitespace() => comment = true,
                '"' | '\'' if prev.is_whitespace() || "[{,:".contains(prev) => quote = Some(c),
                '[' | '{' => open.push((from + i, c)),
                ']' | '}' => match open.last() {
                    Some((_, o)) if (*o == '[') == (c == ']') => {
                        open.pop();
                    }
                    Some(&(o, oc)) => return Some((o, oc, Some(from + i))),
                    None => return None,
                },
                _ => {}
            }
        }
        prev = c;
        if open.is_empty() {
            return None;
        }
    }
    open.last().map(|&(o, oc)| (o, oc, None))
}

pub(super) fn unclosed_flow(
    text: &str,
    kind: &ErrorKind,
    at: Mark,
    walk: &Walk,
) -> Option<Finding> {
    let outer = walk.stack.iter().position(|l| !l.shape.is_block());
    let (open, c, wrong) = match outer {
        Some(i) => unclosed_bracket(text, walk.stack[i].start.byte)?,
        None => match kind {
            ErrorKind::UnclosedFlowCollection { open } => (at.byte, *open, None),
            _ => return None,
        },
    };
    // The path to the collection itself.
    let depth = walk
        .stack
        .iter()
        .position(|l| l.start.byte == open)
        .unwrap_or(walk.stack.len());
    let (what, close, after) = if c == '[' {
        ("list", ']', "item")
    } else {
        ("mapping", '}', "entry")
    };
    let message = match wrong {
        Some(w) => {
            let (line, column) = position(text, w);
            let got = text.get(w..).and_then(|t| t.chars().next()).unwrap_or('?');
            format!("the `{c}` here opens a {what}, but the `{got}` on line {line}, column {column} closes it")
        }
        None => format!("the `{c}` here opens a {what} that is never closed"),
    };
    Some(Finding::new(
        position(text, open),
        path_of(&walk.stack[..depth]),
        message,
        format!("end the {what} with `{close}` after its last {after}"),
    ))
}

/// A `]` or `}` with nothing open for it to close.
pub(super) fn stray_closer(text: &str, kind: &ErrorKind, at: Mark, walk: &Walk) -> Option<Finding> {
    if !matches!(kind, ErrorKind::MisplacedFlowCollectionEnd) {
        return None;
    }
    let c = text.get(at.byte..)?.chars().next()?;
    let open = match c {
        ']' => '[',
        '}' => '{',
        _ => return None,
    };
    Some(Finding::new(
        (at.line, at.column),
        walk.path(),
        format!("this `{c}` closes nothing: no `{open}` is open here"),
        format!("remove it, or add the `{open}` it should close"),
    ))
}
