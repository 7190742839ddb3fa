//! Hints for a value or key of the wrong type, quoting it as it was written.
//!
//! The parsed value has forgotten how it was written: `012345678901` is the
//! number 12345678901, `.inf` is infinity, `~` and an empty value are both
//! null, `True` is `true`. A hint built from the parsed value ("quote the
//! value: \"12345678901\"") would change the user's value. So the hints here
//! read the scalar's text back from the source at the node's position, and
//! say what YAML made of it when that is not obvious.

use super::raw::{Kind, Node};

/// The text of the plain scalar starting at 1-based `line` and `column`
/// (columns count characters) of `text`: `Some("")` for a value written as
/// nothing, `None` when there is no plain scalar there (an alias, a quoted
/// or out-of-range position).
pub(crate) fn written_at(text: &str, line: u32, column: u32) -> Option<&str> {
    let l = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let start = match l
        .char_indices()
        .nth(usize::try_from(column).ok()?.checked_sub(1)?)
    {
        Some((i, _)) => i,
        None if l.chars().count() + 1 == column as usize => l.len(),
        None => return None,
    };
    let rest = &l[start..];
    if rest.starts_with(['*', '&', '!', '"', '\'', '|', '>']) {
        return None;
    }
    // A number, boolean or null never holds a blank, a flow indicator, a
    // `:` or a comment; any of them ends the scalar.
    let end = rest
        .find(|c: char| c.is_whitespace() || ",[]{}:#".contains(c))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// What YAML made of an unquoted scalar, when a quoted copy of its text
/// would not say so by itself.
fn reading(node: &Node, written: &str) -> Option<String> {
    let read = match &node.kind {
        Kind::Int(i) if written == i.to_string() => return None,
        Kind::Int(i) => format!("the number {i}"),
        Kind::Float(f) if f.is_nan() => "NaN, the float for not-a-number".into(),
        Kind::Float(f) if f.is_infinite() && *f > 0.0 => "the number infinity".into(),
        Kind::Float(f) if f.is_infinite() => "the number minus infinity".into(),
        Kind::Float(f) if written == f.to_string() => return None,
        Kind::Float(f) => format!("the number {f}"),
        Kind::Bool(b) if written == b.to_string() => return None,
        Kind::Bool(b) => format!("the boolean {b}"),
        Kind::Null => "null, meaning no value".into(),
        _ => return None,
    };
    Some(format!("unquoted, YAML reads `{written}` as {read}"))
}

/// `quote the value: "TEXT"` for a number, boolean or null where a string
/// belongs (`what` is "value" or "key"), with TEXT as written.
fn quote(node: &Node, written: Option<&str>, what: &str) -> Option<String> {
    if !matches!(
        node.kind,
        Kind::Int(_) | Kind::Float(_) | Kind::Bool(_) | Kind::Null
    ) {
        return None;
    }
    let text = match written {
        Some("") if node.kind == Kind::Null => {
            let side = if what == "key" { "before" } else { "after" };
            return Some(format!(
                "write the {what}, or \"\" for an empty string (nothing {side} the `:` means null)"
            ));
        }
        Some(w) if !w.is_empty() => w.to_string(),
        _ => node.scalar_text(),
    };
    let quoted = serde_json::to_string(&text).unwrap_or_else(|_| format!("\"{text}\""));
    Some(match reading(node, &text) {
        Some(why) => format!("quote the {what}: {quoted} ({why})"),
        None => format!("quote the {what}: {quoted}"),
    })
}

/// The hint for a mapping key that is not a string.
pub(crate) fn key_hint(key: &Node, written: Option<&str>) -> Option<String> {
    quote(key, written, "key")
}

/// The hint for `node` where `expected` ("a string", "an integer", ...) belongs.
pub(crate) fn type_hint(node: &Node, written: Option<&str>, expected: &str) -> Option<String> {
    match (&node.kind, expected) {
        (_, "a string") => quote(node, written, "value"),
        (Kind::Float(f), "an integer") if f.is_finite() && f.fract() == 0.0 => {
            let whole = format!("{f:.0}");
            let how = match written {
                Some(w) if w.contains(['e', 'E']) => format!("`{w}` without the exponent"),
                Some(w)
                    if w.trim_start_matches(['-', '+'])
                        .strip_prefix('0')
                        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())) =>
                {
                    format!("`{w}` without the leading zero")
                }
                Some(w) if !w.is_empty() => format!("`{w}`"),
                _ => "it".into(),
            };
            Some(format!("write {how} as a whole number: {whole}"))
        }
        (Kind::Str(s), "an integer") if s.trim().parse::<i64>().is_ok() => {
            Some(format!("remove the quotes: {}", s.trim()))
        }
        (Kind::Str(s), "a boolean") if matches!(s.as_str(), "true" | "false") => {
            Some(format!("remove the quotes: {s}"))
        }
        (Kind::Str(s), "a boolean")
            if matches!(s.to_lowercase().as_str(), "yes" | "no" | "on" | "off") =>
        {
            Some("write true or false".into())
        }
        (Kind::Map(_), "a list") => Some("start each item with `- `".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::raw::Pos;

    fn node(kind: Kind) -> Node {
        Node {
            pos: Pos::default(),
            kind,
        }
    }

    #[test]
    fn written_text_is_read_from_the_source() {
        let text = "a: 012345678901\nb: [.inf, -.inf]\nc:\nd: ~ # none\n'e': *x\n08: x\n";
        assert_eq!(written_at(text, 1, 4), Some("012345678901"));
        assert_eq!(written_at(text, 2, 5), Some(".inf"));
        assert_eq!(written_at(text, 2, 11), Some("-.inf"));
        assert_eq!(written_at(text, 3, 3), Some(""));
        assert_eq!(written_at(text, 4, 4), Some("~"));
        assert_eq!(written_at(text, 5, 6), None);
        assert_eq!(written_at(text, 6, 1), Some("08"));
        assert_eq!(written_at(text, 9, 1), None);
        assert_eq!(written_at(text, 1, 40), None);
        assert_eq!(written_at("é: 01\r\n", 1, 4), Some("01"));
    }

    #[test]
    fn leading_zero_is_kept_in_the_quote_hint() {
        let n = node(Kind::Float(12345678901.0));
        assert_eq!(
            type_hint(&n, Some("012345678901"), "a string").unwrap(),
            "quote the value: \"012345678901\" (unquoted, YAML reads `012345678901` as the number 12345678901)"
        );
        let n = node(Kind::Int(4711));
        assert_eq!(
            type_hint(&n, Some("4711"), "a string").unwrap(),
            "quote the value: \"4711\""
        );
    }

    #[test]
    fn special_floats_booleans_and_nulls_are_quoted_as_written() {
        let cases = [
            (Kind::Float(f64::INFINITY), ".inf", "quote the value: \".inf\" (unquoted, YAML reads `.inf` as the number infinity)"),
            (Kind::Float(f64::NEG_INFINITY), "-.Inf", "quote the value: \"-.Inf\" (unquoted, YAML reads `-.Inf` as the number minus infinity)"),
            (Kind::Float(f64::NAN), ".nan", "quote the value: \".nan\" (unquoted, YAML reads `.nan` as NaN, the float for not-a-number)"),
            (Kind::Bool(true), "True", "quote the value: \"True\" (unquoted, YAML reads `True` as the boolean true)"),
            (Kind::Bool(false), "false", "quote the value: \"false\""),
            (Kind::Null, "~", "quote the value: \"~\" (unquoted, YAML reads `~` as null, meaning no value)"),
            (Kind::Null, "", "write the value, or \"\" for an empty string (nothing after the `:` means null)"),
        ];
        for (kind, written, want) in cases {
            assert_eq!(
                type_hint(&node(kind), Some(written), "a string").unwrap(),
                want
            );
        }
        assert_eq!(
            key_hint(&node(Kind::Null), Some("")).unwrap(),
            "write the key, or \"\" for an empty string (nothing before the `:` means null)"
        );
        assert_eq!(
            key_hint(&node(Kind::Int(8)), Some("08")).unwrap(),
            "quote the key: \"08\" (unquoted, YAML reads `08` as the number 8)"
        );
    }

    #[test]
    fn whole_floats_where_an_integer_belongs() {
        assert_eq!(
            type_hint(&node(Kind::Float(60.0)), Some("060"), "an integer").unwrap(),
            "write `060` without the leading zero as a whole number: 60"
        );
        assert_eq!(
            type_hint(&node(Kind::Float(1e4)), Some("1e4"), "an integer").unwrap(),
            "write `1e4` without the exponent as a whole number: 10000"
        );
        assert_eq!(
            type_hint(&node(Kind::Float(1.5)), Some("1.5"), "an integer"),
            None
        );
    }
}
