//! Each kind of syntax mistake lands at the place to fix, with its key path
//! and a plain sentence; and no mangled file makes the explanation panic.

use std::path::{Path, PathBuf};

use crate::config::load::parse_text;
use crate::yaml::diagnostics::Diagnostic;

fn explain(yaml: &str) -> Diagnostic {
    parse_text(Path::new("t.yaml"), yaml).expect_err("a syntax error")
}

#[track_caller]
fn check(yaml: &str, at: (u32, u32), path: &str, message: &str, hint: &str) {
    let d = explain(yaml);
    let got = format!(
        "{}:{} {} | {} | {}",
        d.line,
        d.column,
        d.path,
        d.message,
        d.hint.clone().unwrap_or_default()
    );
    assert_eq!((d.line, d.column), at, "{got}");
    assert_eq!(d.path, path, "{got}");
    assert!(d.message.starts_with("invalid YAML: "), "{got}");
    assert!(d.message.contains(message), "{got}");
    assert!(d.hint.as_deref().unwrap_or("").contains(hint), "{got}");
}

const HEAD: &str = "version: 1\nstack: demo\n";

#[test]
fn a_tab_is_reported_at_the_tab() {
    check(
        &format!("{HEAD}vaults:\n\t- name: main\n"),
        (4, 1),
        "vaults",
        "a tab indents this line",
        "replace the tab with spaces",
    );
    // The tab ends the value above it; the parser stops on the line before.
    check(
        &format!("{HEAD}vaults:\n  - name: main\n    tags:\n      a: b\n    \tc: d\n"),
        (7, 5),
        "vaults[0].tags",
        "a tab indents this line",
        "spaces",
    );
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opens() {
    for (q, yaml) in [
        (
            '"',
            format!("{HEAD}vaults:\n  - name: \"main\n    tags: {{a: b}}\n"),
        ),
        ('"', format!("{HEAD}vaults:\n  - name: \"main\n")),
        (
            '\'',
            format!("{HEAD}vaults:\n  - name: 'it''s\n  - name: x\n"),
        ),
        // Closed only by the next value's opening quote.
        (
            '"',
            format!("{HEAD}vaults:\n  - name: \"main\n    tags: {{a: \"b\"}}\n"),
        ),
    ] {
        check(
            &yaml,
            (4, 11),
            "vaults[0].name",
            &format!("has no closing `{q}`"),
            &format!("end the value with `{q}`"),
        );
    }
    check(
        &format!("{HEAD}vaults: [\"a, \"b\"]\n"),
        (3, 10),
        "vaults[0]",
        "text follows the closing `\"`",
        "a quote is missing or one too many",
    );
}

#[test]
fn an_unclosed_bracket_is_reported_where_it_opens() {
    check(
        &format!("{HEAD}vaults:\n  - name: main\n    tags: {{a: b\nplans: []\n"),
        (5, 11),
        "vaults[0].tags",
        "the `{` here opens a mapping that is never closed",
        "end the mapping with `}`",
    );
    check(
        &format!("{HEAD}plans:\n  - name: p\n    selections:\n      - name: s\n        resources: [\"arn:[x\", arn:b  # ]\n    rules: []\n"),
        (7, 20),
        "plans[0].selections[0].resources",
        "the `[` here opens a list that is never closed",
        "end the list with `]`",
    );
    check(
        &format!("{HEAD}vaults:\n  - name: main\n    tags: [a, b}}\n"),
        (5, 11),
        "vaults[0].tags",
        "but the `}` on line 5, column 16 closes it",
        "end the list with `]`",
    );
}

#[test]
fn a_key_indented_off_its_siblings_names_them() {
    check(
        &format!("{HEAD}vaults:\n  - name: main\n   tags: {{a: b}}\n"),
        (5, 4),
        "vaults[0]",
        "`tags` is indented 3 spaces, which lines up with nothing above it: `name` on line 4 is at 4 spaces, the `-` on line 4 at 2",
        "indent it by 4 spaces to line up with `name` on line 4",
    );
    check(
        &format!("{HEAD}vaults:\n  - name: main\n    tags:\n      a: b\n     c: d\n"),
        (7, 6),
        "vaults[0].tags",
        "`c` is indented 5 spaces",
        "by 6 spaces to line up with `a` on line 6, or by 4 to line up with `tags` on line 5",
    );
    check(
        &format!("{HEAD}vaults:\n  - name: main\n      prevent_destroy: true\n"),
        (5, 7),
        "vaults[0]",
        "`prevent_destroy` is indented more than `name` on line 4, so YAML reads it as more of `name`'s value",
        "indent `prevent_destroy` by 4 spaces, like `name`",
    );
    check(
        "version: 1\n  stack: demo\n",
        (2, 3),
        "",
        "`stack` is indented more than `version` on line 1",
        "remove the spaces before `stack`",
    );
    check(
        " version: 1\nstack: demo\n",
        (1, 2),
        "",
        "`version` is indented 1 space, but `stack` on line 2 starts at the beginning of the line",
        "remove the 1 space before `version`",
    );
    check(
        &format!("{HEAD}vaults:\n  - name: main\n  -name: other\n"),
        (5, 3),
        "vaults[0]",
        "`-name` lines up with the `-` on line 4 but does not start with `- `",
        "start a new list item with `- `, or indent it by 4 spaces",
    );
}

#[test]
fn a_colon_in_a_plain_value_asks_for_quotes() {
    check(
        &format!("{HEAD}vaults:\n  - name: main\n    tags:\n      description: a: b # note\n"),
        (6, 21),
        "vaults[0].tags.description",
        "the value of `description` contains `: `",
        "quote the value: description: \"a: b\"",
    );
    check(
        &format!("{HEAD}vaults:\n  - name: main\n    tags: {{note: say \"hi\": now, b: c}}\n"),
        (5, 26),
        "vaults[0].tags.note",
        "the value of `note` contains `: `",
        "quote the value (note: 'say \"hi\": now'), or if a `,` is missing",
    );
}

#[test]
fn a_duplicate_key_names_both_places() {
    check(
        &format!("{HEAD}vaults:\n  - name: main\n    name: other\n"),
        (5, 5),
        "vaults[0].name",
        "duplicate key `name`: it is already set on line 4, column 5",
        "if this starts another list item, write `- name:`",
    );
    let d = explain("version: 1\nstack: a\nvaults: []\nstack: b\n");
    assert_eq!((d.line, d.column, d.path.as_str()), (4, 1, "stack"));
    assert_eq!(
        d.message,
        "invalid YAML: duplicate key `stack`: it is already set on line 2, column 1"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("a key may appear once per mapping: remove or rename one")
    );
}

#[test]
fn a_missing_comma_in_a_multi_line_flow_mapping() {
    check(
        &format!("{HEAD}vaults:\n  - name: main\n    tags: {{\n      a: b\n      c: d\n    }}\n"),
        (7, 8),
        "vaults[0].tags",
        "expected `,` or `}` here",
        "add the missing `,`",
    );
}

#[test]
fn other_common_mistakes_in_plain_words() {
    check(
        &format!("{HEAD}vaults\n  - name: main\n"),
        (3, 1),
        "",
        "`vaults` has no `:` after it, so it is not a key",
        "write `vaults:`",
    );
    check(
        &format!("{HEAD}vaults:\n  - name: *main\n"),
        (4, 11),
        "vaults[0].name",
        "`*main` refers to an anchor `&main` that is not defined before it",
        "quote the value if the `*` is meant literally: \"*main\"",
    );
    check(
        &format!("{HEAD}@owner: ops\n"),
        (3, 1),
        "",
        "`@` is reserved in YAML and cannot start an unquoted key or value",
        "quote it: \"@owner\"",
    );
    check(
        &format!("{HEAD}vaults: [a, b]]\n"),
        (3, 15),
        "",
        "this `]` closes nothing: no `[` is open here",
        "remove it",
    );
    check(
        &format!("{HEAD}vaults:\n  - name: main\n    tags: |\n  x\n"),
        (6, 3),
        "vaults[0]",
        "this line is not indented more than `tags` on line 5",
        "indent the block text by at least 5 spaces",
    );
    check(
        &format!("{HEAD}vaults:\n  - name: main\n    - name: other\n"),
        (5, 5),
        "vaults[0]",
        "a list item where the mapping of `name` on line 4 expects a key",
        "a list goes under a key",
    );
}

/// Every prefix of the examples (unclosed quotes and brackets everywhere),
/// and each line with a tab, a stray `: ` or one space less: whatever the
/// explanation says, it never panics and always has a hint.
#[test]
fn mangled_examples_never_panic() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for f in ["examples/quickstart.yaml", "examples/production.yaml"] {
        let text = std::fs::read_to_string(root.join(f)).unwrap();
        let mut variants: Vec<String> = text
            .char_indices()
            .step_by(3)
            .map(|(i, _)| text[..i].to_string())
            .collect();
        let lines: Vec<&str> = text.lines().collect();
        for i in 0..lines.len() {
            for edit in [
                |l: &str| format!("\t{l}"),
                |l: &str| format!("{l}: x: y"),
                |l: &str| l.strip_prefix(' ').unwrap_or(l).to_string(),
                |l: &str| format!(" {l}"),
                |l: &str| l.replace('"', ""),
            ] {
                let mut v = lines.clone();
                let changed = edit(lines[i]);
                v[i] = &changed;
                variants.push(v.join("\n"));
            }
        }
        for v in variants {
            if let Err(d) = parse_text(Path::new("t.yaml"), &v) {
                assert!(d.hint.is_some(), "{d:?}\n{v}");
            }
        }
    }
}
