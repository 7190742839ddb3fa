//! Property tests: generated valid configs pass `validate` (the library
//! loader and the real binary), validate against the committed JSON Schema,
//! and load back to the same config they were written from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use backupctl::config::{
    self, BackupPlan, Config, Lifecycle, Notifications, Rule, RuleFields, Selection, Spanned,
    TagCondition, Tags, Vault, VaultLock,
};
use proptest::prelude::*;

fn s(v: impl Into<String>) -> Spanned<String> {
    Spanned::unspanned(v.into())
}

fn n(v: i64) -> Spanned<i64> {
    Spanned::unspanned(v)
}

const EVENTS: &[&str] = &[
    "BACKUP_JOB_FAILED",
    "BACKUP_JOB_EXPIRED",
    "COPY_JOB_FAILED",
    "RESTORE_JOB_COMPLETED",
    "S3_BACKUP_OBJECT_FAILED",
];
const ZONES: &[&str] = &[
    "Etc/UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Sydney",
];
const DAYS: &[(&str, &str)] = &[
    ("?", "*"),
    ("*", "?"),
    ("?", "MON-FRI"),
    ("1", "?"),
    ("L", "?"),
    ("?", "2#1"),
    ("15W", "?"),
    ("?", "1,7"),
];

fn tags() -> impl Strategy<Value = Tags> {
    let key = "[a-z][a-z0-9_.:/=+-]{0,20}"
        .prop_filter("aws: is reserved", |k: &String| !k.starts_with("aws:"));
    prop::collection::btree_map(key, "[a-zA-Z0-9 _.:/=+@-]{0,30}", 0..4)
        .prop_map(|m| Tags(m, Vec::new()))
}

