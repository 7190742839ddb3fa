//! `backupctl import` against the emulator: the round trip import →
//! validate → plan shows no changes over 120 randomized account states
//! (unmanaged, managed and other-stack resources mixed, written through the
//! real aws-sdk-backup client), filters, `--adopt` making only TagResource
//! calls, other stacks left alone, and the refusals (existing output file,
//! bad arguments) that make no call at all.

use std::collections::{BTreeMap, BTreeSet};

use backupctl::model::{
    self, Conditions, CopyAction, Desired, Lifecycle, Notifications, Plan, Rule, Selection,
    TagCondition, Vault, VaultLock, STACK_TAG,
};
use testkit::{run, Emu};

const ACCOUNT: &str = "123456789012";
const STACK: &str = "imp";

/// SplitMix64: a tiny deterministic generator, so a failing seed replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn some(&mut self, items: &[&str], max: usize) -> BTreeSet<String> {
        (0..self.below(max + 1))
            .map(|_| self.pick(items).to_string())
            .collect()
    }
}

/// Tag values YAML would read as something else unless quoted.
const VALUES: &[&str] = &[
    "",
    "true",
    "false",
    "4711",
    "007",
    "off",
    "yes",
    "null",
    "~",
    "1e3",
    "0x1F",
    "a b",
    "x:y/z",
    "- item",
    "#hash",
    "platform-*",
    "@at",
    "=",
];

fn tags(r: &mut Rng) -> model::Tags {
    (0..r.below(4))
        .map(|i| {
            let key = format!(
                "{}{i}",
                r.pick(&["team", "cost-center", "Env", "a.b", "x_y"])
            );
            (key, r.pick(VALUES).to_string())
        })
        .collect()
}

fn lifecycle(r: &mut Rng, continuous: bool) -> Option<Lifecycle> {
    if continuous {
        return Some(Lifecycle {
            delete_after_days: Some(1 + r.below(35) as i64),
            ..Default::default()
        });
    }
    match r.below(4) {
        0 => None,
        1 => Some(Lifecycle {
            delete_after_days: Some(1 + r.below(3000) as i64),
            ..Default::default()
        }),
        _ => {
            let cold = 1 + r.below(365) as i64;
            Some(Lifecycle {
                move_to_cold_storage_after_days: Some(cold),
                delete_after_days: r.chance(70).then(|| cold + 90 + r.below(3000) as i64),
                opt_in_to_archive_for_supported_resources: r.chance(50),
                delete_after_event: None,
            })
        }
    }
}

fn vault(r: &mut Rng, name: String) -> Vault {
    let mut v = Vault {
        name,
        tags: tags(r),
        ..Default::default()
    };
    if r.chance(40) {
        v.encryption_key_arn = Some(format!(
            "arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-{:012x}",
            r.below(1 << 40)
        ));
    }
    if r.chance(40) {
        let action = r.pick(&["backup:DeleteRecoveryPoint", "backup:DeleteBackupVault"]);
        v.access_policy = Some(model::normalize::canonical_json(&serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Sid": format!("S{}", r.below(9)), "Effect": "Deny",
                           "Principal": "*", "Action": [action], "Resource": "*"}]
        })));
    }
    if r.chance(40) {
        let mut events = r.some(
            &[
                "BACKUP_JOB_FAILED",
                "BACKUP_JOB_EXPIRED",
                "COPY_JOB_FAILED",
                "RESTORE_JOB_FAILED",
            ],
            3,
        );
        events.insert("BACKUP_JOB_COMPLETED".into());
        v.notifications = Some(Notifications {
            sns_topic_arn: format!("arn:aws:sns:us-east-1:{ACCOUNT}:t{}", r.below(5)),
            events,
        });
    }
    if r.chance(30) {
        let min = 1 + r.below(30) as i64;
        v.lock = Some(match r.below(4) {
            0 => VaultLock {
                min_retention_days: Some(min),
                ..Default::default()
            },
            1 => VaultLock {
                max_retention_days: Some(min + r.below(3000) as i64),
                ..Default::default()
            },
            2 => VaultLock {
                min_retention_days: Some(min),
                max_retention_days: Some(min + r.below(3000) as i64),
                ..Default::default()
            },
            // Compliance mode in its grace period: AWS never returns the
            // grace period, so import must still say "compliance".
            _ => VaultLock {
                min_retention_days: Some(min),
                changeable_for_days: Some(3 + r.below(30) as i64),
                ..Default::default()
            },
        });
    }
    v
}

