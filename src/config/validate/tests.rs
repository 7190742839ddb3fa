//! Unit tests, one or more per validation rule, through the in-memory loader.

use crate::config::{load_from_str, Diagnostics, LoadedConfig};

const HEAD: &str = "version: 1\nstack: t\nvaults: [{name: main}]\n";

fn load(body: &str) -> Result<LoadedConfig, Diagnostics> {
    load_from_str(&[("t.yaml", &format!("{HEAD}{body}"))])
}

/// Findings as `line:col path: message`.
fn errs(body: &str) -> Vec<String> {
    match load(body) {
        Ok(_) => Vec::new(),
        Err(d) => d
            .items
            .iter()
            .map(|d| format!("{}:{} {}: {}", d.line, d.column, d.path, d.message))
            .collect(),
    }
}

fn rule(fields: &str) -> String {
    format!(
        "plans:\n  - name: p\n    rules:\n      - name: r\n        target_vault: main\n{fields}"
    )
}

fn has(body: &str, want: &str) {
    let e = errs(body);
    assert!(
        e.iter().any(|x| x.contains(want)),
        "want `{want}` in {e:#?}"
    );
}

#[test]
fn a_minimal_config_is_valid() {
    let l = load(&rule("        schedule: cron(0 5 ? * * *)\n")).unwrap();
    assert_eq!(l.config.stack.value, "t");
    assert_eq!(l.config.plans[0].rules[0].target_vault.value, "main");
    assert_eq!(
        l.config.plans[0].rules[0]
            .schedule
            .as_ref()
            .unwrap()
            .span
            .line,
        9
    );
}

#[test]
fn unknown_keys_suggest_the_closest() {
    has("vaults_: []\n", "unknown key `vaults_`");
    let d = load("plans: []\nsetings: {}\n").unwrap_err();
    assert_eq!(d.items[0].hint.as_deref(), Some("did you mean `settings`?"));
}

#[test]
fn wrong_types_are_reported_with_their_position() {
    assert_eq!(
        errs("external_vaults: Default\n"),
        ["4:18 external_vaults: expected a list, found a string"]
    );
    has(
        &rule("        start_window_minutes: 1.5\n"),
        "expected an integer, found a number",
    );
    has(
        &rule("        enable_continuous_backup: \"true\"\n"),
        "expected a boolean, found a string",
    );
}

#[test]
fn all_findings_in_one_pass() {
    let e = errs(&rule("        schedule: rate(1 day)\n        schedule_timezone: Nowhere/City\n        start_window_minutes: 5\n        bogus: 1\n"));
    assert_eq!(e.len(), 4, "{e:#?}");
}

#[test]
fn duplicate_names() {
    has(
        "vaults: [{name: a1}, {name: a1}]\n",
        "duplicate key `vaults`",
    );
    let two = load_from_str(&[(
        "t.yaml",
        "version: 1\nstack: t\nvaults: [{name: a1}, {name: a1}]\n",
    )])
    .unwrap_err();
    assert!(two.items[0].message.contains("duplicate vault name `a1`"));
    has(
        &format!("{}      - name: r\n        target_vault: main\n", rule("")),
        "duplicate rule name in this plan `r`",
    );
}

#[test]
fn name_patterns() {
    let d =
        load_from_str(&[("t.yaml", "version: 1\nstack: t\nvaults: [{name: a}]\n")]).unwrap_err();
    assert!(d.items[0].message.contains("not a valid vault name"));
    has(
        "plans:\n  - name: 'a b'\n    rules: [{name: r, target_vault: main}]\n",
        "not a valid plan name",
    );
}

#[test]
fn arn_shapes() {
    has(&rule("        copy_actions: [{destination_vault_arn: 'arn:aws:backup:eu-west-1:123:backup-vault:x'}]\n"), "not a valid backup vault ARN");
    has(
        &rule("        target_logically_air_gapped_backup_vault_arn: 'arn:aws:backup:x'\n"),
        "not a valid backup vault ARN",
    );
    // Not an ARN: the name of an air-gapped vault of the config.
    has(
        &rule("        target_logically_air_gapped_backup_vault_arn: nope\n"),
        "air-gapped vault `nope` is not defined",
    );
}