fn vault(name: String) -> impl Strategy<Value = Spanned<Vault>> {
    let notif = prop::option::of(prop::sample::subsequence(EVENTS, 1..=EVENTS.len()));
    let lock = prop::option::of((1i64..1000, 0i64..1000, prop::option::of(3i64..100)));
    (
        any::<bool>(),
        tags(),
        notif,
        lock,
        prop::option::of(any::<bool>()),
    )
        .prop_map(move |(kms, tags, notif, lock, pd)| {
            Spanned::unspanned(Vault {
                name: s(name.clone()),
                encryption_key_arn: kms.then(|| {
                    s("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                }),
                tags,
                ignore_tags: None,
                access_policy: None,
                notifications: notif.map(|evs| {
                    Spanned::unspanned(Notifications {
                        sns_topic_arn: s("arn:aws:sns:eu-west-1:123456789012:alerts"),
                        events: evs.into_iter().map(s).collect(),
                    })
                }),
                lock: lock.map(|(min, extra, ch)| {
                    Spanned::unspanned(VaultLock {
                        min_retention_days: Some(n(min)),
                        max_retention_days: Some(n(min + extra)),
                        changeable_for_days: ch.map(n),
                    })
                }),
                prevent_destroy: pd,
            })
        })
}

fn rule(name: String, vaults: Vec<String>) -> impl Strategy<Value = Spanned<Rule>> {
    (
        prop::sample::select(vaults),
        0u32..60,
        0u32..24,
        prop::sample::select(DAYS),
        prop::sample::select(ZONES),
        prop::option::of((60i64..1000, 1i64..10_000)),
        prop::option::of((prop::option::of(1i64..1000), 0i64..5000)),
        any::<bool>(),
    )
        .prop_map(
            move |(target, min, hour, (dom, dow), tz, win, life, continuous)| {
                let lifecycle = life.map(|(cold, extra)| {
                    let (cold, delete) = if continuous {
                        (None, 1 + extra % 35)
                    } else {
                        (cold, cold.unwrap_or(0) + 90 + extra)
                    };
                    Spanned::unspanned(Lifecycle {
                        move_to_cold_storage_after_days: cold.map(n),
                        delete_after_days: Some(n(delete)),
                        ..Lifecycle::default()
                    })
                });
                Spanned::unspanned(Rule {
                    name: s(name.clone()),
                    template: None,
                    target_vault: s(target),
                    fields: RuleFields {
                        schedule: Some(s(format!("cron({min} {hour} {dom} * {dow} *)"))),
                        schedule_timezone: Some(s(tz)),
                        start_window_minutes: win.map(|(st, _)| n(st)),
                        completion_window_minutes: win.map(|(st, extra)| n(st + extra)),
                        lifecycle,
                        enable_continuous_backup: continuous.then_some(true),
                        ..RuleFields::default()
                    },
                })
            },
        )
}

fn selection(name: String) -> impl Strategy<Value = Spanned<Selection>> {
    (any::<bool>(), "[a-z]{1,10}", "[a-z0-9]{0,10}").prop_map(move |(by_tag, key, value)| {
        Spanned::unspanned(Selection {
            name: s(name.clone()),
            iam_role_arn: s(
                "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole",
            ),
            resources: if by_tag {
                vec![]
            } else {
                vec![
                    s("arn:aws:dynamodb:*:*:table/*"),
                    s("arn:aws:s3:::bucket-*"),
                ]
            },
            not_resources: vec![],
            list_of_tags: if by_tag {
                vec![Spanned::unspanned(TagCondition {
                    condition_type: Some(s("STRINGEQUALS")),
                    key: s(key),
                    value: s(value),
                })]
            } else {
                vec![]
            },
            conditions: None,
        })
    })
}

fn config() -> impl Strategy<Value = Config> {
    (
        "[a-z][a-z0-9-]{0,20}",
        prop::collection::btree_set("[a-zA-Z0-9][a-zA-Z0-9_-]{1,20}", 1..4),
        prop::collection::btree_set("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,20}", 0..3),
    )
        .prop_flat_map(|(stack, vault_names, plan_names)| {
            let vault_names: Vec<String> = vault_names
                .into_iter()
                .filter(|v| v != "Default")
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let mut targets = vault_names.clone();
            targets.push("Default".into());
            let vaults: Vec<_> = vault_names.iter().cloned().map(vault).collect();
            let plans: Vec<_> = plan_names
                .into_iter()
                .map(|p| {
                    let targets = targets.clone();
                    (
                        prop::collection::btree_set("[a-zA-Z0-9_.-]{1,12}", 1..4),
                        prop::collection::btree_set("[a-zA-Z0-9_.-]{1,12}", 0..3),
                        tags(),
                    )
                        .prop_flat_map(move |(rules, sels, tags)| {
                            let rules: Vec<_> = rules
                                .into_iter()
                                .map(|r| rule(r, targets.clone()))
                                .collect();
                            let sels: Vec<_> = sels.into_iter().map(selection).collect();
                            let p = p.clone();
                            (rules, sels).prop_map(move |(rules, selections)| {
                                Spanned::unspanned(BackupPlan {
                                    name: s(p.clone()),
                                    tags: tags.clone(),
                                    ignore_tags: None,
                                    advanced_backup_settings: vec![],
                                    scan_settings: vec![],
                                    rules,
                                    selections,
                                })
                            })
                        })
                })
                .collect();
            (Just(stack), vaults, plans)
        })
        .prop_map(|(stack, vaults, plans)| Config {
            version: Spanned::unspanned(1),
            stack: s(stack),
            account_id: Some(s("123456789012")),
            region: Some(s("eu-west-1")),
            external_vaults: vec![s("Default")],
            rule_templates: BTreeMap::new(),
            ignore: None,
            ignore_tags: None,
            vaults,
            air_gapped_vaults: Vec::new(),
            plans,
            restore_testing_plans: Vec::new(),
            settings: None,
            tiering_configurations: Vec::new(),
            legal_holds: Vec::new(),
            frameworks: Vec::new(),
            report_plans: Vec::new(),
        })
}

fn schema_validator() -> jsonschema::Validator {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas/backupctl.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn generated_configs_validate_match_the_schema_and_round_trip(cfg in config()) {
        let yaml = serde_saphyr::to_string(&cfg).expect("serializes");
        let loaded = config::load_from_str(&[("gen.yaml", &yaml)])
            .unwrap_or_else(|d| panic!("generated config rejected:\n{d}\n{yaml}"));
        prop_assert_eq!(&loaded.config, &cfg);

        let json = serde_json::to_value(&cfg).unwrap();
        let validator = schema_validator();
        let errors: Vec<String> = validator.iter_errors(&json).map(|e| e.to_string()).collect();
        prop_assert!(errors.is_empty(), "{:?}\n{}", errors, yaml);

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gen.yaml");
        std::fs::write(&file, &yaml).unwrap();
        let out = assert_cmd::Command::cargo_bin("backupctl").unwrap()
            .args(["validate", "-f"]).arg(&file).output().unwrap();
        prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}