fn rule(r: &mut Rng, vaults: &[String]) -> Rule {
    let continuous = r.chance(15);
    let start = if r.chance(50) {
        model::DEFAULT_START_WINDOW
    } else {
        60 + r.below(600) as i64
    };
    let completion = if r.chance(50) && start == model::DEFAULT_START_WINDOW {
        model::DEFAULT_COMPLETION_WINDOW
    } else {
        start + 60 + r.below(10_000) as i64
    };
    let mut copy_actions = BTreeSet::new();
    for i in 0..r.below(3) {
        copy_actions.insert(CopyAction {
            destination_vault_arn: format!(
                "arn:aws:backup:{}:{ACCOUNT}:backup-vault:dr{i}",
                r.pick(&["eu-west-1", "us-west-2"])
            ),
            lifecycle: lifecycle(r, false),
        });
    }
    Rule {
        target_vault: vaults[r.below(vaults.len())].clone(),
        target_logically_air_gapped_backup_vault_arn: None,
        schedule: r
            .pick(&[
                model::DEFAULT_SCHEDULE,
                "cron(0 2 ? * * *)",
                "cron(0 3 ? * SUN *)",
                "cron(0 4 1 * ? *)",
                "cron(0 */6 ? * * *)",
                "cron(30 1 ? * 2#1 *)",
            ])
            .into(),
        schedule_timezone: r
            .pick(&[model::DEFAULT_TIMEZONE, "Europe/Berlin", "America/New_York"])
            .into(),
        start_window_minutes: start,
        completion_window_minutes: completion,
        lifecycle: lifecycle(r, continuous),
        copy_actions,
        enable_continuous_backup: continuous,
        recovery_point_tags: tags(r),
        index_actions: BTreeSet::new(),
        scan_actions: BTreeSet::new(),
    }
}

fn pairs(r: &mut Rng) -> BTreeSet<(String, String)> {
    (0..r.below(3))
        .map(|i| (format!("aws:ResourceTag/k{i}"), r.pick(VALUES).to_string()))
        .collect()
}

fn selection(r: &mut Rng) -> Selection {
    let mut s = Selection {
        iam_role_arn: format!(
            "arn:aws:iam::{ACCOUNT}:role/{}",
            r.pick(&["backup", "service-role/AWSBackupDefaultServiceRole"])
        ),
        resources: r.some(
            &[
                "*",
                "arn:aws:ec2:*:*:volume/*",
                "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
                "arn:aws:rds:us-east-1:123456789012:db:main",
                "arn:aws:s3:::bucket",
            ],
            3,
        ),
        not_resources: r.some(&["arn:aws:ec2:*:*:volume/vol-0", "arn:aws:s3:::logs"], 2),
        list_of_tags: (0..r.below(3))
            .map(|i| TagCondition {
                condition_type: "STRINGEQUALS".into(),
                key: format!("backup{i}"),
                value: r.pick(VALUES).to_string(),
            })
            .collect(),
        conditions: Conditions {
            string_equals: pairs(r),
            string_not_equals: pairs(r),
            string_like: pairs(r),
            string_not_like: pairs(r),
        },
    };
    if s.resources.is_empty() && s.list_of_tags.is_empty() {
        s.resources.insert("*".into());
    }
    s
}

fn plan(r: &mut Rng, name: String, vaults: &[String]) -> Plan {
    let mut p = Plan {
        name,
        tags: tags(r),
        ..Default::default()
    };
    for i in 0..1 + r.below(3) {
        p.rules.insert(format!("r{i}"), rule(r, vaults));
    }
    if r.chance(30) {
        p.advanced_backup_settings.insert(
            "EC2".into(),
            [(
                "WindowsVSS".to_string(),
                r.pick(&["enabled", "disabled"]).to_string(),
            )]
            .into(),
        );
    }
    for i in 0..r.below(3) {
        p.selections.insert(format!("sel-{i}"), selection(r));
    }
    p
}

