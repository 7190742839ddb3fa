//! `backupctl import` against the emulator: the round trip import →
//! validate → plan shows no changes over 120 randomized account states
//! (unmanaged, managed and other-stack resources mixed, written through the
//! real aws-sdk-backup client), filters, `--adopt` making only TagResource
//! calls, other stacks left alone, and the refusals (existing output file,
//! bad arguments) that make no call at all.

use std::collections::BTreeMap;

use backupctl::model::{Desired, STACK_TAG};
use testkit::{run, Emu, ACCOUNT};

mod random_account;

use random_account::{account, plan, vault, Rng};

const STACK: &str = "imp";

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
