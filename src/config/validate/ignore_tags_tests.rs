//! Unit tests of the `ignore_tags` findings (config-wide and per vault or
//! plan) and of what the desired state carries, through the in-memory
//! loader.

use crate::config::{load_from_str, Diagnostics, LoadedConfig, Severity};
use crate::model::desired::from_config;
use crate::resources::Kind;

fn load(text: &str) -> Result<LoadedConfig, Diagnostics> {
    load_from_str(&[("t.yaml", text)])
}

/// Errors as `line:col path: message`.
fn errs(text: &str) -> Vec<String> {
    match load(text) {
        Ok(_) => Vec::new(),
        Err(d) => d
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}:{} {}: {}", d.line, d.column, d.path, d.message))
            .collect(),
    }
}

const PLAN: &str = "plans:\n  - name: p\n    tags: {env: dev}\n    ignore_tags: {key_prefixes: [\"team:\"]}\n    rules:\n      - {name: r, target_vault: v1, recovery_point_tags: {CostCenter: x, \"team:a\": b}}\n";

#[test]
fn lists_decode_into_the_desired_state() {
    let text = format!(
        "version: 1\nstack: t\nignore_tags:\n  keys: [CostCenter]\n  key_prefixes: [\"aws:\", \"org:\"]\nvaults:\n  - name: v1\n    tags: {{team: a}}\n    ignore_tags: {{keys: [Owner]}}\n  - name: w1\n    tags: {{Owner: me}}\n{PLAN}"
    );
    let l = load(&text).unwrap_or_else(|d| panic!("{}", d.render_text(false)));
    let d = from_config(&l.config);
    let all = &d.ignore_tags.all;
    assert_eq!(all.keys.iter().collect::<Vec<_>>(), ["CostCenter"]);
    assert_eq!(
        all.key_prefixes.iter().collect::<Vec<_>>(),
        ["aws:", "org:"]
    );
    assert!(d
        .ignore_tags
        .own(Kind::Vault, "v1")
        .unwrap()
        .matches("Owner"));
    assert!(
        d.ignore_tags.own(Kind::Vault, "w1").is_none(),
        "w1 has no own list"
    );
    assert!(d
        .ignore_tags
        .own(Kind::BackupPlan, "p")
        .unwrap()
        .matches("team:db"));
    // Rules' recovery point tags are not resource tags: never checked
    // against the lists, and kept whole.
    assert_eq!(d.plans["p"].rules["r"].recovery_point_tags.len(), 2);
}

#[test]
fn a_list_must_name_something_valid_once() {
    assert_eq!(
        errs("version: 1\nstack: t\nignore_tags: {}\n"),
        ["3:14 ignore_tags: ignore_tags ignores nothing"]
    );
    assert_eq!(
        errs("version: 1\nstack: t\nignore_tags: {keys: [A, B, A]}\n"),
        ["3:28 ignore_tags.keys[2]: duplicate ignore_tags key `A`"]
    );
    let long = "k".repeat(129);
    assert_eq!(
        errs(&format!(
            "version: 1\nstack: t\nignore_tags: {{key_prefixes: [\"\", {long}]}}\n"
        )),
        [
            "3:30 ignore_tags.key_prefixes[0]: tag key is 0 characters; AWS allows 1 to 128",
            "3:34 ignore_tags.key_prefixes[1]: tag key is 129 characters; AWS allows 1 to 128",
        ]
    );
    let d = load("version: 1\nstack: t\nignore_tags: {key: [A]}\n").unwrap_err();
    let e: Vec<_> = d
        .items
        .iter()
        .map(|d| (d.path.as_str(), d.hint.as_deref()))
        .collect();
    assert_eq!(e, [("ignore_tags.key", Some("did you mean `keys`?"))]);
}

#[test]
fn the_stack_tag_cannot_be_ignored() {
    for (entry, path) in [
        ("keys: [backupctl:stack]", "keys[0]"),
        ("key_prefixes: [\"backupctl:\"]", "key_prefixes[0]"),
        ("key_prefixes: [b]", "key_prefixes[0]"),
    ] {
        let e = errs(&format!(
            "version: 1\nstack: t\nvaults:\n  - name: v1\n    ignore_tags: {{{entry}}}\n"
        ));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("5:") && e[0].contains(&format!(" vaults[0].ignore_tags.{path}: ")),
            "{e:?}"
        );
        assert!(e[0].contains("covers the `backupctl:stack` tag"), "{e:?}");
    }
    // Other `backupctl:` keys are someone else's to ignore.
    assert_eq!(
        errs("version: 1\nstack: t\nignore_tags: {keys: [backupctl:other], key_prefixes: [\"backupctl:x\"]}\n"),
        Vec::<String>::new()
    );
}

#[test]
fn a_declared_tag_the_lists_cover_is_an_error_at_the_tag() {
    let text = format!(
        "version: 1\nstack: t\nignore_tags: {{keys: [CostCenter]}}\nvaults:\n  - name: v1\n    tags: {{CostCenter: \"1\", Owner: me}}\n    ignore_tags: {{keys: [Owner]}}\n  - name: w1\n    tags: {{Owner: me}}\n{}",
        PLAN.replace("{env: dev}", "{env: dev, \"team:x\": y}")
    );
    let e = errs(&text);
    assert_eq!(
        e,
        [
            "6:12 vaults[0].tags.CostCenter: tag `CostCenter` is ignored by ignore_tags (keys `CostCenter` at t.yaml:3:22); remove it from tags or from ignore_tags",
            "6:29 vaults[0].tags.Owner: tag `Owner` is ignored by ignore_tags (keys `Owner` at t.yaml:7:26); remove it from tags or from ignore_tags",
            "12:22 plans[0].tags.team:x: tag `team:x` is ignored by ignore_tags (key_prefixes `team:` at t.yaml:13:34); remove it from tags or from ignore_tags",
        ],
        "vault w1's Owner is not covered by vault v1's own list"
    );
}

#[test]
fn an_own_entry_the_config_wide_list_has_is_a_warning() {
    let l = load("version: 1\nstack: t\nignore_tags: {keys: [Owner]}\nvaults:\n  - name: v1\n    ignore_tags: {keys: [Owner]}\n").unwrap();
    let w: Vec<_> = l
        .warnings
        .items
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        w,
        [(6, "ignore_tags keys `Owner` is already ignored config-wide")]
    );
}

#[test]
fn several_files_concatenate_their_config_wide_lists() {
    let a = "version: 1\nstack: t\nignore_tags: {keys: [A]}\n";
    let b = "version: 1\nstack: t\nignore_tags: {keys: [B], key_prefixes: [\"p:\"]}\nvaults: [{name: v1}]\n";
    let l = load_from_str(&[("a.yaml", a), ("b.yaml", b)]).unwrap();
    let d = from_config(&l.config);
    assert_eq!(
        d.ignore_tags.all.keys.iter().collect::<Vec<_>>(),
        ["A", "B"]
    );
    assert!(d.ignore_tags.all.matches("p:q"));
    let c = "version: 1\nstack: t\nignore_tags: {keys: [A]}\n";
    let d = load_from_str(&[("a.yaml", a), ("c.yaml", c)]).unwrap_err();
    let e = &d.items[0];
    assert_eq!(
        (e.file.to_str(), e.message.as_str(), e.hint.as_deref()),
        (
            Some("c.yaml"),
            "duplicate ignore_tags key `A`",
            Some("first defined at a.yaml:3:22")
        )
    );
}