/// A random account: vaults and plans that are unmanaged, managed by
/// `STACK` or by another stack (one `Desired` per owner, so the seeder
/// tags them), and random settings.
fn account(seed: u64) -> [Desired; 3] {
    let mut r = Rng(seed);
    let owners = ["", STACK, "other"];
    let mut out: [Desired; 3] = owners.map(|stack| Desired {
        stack: stack.into(),
        ..Default::default()
    });
    let vault_names: Vec<String> = (0..1 + r.below(5))
        .map(|i| format!("v{i}-{seed}"))
        .collect();
    for name in &vault_names {
        let v = vault(&mut r, name.clone());
        out[r.below(3)].vaults.insert(name.clone(), v);
    }
    for i in 0..r.below(5) {
        let p = plan(&mut r, format!("p{i}.{seed}"), &vault_names);
        out[r.below(3)].plans.insert(p.name.clone(), p);
    }
    out[0].settings.global = [(
        "isCrossAccountBackupEnabled".to_string(),
        r.pick(&["true", "false"]).to_string(),
    )]
    .into();
    out[0].settings.resource_type_opt_in = [
        ("EBS".to_string(), r.chance(50)),
        ("S3".to_string(), r.chance(50)),
    ]
    .into();
    out
}

fn seed_account(emu: &Emu, owners: &[Desired; 3]) {
    // Vaults first: rules name their target vault.
    for d in owners {
        let vaults_only = Desired {
            plans: BTreeMap::new(),
            ..d.clone()
        };
        emu.seed_in(&vaults_only, testkit::REGION);
    }
    for d in owners {
        let plans_only = Desired {
            stack: d.stack.clone(),
            plans: d.plans.clone(),
            ..Default::default()
        };
        emu.seed_in(&plans_only, testkit::REGION);
    }
}

/// Names and ownership tag of every vault and plan in the emulator.
fn owners(emu: &Emu) -> BTreeMap<String, Option<String>> {
    let state = emu.state();
    let mut out = BTreeMap::new();
    let region = &state["accounts"][ACCOUNT]["regions"][testkit::REGION];
    for (name, v) in region["vaults"].as_object().into_iter().flatten() {
        out.insert(
            format!("vault {name}"),
            v["tags"][STACK_TAG].as_str().map(str::to_string),
        );
    }
    for p in region["plans"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, p)| p)
    {
        if p["deletion_date"].is_null() {
            out.insert(
                format!(
                    "plan {}",
                    p["versions"].as_array().and_then(|v| v.last()).unwrap()["document"]
                        ["BackupPlanName"]
                        .as_str()
                        .unwrap_or_default()
                ),
                p["tags"][STACK_TAG].as_str().map(str::to_string),
            );
        }
    }
    out
}

