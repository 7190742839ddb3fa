//! `backupctl apply` end to end: the real binary against the emulator on
//! 127.0.0.1. Each scenario applies, then checks the emulator's state, the
//! API calls made (its counters) and that a `plan` of the same config right
//! after shows no changes (convergence).

use std::collections::BTreeMap;
use std::path::Path;

use testkit::{Emu, ACCOUNT, BASE, REGION};

pub(crate) mod harness;

use harness::*;

#[test]
fn every_example_applies_and_converges() {
    let examples: Vec<(&str, Vec<std::path::PathBuf>)> = vec![
        ("quickstart", vec!["examples/quickstart.yaml".into()]),
        ("production", vec!["examples/production.yaml".into()]),
        ("air-gapped", vec!["examples/air-gapped.yaml".into()]),
        ("multi-file", vec!["examples/multi-file".into()]),
    ];
    // A fresh account: no external vault is created first (an account
    // used through the API has no `Default` vault either).
    for (name, files) in examples {
        let emu = Emu::start();
        let d = testkit::desired_from_files(&files);
        let region = d.region.clone().unwrap_or_else(|| REGION.to_string());
        let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
        let args = ["--auto-approve", "--region", region.as_str()];
        let (code, out, err) = run(&emu, "apply", &paths, &args, &[]);
        assert_eq!(code, 0, "{name}: {out}\n{err}");
        assert!(out.contains("Apply complete!"), "{name}: {out}");
        let (code, out, err) = run(
            &emu,
            "plan",
            &paths,
            &["--detailed-exitcode", "--region", &region],
            &[],
        );
        assert_eq!(code, 0, "{name} not converged: {out}\n{err}");
        assert!(out.contains("No changes."), "{name}: {out}");
        // Every declared vault and plan exists once.
        let state = emu.state();
        let rs = &state["accounts"][ACCOUNT]["regions"][region.as_str()];
        for v in d.vaults.keys() {
            assert!(rs["vaults"][v].is_object(), "{name}: vault {v} missing");
        }
        let plans = rs["plans"].as_object().map_or(0, |p| p.len());
        assert_eq!(plans, d.plans.len(), "{name}");
    }
}