#[test]
fn target_vault_references() {
    has(
        &rule("").replace("target_vault: main", "target_vault: Default"),
        "target vault `Default` is not defined",
    );
    assert!(load(&format!(
        "external_vaults: [Default]\n{}",
        rule("").replace("target_vault: main", "target_vault: Default")
    ))
    .is_ok());
}

#[test]
fn templates_fill_and_are_overridden() {
    let body = "rule_templates:\n  t1: {target_vault: main, start_window_minutes: 120, schedule: 'cron(0 1 ? * * *)'}\nplans:\n  - name: p\n    rules:\n      - {name: r, template: t1, start_window_minutes: 90}\n";
    let l = load(body).unwrap();
    let r = &l.config.plans[0].rules[0];
    assert_eq!(r.target_vault.value, "main");
    assert_eq!(r.start_window_minutes.as_ref().unwrap().value, 90);
    assert_eq!(r.schedule.as_ref().unwrap().value, "cron(0 1 ? * * *)");
    has(
        "plans:\n  - name: p\n    rules:\n      - {name: r, template: nope}\n",
        "unknown rule template `nope`",
    );
}

#[test]
fn cron_and_timezone() {
    has(
        &rule("        schedule: cron(0 5 * * * *)\n"),
        "must be `?`",
    );
    has(
        &rule("        schedule_timezone: Europe/Berln\n"),
        "unknown timezone `Europe/Berln`",
    );
    assert!(load(&rule(
        "        schedule: cron(0 5 L * ? *)\n        schedule_timezone: Asia/Tokyo\n"
    ))
    .is_ok());
}

#[test]
fn windows() {
    has(
        &rule("        start_window_minutes: 59\n"),
        "AWS needs at least 60",
    );
    has(
        &rule("        start_window_minutes: 60\n        completion_window_minutes: 60\n"),
        "must be greater than start_window_minutes (60)",
    );
    assert!(load(&rule(
        "        start_window_minutes: 60\n        completion_window_minutes: 61\n"
    ))
    .is_ok());
}

#[test]
fn lifecycle_rules() {
    has(
        &rule("        lifecycle: {move_to_cold_storage_after_days: 10, delete_after_days: 99}\n"),
        "less than move_to_cold_storage_after_days + 90 (100)",
    );
    assert!(load(&rule(
        "        lifecycle: {move_to_cold_storage_after_days: 10, delete_after_days: 100}\n"
    ))
    .is_ok());
    has(
        &rule("        lifecycle: {delete_after_days: 36501}\n"),
        "out of range",
    );
    has(
        &rule(
            "        enable_continuous_backup: true\n        lifecycle: {delete_after_days: 36}\n",
        ),
        "at most 35 days",
    );
}

#[test]
fn vault_lock_ranges() {
    let v = |lock: &str| {
        load_from_str(&[(
            "t.yaml",
            &format!("version: 1\nstack: t\nvaults: [{{name: main, lock: {lock}}}]\n"),
        )])
    };
    assert!(
        v("{min_retention_days: 1, max_retention_days: 36500, changeable_for_days: 3}").is_ok()
    );
    assert!(v("{changeable_for_days: 2, min_retention_days: 1}").is_err());
    assert!(v("{min_retention_days: 10, max_retention_days: 9}").is_err());
    assert!(v("{}").is_err());
}

#[test]
fn vault_events() {
    let v = |ev: &str| {
        load_from_str(&[("t.yaml", &format!("version: 1\nstack: t\nvaults:\n  - name: main\n    notifications: {{sns_topic_arn: 'arn:aws:sns:eu-west-1:123456789012:t', events: [{ev}]}}\n"))])
    };
    assert!(v("BACKUP_JOB_FAILED, ACCESS_POINT_DISASSOCIATED").is_ok());
    let d = v("BACKUP_JOB_FAIL").unwrap_err();
    assert_eq!(
        d.items[0].hint.as_deref(),
        Some("did you mean `BACKUP_JOB_FAILED`?")
    );
    assert!(v("").is_err());
}