#[test]
fn import_validate_plan_round_trips_over_random_accounts() {
    let emu = Emu::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("imported.yaml");
    let f = file.to_str().unwrap();
    let mut adopted_total = 0;
    for seed in 0..120u64 {
        emu.admin_post("/__emulator/reset", "");
        let owners_before = account(seed);
        seed_account(&emu, &owners_before);
        let before = owners(&emu);
        assert!(!before.is_empty(), "seed {seed}: nothing seeded");
        emu.reset_counters();

        let (code, _, err) = run(
            &emu,
            &["import", "--stack", STACK, "--adopt", "--force", "-o", f],
        );
        assert_eq!(code, 0, "seed {seed}: import failed:\n{err}");
        assert!(
            !err.contains("would still change"),
            "seed {seed}: import is not faithful:\n{err}"
        );
        // --adopt only ever tags, and only what was untagged.
        let untagged = before.values().filter(|o| o.is_none()).count() as u64;
        let calls = emu.mutating_calls();
        if untagged == 0 {
            assert!(calls.is_empty(), "seed {seed}: {calls:?}");
        } else {
            assert_eq!(
                calls,
                [("TagResource".to_string(), untagged)],
                "seed {seed}"
            );
        }
        adopted_total += untagged;
        let after = owners(&emu);
        for (res, owner) in &before {
            let want = match owner.as_deref() {
                Some("other") => Some("other".to_string()),
                _ => Some(STACK.to_string()),
            };
            assert_eq!(after[res], want, "seed {seed}: {res}");
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (res, owner) in &before {
            let name = res.split_once(' ').unwrap().1;
            assert_eq!(
                text.contains(&format!("- name: {name}\n")),
                owner.as_deref() != Some("other"),
                "seed {seed}: {res} in\n{text}"
            );
        }

        let (code, out, err) = run(&emu, &["validate", "-f", f]);
        assert_eq!(code, 0, "seed {seed}: validate:\n{out}{err}\n{text}");
        let (code, out, err) = run(&emu, &["plan", "-f", f, "--detailed-exitcode"]);
        assert_eq!(
            code, 0,
            "seed {seed}: plan shows changes:\n{out}{err}\n{text}"
        );
        assert!(out.contains("No changes."), "seed {seed}: {out}");
    }
    // The generator really mixes owners (not all managed already).
    assert!(adopted_total > 100, "{adopted_total}");
}

/// One unmanaged vault and plan, one managed by another stack.
fn small_account(emu: &Emu) {
    emu.seed_yaml(
        "version: 1\nstack: other\nvaults: [{name: theirs}]\nplans:\n  - name: their-plan\n    rules: [{name: r, target_vault: theirs}]\n",
    );
    let mut r = Rng(7);
    let mine = Desired {
        stack: String::new(),
        vaults: [("web-vault".to_string(), vault(&mut r, "web-vault".into()))].into(),
        ..Default::default()
    };
    emu.seed_in(&mine, testkit::REGION);
    let mut p = plan(&mut r, "web-daily".into(), &["theirs".to_string()]);
    p.tags.insert("team".into(), "web".into());
    emu.seed_in(
        &Desired {
            stack: String::new(),
            plans: [("web-daily".to_string(), p)].into(),
            ..Default::default()
        },
        testkit::REGION,
    );
}

#[test]
fn without_adopt_it_only_reads_and_says_how_to_take_over() {
    let emu = Emu::start();
    small_account(&emu);
    emu.reset_counters();
    let (code, out, err) = run(&emu, &["import", "--stack", STACK]);
    assert_eq!(code, 0, "{err}");
    assert!(
        emu.mutating_calls().is_empty(),
        "{:?}",
        emu.mutating_calls()
    );
    assert!(out.starts_with("# yaml-language-server: $schema=backupctl.schema.json\n"));
    assert!(out.contains("- name: web-vault\n") && out.contains("- name: web-daily\n"));
    assert!(out.contains("# source: arn:aws:backup:us-east-1:123456789012:backup-vault:web-vault"));
    // The other stack's vault is skipped but, as a rule target, external.
    assert!(!out.contains("- name: theirs") && out.contains("external_vaults:\n- theirs\n"));
    assert!(
        err.contains("skipped vault \"theirs\" belongs to stack \"other\""),
        "{err}"
    );
    assert!(
        err.contains("skipped plan \"their-plan\" belongs to stack \"other\""),
        "{err}"
    );
    assert!(
        err.contains("2 of them are not tagged into stack \"imp\""),
        "{err}"
    );
    // Planning it as is refuses to take the resources over silently.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.yaml");
    std::fs::write(&f, &out).unwrap();
    let (code, _, err) = run(&emu, &["plan", "-f", f.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("pass --adopt"), "{err}");
}

#[test]
fn filters_choose_by_name_and_tag_and_leave_settings_out() {
    let emu = Emu::start();
    small_account(&emu);
    let (code, out, err) = run(&emu, &["import", "--stack", STACK, "--name", "web-v*"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("- name: web-vault\n") && !out.contains("- name: web-daily"));
    assert!(!out.contains("settings:"), "{out}");
    let (code, out, err) = run(&emu, &["import", "--stack", STACK, "--tag", "team=web"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("- name: web-vault") && out.contains("- name: web-daily\n"));
    // Its rule targets a vault not imported, which becomes external.
    assert!(out.contains("external_vaults:\n- theirs\n"), "{out}");
    let (code, out, _) = run(
        &emu,
        &[
            "import",
            "--stack",
            STACK,
            "--tag",
            "team=web",
            "--settings",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.contains("settings:\n"), "{out}");
    let (code, out, _) = run(&emu, &["import", "--stack", STACK, "--name", "nothing-*"]);
    assert_eq!(code, 0);
    assert!(!out.contains("vaults:") && !out.contains("plans:"), "{out}");
}

#[test]
fn refusals_make_no_call() {
    let emu = Emu::start();
    small_account(&emu);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("exists.yaml");
    std::fs::write(&f, "keep me").unwrap();
    emu.reset_counters();
    let (code, _, err) = run(
        &emu,
        &["import", "--stack", STACK, "-o", f.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(err.contains("already exists; pass --force"), "{err}");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "keep me");
    let (code, _, err) = run(&emu, &["import", "--stack", STACK, "--tag", "novalue"]);
    assert_eq!(code, 1, "usage error: {err}");
    assert!(err.contains("expected KEY=VALUE"), "{err}");
    assert!(
        emu.counters().values().all(|n| *n == 0),
        "{:?}",
        emu.counters()
    );
    // A stack name the config cannot hold: nothing written, nothing tagged.
    let (code, out, err) = run(&emu, &["import", "--stack", "bad stack!", "--adopt"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.is_empty());
    assert!(err.contains("does not validate"), "{err}");
    assert!(emu.mutating_calls().is_empty());
}
