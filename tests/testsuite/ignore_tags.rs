//! `ignore_tags` through the real binary against the emulator: tags other
//! automation sets (ignored config-wide by key and by prefix, or by a
//! vault's or plan's own list) are never shown, diffed or removed; a tag
//! not ignored still is; drift and saved plans do not see ignored tags;
//! and the config mistakes (declaring an ignored tag, ignoring the stack
//! tag) stop before any API call with `file:line:column`.

use std::collections::BTreeMap;

use testkit::Emu;

const CONFIG: &str = r#"version: 1
stack: t
ignore_tags:
  keys: [CostCenter]
  key_prefixes: ["org:"]
vaults:
  - name: main
    tags: {team: a}
    ignore_tags: {keys: [Owner]}
plans:
  - name: p
    tags: {env: dev}
    ignore_tags: {key_prefixes: ["team:"]}
    rules:
      - {name: r1, target_vault: main, schedule: "cron(0 5 ? * * *)"}
"#;

const VAULT_ARN: &str = "arn:aws:backup:us-east-1:123456789012:backup-vault:main";

fn cmd(emu: &Emu, cmd: &str, yaml: &str, args: &[&str]) -> (i32, String, String) {
    testkit::with_config(emu, cmd, yaml, args)
}

fn applied(yaml: &str) -> Emu {
    let emu = Emu::start();
    let (code, out, err) = cmd(&emu, "apply", yaml, &["--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
    emu
}

fn plan_arn(emu: &Emu) -> String {
    emu.rt.block_on(async {
        let out = emu.client().list_backup_plans().send().await.unwrap();
        let p = out.backup_plans_list().iter();
        let p = p
            .filter(|p| p.backup_plan_name() == Some("p"))
            .collect::<Vec<_>>();
        assert_eq!(p.len(), 1);
        p[0].backup_plan_arn().unwrap().to_string()
    })
}

/// Tag a resource out of band, as other automation would.
fn tag(emu: &Emu, arn: &str, tags: &[(&str, &str)]) {
    emu.rt.block_on(async {
        let mut call = emu.client().tag_resource().resource_arn(arn);
        for (k, v) in tags {
            call = call.tags(*k, *v);
        }
        call.send().await.unwrap();
    });
}

/// The tags on a resource, read through the emulator's API.
fn live_tags(emu: &Emu, arn: &str) -> BTreeMap<String, String> {
    emu.rt.block_on(async {
        let out = emu
            .client()
            .list_tags()
            .resource_arn(arn)
            .send()
            .await
            .unwrap();
        out.tags.unwrap_or_default().into_iter().collect()
    })
}

fn keys(tags: &BTreeMap<String, String>) -> Vec<&str> {
    tags.keys().map(String::as_str).collect()
}

#[test]
fn ignored_tags_are_neither_shown_nor_removed_and_others_are() {
    let emu = applied(CONFIG);
    let plan = plan_arn(&emu);
    // Config-wide by key and by prefix, the vault's own key, and one tag
    // nobody ignores.
    tag(
        &emu,
        VAULT_ARN,
        &[
            ("CostCenter", "42"),
            ("org:unit", "x"),
            ("Owner", "bob"),
            ("Rogue", "1"),
        ],
    );
    // The plan's own prefix and a config-wide prefix are ignored on the
    // plan; `Owner` is ignored on vault `main` only, not on plan `p`.
    tag(
        &emu,
        &plan,
        &[("team:db", "y"), ("org:unit", "x"), ("Owner", "bob")],
    );

    let json = testkit::plan_json(&emu, CONFIG, 2);
    let p: backupctl::changeset::ChangeSet = serde_json::from_value(json.clone()).unwrap();
    let got: Vec<(String, Vec<String>)> = p
        .changes
        .iter()
        .map(|c| {
            let fields = c.fields.iter().map(|f| f.path.clone()).collect();
            (format!("{} {}", c.action.symbol(), c.address), fields)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("~ vault.main".to_string(), vec!["tags.Rogue".to_string()]),
            ("~ plan.p".to_string(), vec!["tags.Owner".to_string()]),
        ],
        "{json:#}"
    );
    let (_, human, _) = cmd(&emu, "plan", CONFIG, &[]);
    for hidden in ["CostCenter", "org:unit", "team:db"] {
        assert!(!human.contains(hidden), "`{hidden}` shown:\n{human}");
    }

    emu.reset_counters();
    let (code, out, err) = cmd(&emu, "apply", CONFIG, &["--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let calls: Vec<String> = emu.mutating_calls().into_iter().map(|(op, _)| op).collect();
    assert_eq!(calls, ["UntagResource"], "only the two untags: {calls:?}");
    assert_eq!(
        keys(&live_tags(&emu, VAULT_ARN)),
        ["CostCenter", "Owner", "backupctl:stack", "org:unit", "team"]
    );
    assert_eq!(
        keys(&live_tags(&emu, &plan)),
        ["backupctl:stack", "env", "org:unit", "team:db"]
    );

    // Converged, and no drift, although the ignored tags are still there.
    let (code, out, err) = cmd(&emu, "plan", CONFIG, &["--detailed-exitcode"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let (code, out, err) = cmd(&emu, "drift", CONFIG, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("No drift"), "{out}");
}

#[test]
fn drift_exits_0_when_only_ignored_tags_changed() {
    let emu = applied(CONFIG);
    let plan = plan_arn(&emu);
    tag(
        &emu,
        VAULT_ARN,
        &[("CostCenter", "1"), ("org:a", "b"), ("Owner", "o")],
    );
    tag(&emu, &plan, &[("CostCenter", "1"), ("team:x", "y")]);
    emu.reset_counters();
    let (code, out, err) = cmd(&emu, "drift", CONFIG, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("No drift"), "{out}");
    // The same change to a tag nobody ignores is drift.
    tag(&emu, VAULT_ARN, &[("team", "changed")]);
    let (code, out, _) = cmd(&emu, "drift", CONFIG, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("tags.team"), "{out}");
    assert!(
        !out.contains("CostCenter") && !out.contains("Owner"),
        "{out}"
    );
    assert!(emu
        .mutating_calls()
        .iter()
        .all(|(op, _)| op == "TagResource"));
}

#[test]
fn a_saved_plan_still_applies_after_an_ignored_tag_changed() {
    let emu = applied(CONFIG);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backupctl.yaml");
    let changed = CONFIG.replace("tags: {team: a}", "tags: {team: b}");
    std::fs::write(&file, &changed).unwrap();
    let saved = dir.path().join("plan.json");
    let run = |args: &[&str]| {
        let mut c = emu.backupctl();
        c.args(args).arg("-f").arg(&file);
        testkit::outcome(c.output().unwrap())
    };
    let (code, out, err) = run(&["plan", "--out", saved.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}\n{err}");
    // Other automation retags the vault (ignored keys only) meanwhile.
    tag(
        &emu,
        VAULT_ARN,
        &[("CostCenter", "7"), ("org:owner", "ops"), ("Owner", "eve")],
    );
    let (code, out, err) = run(&["apply", saved.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}\n{err}");
    let tags = live_tags(&emu, VAULT_ARN);
    assert_eq!(tags["team"], "b");
    assert_eq!(
        keys(&tags),
        [
            "CostCenter",
            "Owner",
            "backupctl:stack",
            "org:owner",
            "team"
        ]
    );
    // A tag nobody ignores still makes a saved plan stale.
    std::fs::write(&file, CONFIG).unwrap();
    let (code, out, err) = run(&["plan", "--out", saved.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}\n{err}");
    tag(&emu, VAULT_ARN, &[("Rogue", "1")]);
    let (code, _, err) = run(&["apply", saved.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("stale plan: the account changed"), "{err}");
}

#[test]
fn declaring_an_ignored_tag_is_an_error_at_the_tag() {
    let emu = Emu::start();
    let yaml = CONFIG.replace("tags: {env: dev}", "tags: {env: dev, \"team:lead\": x}");
    emu.reset_counters();
    let (code, out, err) = cmd(&emu, "plan", &yaml, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("backupctl.yaml:12:22: plans[0].tags.team:lead: tag `team:lead` is ignored by ignore_tags (key_prefixes `team:` at "),
        "{err}"
    );
    assert!(
        err.contains("remove it from tags or from ignore_tags"),
        "{err}"
    );
    assert_eq!(emu.calls(), vec![], "no API call on a bad config");

    let yaml = CONFIG.replace("tags: {team: a}", "tags: {team: a, CostCenter: \"1\"}");
    let (code, _, err) = cmd(&emu, "validate", &yaml, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("backupctl.yaml:8:21: vaults[0].tags.CostCenter: tag `CostCenter` is ignored by ignore_tags (keys `CostCenter` at "),
        "{err}"
    );
}

#[test]
fn ignoring_the_stack_tag_is_an_error() {
    let emu = Emu::start();
    for (entry, line_col, path) in [
        ("keys: [backupctl:stack]", "4:10", "ignore_tags.keys[0]"),
        (
            "key_prefixes: [\"backupctl:\"]",
            "4:18",
            "ignore_tags.key_prefixes[0]",
        ),
    ] {
        let yaml =
            format!("version: 1\nstack: t\nignore_tags:\n  {entry}\nvaults: [{{name: v}}]\n");
        emu.reset_counters();
        let (code, out, err) = cmd(&emu, "apply", &yaml, &["--auto-approve"]);
        assert_eq!(code, 1, "{out}\n{err}");
        let want = format!("backupctl.yaml:{line_col}: {path}: ignore_tags ");
        assert!(err.contains(&want), "want `{want}` in:\n{err}");
        assert!(err.contains("covers the `backupctl:stack` tag"), "{err}");
        assert_eq!(emu.calls(), vec![], "no API call on a bad config");
    }
}