#[test]
fn tag_limits() {
    let t = |tags: &str| {
        load_from_str(&[(
            "t.yaml",
            &format!("version: 1\nstack: t\nvaults: [{{name: main, tags: {tags}}}]\n"),
        )])
    };
    assert!(t("{a: b}").is_ok());
    assert!(t("{'aws:x': b}").is_err());
    assert!(t(&format!("{{'{}': b}}", "k".repeat(129))).is_err());
    assert!(t(&format!("{{k: '{}'}}", "v".repeat(257))).is_err());
    let many: Vec<String> = (0..51).map(|i| format!("k{i}: v")).collect();
    assert!(t(&format!("{{{}}}", many.join(", "))).is_err());
}

#[test]
fn policy_documents() {
    let p = |pol: &str| {
        load_from_str(&[(
            "t.yaml",
            &format!("version: 1\nstack: t\nvaults:\n  - name: main\n    access_policy: {pol}\n"),
        )])
    };
    assert!(p("'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\"}]}'").is_ok());
    assert!(p("{Statement: {Effect: Deny}}").is_ok());
    assert!(p("{Version: '2012-10-17'}").is_err());
    assert!(p("'not json'").is_err());
    let l = p("{Statement: [{Effect: Deny}]}").unwrap();
    assert_eq!(
        l.config.vaults[0].access_policy.as_ref().unwrap().value["Statement"][0]["Effect"],
        "Deny"
    );
}

#[test]
fn selections() {
    let sel = |s: &str| {
        format!("plans:\n  - name: p\n    rules: [{{name: r, target_vault: main}}]\n    selections:\n      - {{name: s, iam_role_arn: 'arn:aws:iam::123456789012:role/b', {s}}}\n")
    };
    assert!(load(&sel("resources: ['*'], conditions: {string_like: [{key: 'aws:ResourceTag/env', value: 'prod*'}]}")).is_ok());
    has(
        &sel("conditions: {string_equals: [{key: 'aws:ResourceTag/env', value: p}]}"),
        "selects nothing",
    );
    has(
        &sel("resources: ['*'], conditions: {string_equals: [{key: env, value: p}]}"),
        "not of the form aws:ResourceTag/",
    );
    has(&sel("resources: [bucket]"), "not a valid resource ARN");
    has(
        &sel("list_of_tags: [{condition_type: STRINGLIKE, key: a, value: b}]"),
        "unknown condition type",
    );
}

#[test]
fn settings_and_guards() {
    assert!(load("settings:\n  global: {isCrossAccountBackupEnabled: 'false'}\n  region: {resource_type_opt_in: {RDS: true}}\n").is_ok());
    has(
        "settings: {global: {isMpaEnabled: 'yes'}}\n",
        "is not \"true\" or \"false\"",
    );
    has("account_id: '12'\n", "not a valid account id");
    has("region: EU\n", "not a valid region");
    // An unknown resource type that is not a near miss is only a warning.
    let l = load("settings: {region: {resource_type_management: {NewService: true}}}\n").unwrap();
    assert_eq!(l.warnings.len(), 1);
}

#[test]
fn ignore_patterns() {
    assert!(load("ignore: {vaults: ['aws/efs/*', 'legacy-?'], plans: ['tmp*']}\n").is_ok());
    has(
        "ignore: {vaults: ['ma*']}\n",
        "matches managed vault `main`",
    );
}

#[test]
fn files_merge_and_must_agree() {
    let a = "version: 1\nstack: s\nrule_templates: {t: {target_vault: v1}}\nvaults: [{name: v1}]\n";
    let b = "version: 1\nstack: s\nplans: [{name: p, rules: [{name: r, template: t}]}]\n";
    let l = load_from_str(&[("a.yaml", a), ("b.yaml", b)]).unwrap();
    assert_eq!(l.files.len(), 2);
    assert_eq!(
        l.config.plans[0].rules[0].target_vault.span.file, 0,
        "inherited from a.yaml"
    );
    let c = "version: 1\nstack: other\n";
    let d = load_from_str(&[("a.yaml", a), ("c.yaml", c)]).unwrap_err();
    assert!(d.items[0].message.contains("differs"), "{d}");
}