#[test]
fn every_kind_of_update_applies_and_converges() {
    let emu = Emu::start();
    let (code, out, err) = apply(&emu, BASE, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_converged(&emu, BASE);
    let before = region_state(&emu);
    let old_sel: Vec<String> = before["plans"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()["selections"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();

    emu.reset_counters();
    let changed = changed_base();
    let (code, out, err) = apply(&emu, &changed, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("Apply complete! 0 added, 3 changed, 1 replaced, 0 destroyed."),
        "{out}"
    );
    assert_converged(&emu, &changed);
    let c = emu.counters();
    assert_eq!(c.get("DeleteBackupSelection"), Some(&1));
    assert_eq!(c.get("CreateBackupSelection"), Some(&1));
    assert_eq!(c.get("UpdateBackupPlan"), Some(&1));
    assert_eq!(c.get("PutBackupVaultNotifications"), Some(&1));
    assert_eq!(c.get("PutBackupVaultLockConfiguration"), Some(&1));
    assert_eq!(c.get("CreateBackupVault").copied().unwrap_or(0), 0);
    assert_eq!(c.get("CreateBackupPlan").copied().unwrap_or(0), 0);
    // Tags changed by difference only: main gains owner and changes team; plan changes env.
    assert_eq!(c.get("TagResource"), Some(&2));
    assert_eq!(c.get("UntagResource").copied().unwrap_or(0), 0);

    let after = region_state(&emu);
    assert_eq!(after["vaults"]["main"]["tags"]["team"], "b");
    assert_eq!(after["vaults"]["main"]["tags"]["owner"], "ops");
    assert_eq!(after["vaults"]["main"]["tags"]["backupctl:stack"], "t");
    let plan = after["plans"].as_object().unwrap().values().next().unwrap();
    let new_sel: Vec<String> = plan["selections"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(new_sel.len(), 1);
    assert_ne!(new_sel, old_sel, "the selection was replaced: new id");
    assert_eq!(plan["tags"]["env"], "prod");

    // Removals: tags, policy, notifications, lock, a selection, a rule.
    emu.reset_counters();
    let stripped = changed
        .replace("    tags: {team: b, owner: ops}\n", "")
        .replace("    lock: {min_retention_days: 7}\n", "");
    let stripped = remove_block(&stripped, "    access_policy:", "    notifications:");
    let stripped = remove_block(&stripped, "    notifications:", "  - name: second");
    let stripped = remove_block(&stripped, "      - name: r2", "    selections:");
    let (code, out, err) = apply(&emu, &stripped, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_converged(&emu, &stripped);
    let c = emu.counters();
    assert_eq!(c.get("DeleteBackupVaultAccessPolicy"), Some(&1));
    assert_eq!(c.get("DeleteBackupVaultNotifications"), Some(&1));
    assert_eq!(c.get("DeleteBackupVaultLockConfiguration"), Some(&1));
    assert_eq!(c.get("UntagResource"), Some(&1));
    let after = region_state(&emu);
    assert!(after["vaults"]["main"]["access_policy"].is_null());
    assert!(after["vaults"]["main"]["notifications"].is_null());
    assert!(after["vaults"]["second"]["lock"].is_null());
    assert!(after["vaults"]["main"]["tags"]["team"].is_null());
}

const TWO_VAULTS: &str = "version: 1\nstack: t\nvaults:\n  - name: keep\n  - name: drop\n";
const ONE_VAULT: &str = "version: 1\nstack: t\nvaults:\n  - name: keep\n";

#[test]
fn deleting_a_vault_needs_allow_destroy_and_no_recovery_points() {
    let emu = Emu::start();
    assert_eq!(apply(&emu, TWO_VAULTS, &[]).0, 0);
    emu.reset_counters();
    let (code, out, err) = apply(&emu, ONE_VAULT, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("pass --allow-destroy"), "{err}");
    assert!(err.contains("Nothing was changed."), "{err}");
    assert_eq!(emu.mutating_calls(), vec![]);
    assert_eq!(vault_names(&emu), ["drop", "keep"]);

    // Recovery points block it even with --allow-destroy.
    emu.admin_post(
        "/__emulator/recovery-points",
        r#"{"vault_name":"drop","count":2}"#,
    );
    let (code, _, err) = apply(&emu, ONE_VAULT, &["--allow-destroy", "--force"]);
    assert_eq!(code, 1);
    assert!(err.contains("holds 2 recovery point(s)"), "{err}");
    assert_eq!(emu.mutating_calls(), vec![]);

    let emu = Emu::start();
    assert_eq!(apply(&emu, TWO_VAULTS, &[]).0, 0);
    let (code, out, err) = apply(&emu, ONE_VAULT, &["--allow-destroy"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("1 destroyed"), "{out}");
    assert_eq!(vault_names(&emu), ["keep"]);
    assert_converged(&emu, ONE_VAULT);
}

#[test]
fn prevent_destroy_refuses_a_replace_whatever_the_flags() {
    let emu = Emu::start();
    let cfg = "version: 1\nstack: t\nvaults:\n  - name: keep\n    prevent_destroy: true\n";
    assert_eq!(apply(&emu, cfg, &[]).0, 0);
    let rekeyed = format!(
        "{cfg}    encryption_key_arn: arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555\n"
    );
    emu.reset_counters();
    let (code, _, err) = apply(&emu, &rekeyed, &["--allow-destroy", "--force"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("prevent_destroy"), "{err}");
    assert_eq!(emu.mutating_calls(), vec![]);
}

#[test]
fn plans_and_selections_are_deleted_in_order_and_unmanaged_ones_untouched() {
    let emu = Emu::start();
    // Unmanaged neighbours: one untagged, one of another stack.
    let other = BASE
        .replace("stack: t", "stack: other")
        .replace("name: main", "name: other-main")
        .replace("name: second", "name: other-second")
        .replace("name: p\n", "name: other-p\n")
        .replace("target_vault: main", "target_vault: other-main")
        .replace("target_vault: second", "target_vault: other-second");
    emu.seed_yaml(&other);
    let client = emu.client();
    emu.rt.block_on(async {
        client
            .create_backup_vault()
            .backup_vault_name("hand-made")
            .send()
            .await
            .unwrap();
    });
    let before = region_state(&emu);
    assert_eq!(apply(&emu, BASE, &[]).0, 0);
    let (code, out, err) = apply(&emu, "version: 1\nstack: t\n", &["--allow-destroy"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("0 added, 0 changed, 0 replaced, 4 destroyed."),
        "{out}"
    );
    // Only the neighbours are left, exactly as they were.
    assert_eq!(region_state(&emu)["vaults"], before["vaults"]);
    let after = region_state(&emu);
    let live: Vec<_> = after["plans"]
        .as_object()
        .unwrap()
        .values()
        .filter(|p| p["deletion_date"].is_null())
        .cloned()
        .collect();
    let seeded: Vec<_> = before["plans"]
        .as_object()
        .unwrap()
        .values()
        .cloned()
        .collect();
    assert_eq!(live, seeded);
    assert_converged(&emu, "version: 1\nstack: t\n");
}

#[test]
fn more_than_30_percent_needs_force() {
    let emu = Emu::start();
    let mut cfg = String::from("version: 1\nstack: t\nvaults:\n");
    for i in 0..10 {
        cfg.push_str(&format!("  - name: v{i}\n    tags: {{n: \"1\"}}\n"));
    }
    assert_eq!(apply(&emu, &cfg, &[]).0, 0);
    let four = cfg.replacen("n: \"1\"", "n: \"2\"", 4);
    emu.reset_counters();
    let (code, _, err) = apply(&emu, &four, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("4 of 10 managed resources (40%)"), "{err}");
    assert_eq!(emu.mutating_calls(), vec![]);
    let (code, out, err) = apply(&emu, &four, &["--force"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_converged(&emu, &four);
    // Three of ten (30%) passes without --force.
    let three = four.replacen("n: \"2\"", "n: \"3\"", 3);
    assert_eq!(apply(&emu, &three, &[]).0, 0);
}

#[test]
fn a_saved_plan_applies_only_while_fresh() {
    let emu = Emu::start();
    let cfg = Cfg::new(ONE_VAULT);
    let plan_file = cfg.0.path().join("plan.json");
    let pf = plan_file.to_str().unwrap();
    let (code, _, err) = run(&emu, "plan", &[&cfg.path()], &["--out", pf], &[]);
    assert_eq!(code, 0, "{err}");
    // The account changes out of band where the plan looks: stale.
    let client = emu.client();
    emu.rt.block_on(async {
        client
            .create_backup_vault()
            .backup_vault_name("keep")
            .send()
            .await
            .unwrap();
    });
    emu.reset_counters();
    let (code, _, err) = run(&emu, "apply", &[&cfg.path()], &[pf], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("stale plan: the account changed"), "{err}");
    assert_eq!(emu.mutating_calls(), vec![]);
    emu.rt.block_on(async {
        client
            .delete_backup_vault()
            .backup_vault_name("keep")
            .send()
            .await
            .unwrap();
    });
    emu.reset_counters();
    // A fresh plan, then the config changes: stale too.
    assert_eq!(run(&emu, "plan", &[&cfg.path()], &["--out", pf], &[]).0, 0);
    cfg.set(TWO_VAULTS);
    let (code, _, err) = run(&emu, "apply", &[&cfg.path()], &[pf], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("stale plan: the config changed"), "{err}");
    assert_eq!(emu.mutating_calls(), vec![]);
    // Fresh again: applies exactly, without a prompt, and converges, even
    // though someone created a vault the config does not name meanwhile.
    cfg.set(ONE_VAULT);
    emu.rt.block_on(async {
        client
            .create_backup_vault()
            .backup_vault_name("sneaky")
            .send()
            .await
            .unwrap();
    });
    let (code, out, err) = run(&emu, "apply", &[&cfg.path()], &[pf], &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(vault_names(&emu), ["keep", "sneaky"]);
    assert_converged(&emu, ONE_VAULT);
}

#[test]
fn without_a_terminal_auto_approve_is_required() {
    let emu = Emu::start();
    let cfg = Cfg::new(ONE_VAULT);
    emu.reset_counters();
    let (code, _, err) = run(&emu, "apply", &[&cfg.path()], &[], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("pass --auto-approve"), "{err}");
    assert_eq!(emu.mutating_calls(), vec![]);
    assert!(vault_names(&emu).is_empty());
}

#[test]
fn a_failed_call_is_reported_and_a_rerun_converges_without_duplicates() {
    for (op, n) in [
        ("CreateBackupSelection", 1),
        ("CreateBackupPlan", 1),
        ("PutBackupVaultAccessPolicy", 1),
    ] {
        let emu = Emu::start();
        emu.admin_put(
            "/__emulator/config",
            &format!(r#"{{"fail_nth":{{"operation":"{op}","n":{n},"error":"InvalidParameterValueException"}}}}"#),
        );
        let (code, out, err) = apply(&emu, BASE, &[]);
        assert_eq!(code, 1, "{op}: {out}\n{err}");
        assert!(err.contains("Apply failed:"), "{op}: {err}");
        assert!(err.contains("Failed:\n"), "{op}: {err}");
        assert!(
            err.contains("InvalidParameterValueException"),
            "{op}: {err}"
        );
        if op != "CreateBackupSelection" {
            assert!(err.contains("Not attempted"), "{op}: {err}");
        }
        let (code, out, err) = apply(&emu, BASE, &[]);
        assert_eq!(code, 0, "{op} rerun: {out}\n{err}");
        assert_converged(&emu, BASE);
        assert_eq!(
            live_plans(&emu),
            BTreeMap::from([("p".to_string(), vec![1])]),
            "{op}"
        );
        assert_eq!(vault_names(&emu), ["main", "second"]);
    }
}

#[test]
fn a_lost_create_response_never_makes_a_duplicate() {
    // The connection drops after the request: the SDK retries with the same
    // CreatorRequestId and the emulator answers with what it already made,
    // or the call fails and the rerun finds the resource.
    let emu = Emu::start();
    emu.admin_put(
        "/__emulator/config",
        r#"{"fail_nth":{"operation":"CreateBackupPlan","n":1,"error":"drop"}}"#,
    );
    let (code, out, err) = apply(&emu, BASE, &[]);
    if code != 0 {
        assert_eq!(apply(&emu, BASE, &[]).0, 0, "{out}\n{err}");
    }
    assert_converged(&emu, BASE);
    assert_eq!(
        live_plans(&emu),
        BTreeMap::from([("p".to_string(), vec![1])])
    );
}

#[test]
fn a_killed_apply_reruns_to_convergence_without_duplicates() {
    let emu = Emu::start();
    let mut cfg = String::from("version: 1\nstack: t\nvaults:\n  - name: vv\nplans:\n");
    for i in 0..12 {
        cfg.push_str(&format!(
            "  - name: p{i}\n    rules:\n      - {{name: r, target_vault: vv, schedule: \"cron(0 {i} ? * * *)\"}}\n    selections:\n      - {{name: s, iam_role_arn: \"arn:aws:iam::123456789012:role/b\", resources: [\"arn:aws:ec2:*:*:volume/v{i}\"]}}\n"
        ));
    }
    let file = Cfg::new(&cfg);
    emu.set_latency(150);
    let mut child = emu
        .backupctl_std()
        .args(["apply", "--auto-approve", "--concurrency", "2", "-f"])
        .arg(file.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some plans exist but not all selections.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while count(&emu, "CreateBackupPlan") < 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "apply made no progress"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        live_plans(&emu).len() < 12,
        "killed too late to test anything"
    );
    emu.set_latency(0);
    let (code, out, err) = run(&emu, "apply", &[&file.path()], &["--auto-approve"], &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_converged(&emu, &cfg);
    let plans = live_plans(&emu);
    assert_eq!(plans.len(), 12);
    assert!(plans.values().all(|v| v == &vec![1]), "{plans:?}");
}

#[test]
fn thirty_percent_throttling_still_converges() {
    let emu = Emu::start();
    let mut cfg = String::from("version: 1\nstack: t\nvaults:\n");
    for i in 0..8 {
        cfg.push_str(&format!("  - name: v{i}\n    tags: {{k: \"{i}\"}}\n"));
    }
    cfg.push_str("plans:\n");
    for i in 0..6 {
        cfg.push_str(&format!(
            "  - name: p{i}\n    rules:\n      - {{name: r, target_vault: v{i}}}\n    selections:\n      - {{name: s, iam_role_arn: \"arn:aws:iam::123456789012:role/b\", resources: [\"arn:aws:ec2:*:*:volume/v{i}\"]}}\n"
        ));
    }
    emu.admin_put(
        "/__emulator/config",
        r#"{"faults":{"seed":7,"throttle_rate":0.3}}"#,
    );
    let file = Cfg::new(&cfg);
    let env = [("AWS_RETRY_MODE", "standard")];
    let (code, out, err) = run(
        &emu,
        "apply",
        &[&file.path()],
        &["--auto-approve", "--max-attempts", "10"],
        &env,
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(emu.counters().values().sum::<u64>() > 0);
    let (code, out, err) = run(
        &emu,
        "plan",
        &[&file.path()],
        &["--detailed-exitcode", "--max-attempts", "10"],
        &env,
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(live_plans(&emu).len(), 6);
    assert_eq!(vault_names(&emu).len(), 8);
}

#[test]
fn a_plan_deleted_and_declared_again_is_created_anew() {
    let emu = Emu::start();
    let with_plan = BASE;
    let without = remove_block(BASE, "plans:", "zzz");
    assert_eq!(apply(&emu, with_plan, &[]).0, 0);
    let first_id = region_state(&emu)["plans"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    // Deleting a backup plan stops its backups: it needs --allow-destroy.
    let (code, out, err) = apply(&emu, &without, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("delete backup plan \"p\", which stops its backups; pass --allow-destroy"),
        "{err}"
    );
    assert_eq!(live_plans(&emu).len(), 1);
    let (code, out, err) = apply(&emu, &without, &["--allow-destroy"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let (code, out, err) = apply(&emu, with_plan, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_converged(&emu, with_plan);
    let state = region_state(&emu);
    let live: Vec<&String> = state["plans"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, p)| p["deletion_date"].is_null())
        .map(|(id, _)| id)
        .collect();
    assert_eq!(live.len(), 1);
    assert_ne!(live[0], &first_id);
    assert_eq!(
        live_plans(&emu),
        BTreeMap::from([("p".to_string(), vec![1])])
    );
}
