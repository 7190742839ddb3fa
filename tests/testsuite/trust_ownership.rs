//! Issue 11, "apply never touches what it does not own": Vault Lock modes
//! and dates, handing a vault over, duplicate selections and plans, other
//! stacks in drift, KMS aliases. The real binary against the emulator on
//! 127.0.0.1; each test is named after the failure it prevents.

use std::collections::HashMap;

use serde_json::Value;
use testkit::*;

fn lock_yaml(lock: &str) -> String {
    format!("version: 1\nstack: t\nvaults:\n  - name: vl\n    lock: {lock}\n")
}

fn apply_ok(emu: &Emu, yaml: &str, args: &[&str]) -> String {
    let mut a = vec!["--auto-approve"];
    a.extend_from_slice(args);
    let (code, out, err) = with_config(emu, "apply", yaml, &a);
    assert_eq!(code, 0, "{out}\n{err}");
    out
}

fn region(emu: &Emu) -> Value {
    emu.state()["accounts"][ACCOUNT]["regions"][REGION].clone()
}

/// Rewrite the emulator's state with `edit`.
fn edit_state(emu: &Emu, edit: impl FnOnce(&mut Value)) {
    let mut s = emu.state();
    edit(&mut s["accounts"][ACCOUNT]["regions"][REGION]);
    emu.admin_put("/__emulator/state", &s.to_string());
}

#[test]
fn adding_changeable_for_days_to_a_governance_lock_is_planned_and_drifts() {
    let emu = Emu::start();
    apply_ok(&emu, &lock_yaml("{min_retention_days: 7}"), &[]);
    let compliance = lock_yaml("{min_retention_days: 7, changeable_for_days: 3}");
    let plan = plan_json(&emu, &compliance, 2);
    let (c, f) = only_change_fields(&plan);
    assert_eq!(c, "~ vault.vl");
    assert_eq!(f, ["lock.mode", "lock.lock_date"]);
    let (code, out, _) = with_config(&emu, "drift", &compliance, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("lock.mode: live \"governance\", config \"compliance\""),
        "{out}"
    );
    apply_ok(&emu, &compliance, &[]);
    assert!(region(&emu)["vaults"]["vl"]["lock"]["lock_date"].is_number());
    // Removing it during the grace period goes back to governance mode.
    let governance = lock_yaml("{min_retention_days: 7}");
    let (_, f) = only_change_fields(&plan_json(&emu, &governance, 2));
    assert_eq!(f, ["lock.mode", "lock.lock_date"]);
    apply_ok(&emu, &governance, &[]);
    assert!(region(&emu)["vaults"]["vl"]["lock"]["lock_date"].is_null());
    assert!(changes(&plan_json(&emu, &governance, 0)).is_empty());
}

#[test]
fn a_nightly_apply_never_postpones_a_compliance_lock() {
    let emu = Emu::start();
    let yaml = lock_yaml("{changeable_for_days: 3}");
    apply_ok(&emu, &yaml, &[]);
    let date = region(&emu)["vaults"]["vl"]["lock"]["lock_date"].clone();
    assert!(date.is_number());
    emu.reset_counters();
    let out = apply_ok(&emu, &yaml, &[]);
    assert!(out.contains("No changes."), "{out}");
    assert_eq!(emu.mutating_calls(), vec![]);
    assert_eq!(region(&emu)["vaults"]["vl"]["lock"]["lock_date"], date);
}

#[test]
fn a_lock_past_its_lock_date_is_a_plan_error_naming_the_date() {
    let emu = Emu::start();
    apply_ok(
        &emu,
        &lock_yaml("{min_retention_days: 7, changeable_for_days: 3}"),
        &[],
    );
    // The grace period ends (2020-01-01T00:00:00Z).
    edit_state(&emu, |r| {
        r["vaults"]["vl"]["lock"]["lock_date"] = 1577836800.0.into();
    });
    let changed = lock_yaml("{min_retention_days: 14, changeable_for_days: 3}");
    emu.reset_counters();
    let (code, out, err) = with_config(&emu, "apply", &changed, &["--auto-approve"]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains(
            "immutable since 2020-01-01T00:00:00Z; the config differs (lock.min_retention_days)"
        ),
        "{err}"
    );
    assert_eq!(emu.mutating_calls(), vec![]);
    let (code, out, _) = plan(&emu, &changed, &[]);
    assert_eq!(code, 1);
    assert!(out.contains("Plan failed"), "{out}");
}

#[test]
fn moving_a_vault_to_external_vaults_releases_it_instead_of_deleting_it() {
    let emu = Emu::start();
    let before = "version: 1\nstack: t\nvaults:\n  - name: main\n  - name: shared\nplans:\n  - name: p\n    rules:\n      - {name: r, target_vault: shared}\n";
    apply_ok(&emu, before, &[]);
    let after = "version: 1\nstack: t\nvaults:\n  - name: main\nexternal_vaults: [shared]\nplans:\n  - name: p\n    rules:\n      - {name: r, target_vault: shared}\n";
    let (code, out, _) = plan(&emu, after, &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains("# vault.shared will be released from this stack"),
        "{out}"
    );
    assert!(out.contains("0 to destroy"), "{out}");
    emu.reset_counters();
    apply_ok(&emu, after, &["--allow-destroy"]);
    assert_eq!(emu.mutating_calls(), vec![("UntagResource".to_string(), 1)]);
    let shared = &region(&emu)["vaults"]["shared"];
    assert!(shared.is_object(), "the vault must still exist");
    assert!(shared["tags"].get("backupctl:stack").is_none(), "{shared}");
    assert!(changes(&plan_json(&emu, after, 0)).is_empty());
}

/// Create a selection named `name` in the plan named `plan` out of band.
fn add_selection(emu: &Emu, plan: &str, name: &str, resource: &str) -> String {
    let c = emu.client();
    let id = region(emu)["plans"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, p)| {
            p["versions"].as_array().unwrap().last().unwrap()["document"]["BackupPlanName"] == plan
        })
        .map(|(id, _)| id.clone())
        .unwrap();
    emu.rt.block_on(async {
        let sel = aws_sdk_backup::types::BackupSelection::builder()
            .selection_name(name)
            .iam_role_arn("arn:aws:iam::123456789012:role/foreign")
            .resources(resource)
            .build()
            .unwrap();
        c.create_backup_selection()
            .backup_plan_id(&id)
            .backup_selection(sel)
            .send()
            .await
            .unwrap()
            .selection_id
            .unwrap()
    })
}

const WITH_SELECTION: &str = "version: 1\nstack: t\nvaults:\n  - name: main\nplans:\n  - name: p\n    rules:\n      - {name: r, target_vault: main}\n    selections:\n      - {name: s, iam_role_arn: \"arn:aws:iam::123456789012:role/backup\", resources: [\"arn:aws:ec2:*:*:volume/a\"]}\n";

#[test]
fn a_second_selection_with_the_same_name_is_drift_and_deleted_with_its_plan() {
    let emu = Emu::start();
    apply_ok(&emu, WITH_SELECTION, &[]);
    let sid = add_selection(&emu, "p", "s", "*");
    let plan = plan_json(&emu, WITH_SELECTION, 2);
    let got = changes(&plan);
    assert_eq!(got.len(), 1, "{plan:#}");
    assert!(got[0].1.starts_with("plan.p.selection.s["), "{got:?}");
    assert_eq!(plan["changes"][0]["live"]["selection_id"], sid.as_str());
    let (code, out, _) = with_config(&emu, "drift", WITH_SELECTION, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(&format!("- plan.p.selection.s[{sid}]")),
        "{out}"
    );
    // Removing the plan removes both selections, then the plan.
    let without = "version: 1\nstack: t\nvaults:\n  - name: main\n";
    emu.reset_counters();
    apply_ok(&emu, without, &["--allow-destroy"]);
    assert_eq!(
        emu.mutating_calls(),
        vec![
            ("DeleteBackupPlan".to_string(), 1),
            ("DeleteBackupSelection".to_string(), 2)
        ]
    );
}

/// Live (not deleted) plans named `name`: id -> CreatorRequestId.
fn plans_named(emu: &Emu, name: &str) -> HashMap<String, String> {
    region(emu)["plans"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, p)| p["deletion_date"].is_null())
        .filter(|(_, p)| {
            p["versions"].as_array().unwrap().last().unwrap()["document"]["BackupPlanName"] == name
        })
        .map(|(id, p)| {
            (
                id.clone(),
                p["creator_request_id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn duplicate_plans_left_by_concurrent_applies_converge_to_the_oldest() {
    let emu = Emu::start();
    apply_ok(&emu, WITH_SELECTION, &[]);
    let first: Vec<String> = plans_named(&emu, "p").into_keys().collect();
    // Another apply of another config version created a second "p".
    let newer = WITH_SELECTION.replace(
        "{name: r, target_vault: main}",
        "{name: r, target_vault: main, start_window_minutes: 120}",
    );
    edit_state(&emu, |r| {
        let mut copy = r["plans"][&first[0]].clone();
        copy["id"] = "ffffffff-0000-0000-0000-000000000002".into();
        copy["creator_request_id"] = "bctl-from-a-concurrent-apply".into();
        copy["creation_date"] = (copy["creation_date"].as_f64().unwrap() + 5.0).into();
        copy["selections"] = serde_json::json!({});
        r["plans"]["ffffffff-0000-0000-0000-000000000002"] = copy;
    });
    assert_eq!(plans_named(&emu, "p").len(), 2);
    let (code, out, err) = plan(&emu, &newer, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("left by concurrent applies of this stack; the oldest copy"),
        "{out}"
    );
    // No --allow-destroy: a copy stays, so no backups stop.
    apply_ok(&emu, &newer, &[]);
    assert_eq!(
        plans_named(&emu, "p").into_keys().collect::<Vec<_>>(),
        first
    );
    assert!(changes(&plan_json(&emu, &newer, 0)).is_empty());
}

#[test]
fn two_concurrent_applies_of_different_versions_end_with_one_plan() {
    let emu = Emu::start();
    emu.set_latency(60);
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.yaml");
    let b = dir.path().join("b.yaml");
    std::fs::write(&a, WITH_SELECTION).unwrap();
    // Different plan documents (so different CreatorRequestIds) and
    // different selections.
    let v2 = WITH_SELECTION.replace("volume/a", "volume/b").replace(
        "target_vault: main}",
        "target_vault: main, start_window_minutes: 120}",
    );
    std::fs::write(&b, &v2).unwrap();
    let spawn = |f: &std::path::Path| {
        let mut c = emu.backupctl_std();
        c.arg("apply").arg("-f").arg(f).arg("--auto-approve");
        c.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        c.spawn().unwrap()
    };
    let (mut x, mut y) = (spawn(&a), spawn(&b));
    assert!(x.wait().unwrap().success() && y.wait().unwrap().success());
    emu.set_latency(0);
    // With 60 ms per call both observe before either creates, so each
    // creates its own "p" (two plans were seen in every trial run).
    // Whatever the interleaving, the next apply leaves one plan "p".
    apply_ok(&emu, &v2, &[]);
    assert_eq!(plans_named(&emu, "p").len(), 1);
    assert!(changes(&plan_json(&emu, &v2, 0)).is_empty());
}

#[test]
fn another_stacks_resources_are_not_unmanaged_drift() {
    let emu = Emu::start();
    emu.seed_yaml("version: 1\nstack: someone-else\nvaults:\n  - name: theirs\n");
    let ours = "version: 1\nstack: t\nvaults:\n  - name: main\n";
    apply_ok(&emu, ours, &[]);
    let (code, out, err) = with_config(&emu, "drift", ours, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("No drift"), "{out}");
    assert!(
        out.contains("Not drift: 1 resource(s) of other stacks."),
        "{out}"
    );
    assert!(!out.contains("Unmanaged"), "{out}");
    let (_, json, _) = with_config(&emu, "drift", ours, &["--format", "json"]);
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["other_stacks"]["vault.theirs"], "someone-else");
    assert_eq!(report["unmanaged"], serde_json::json!([]));
}

#[test]
fn a_kms_alias_is_refused_offline_instead_of_replacing_the_vault_every_plan() {
    let yaml = "version: 1\nstack: t\nvaults:\n  - name: v\n    encryption_key_arn: arn:aws:kms:us-east-1:123456789012:alias/backup\n";
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("backupctl.yaml");
    std::fs::write(&f, yaml).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_backupctl"))
        .arg("validate")
        .arg("-f")
        .arg(&f)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("backupctl.yaml:5:25"), "{err}");
    assert!(
        err.contains("encryption_key_arn is a KMS alias (alias/backup)"),
        "{err}"
    );
    assert!(
        err.contains("aws kms describe-key --key-id alias/backup"),
        "{err}"
    );
}

#[test]
fn aws_created_vaults_are_not_unmanaged_drift_and_do_not_break_import() {
    let emu = Emu::start();
    emu.admin_post(
        "/__emulator/aws-vaults",
        r#"{"name": "aws/efs/automatic-backup-vault", "recovery_points": 2}"#,
    );
    let ours = "version: 1\nstack: t\nvaults:\n  - name: main\n";
    apply_ok(&emu, ours, &[]);
    let (code, out, err) = with_config(&emu, "drift", ours, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("No drift"), "{out}");
    assert!(!out.contains("aws/efs"), "{out}");
    let (code, out, _) = with_config(&emu, "drift", ours, &["--include-aws-created"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Created by AWS (cannot be managed, not drift):\n  vault.aws/efs/automatic-backup-vault"), "{out}");
    let (code, out, _) = plan(&emu, ours, &["--detailed-exitcode"]);
    assert_eq!(code, 0, "{out}");
    // Import skips it (a name the config cannot hold) and still validates.
    emu.reset_counters();
    let (code, yaml, err) = run(&emu, &["import", "--stack", "imp"]);
    assert_eq!(code, 0, "{err}");
    assert!(!yaml.contains("aws/efs"), "{yaml}");
    assert!(
        err.contains("1 vault(s) created by AWS itself left out"),
        "{err}"
    );
    // AWS's own vault is not even asked for its tags.
    let tags = emu
        .calls()
        .into_iter()
        .find(|(op, _)| op == "ListTags")
        .map(|c| c.1);
    assert_eq!(tags, Some(1), "only vault main is tagged-checked");
    let (_, _, err) = run(&emu, &["import", "--stack", "imp", "--include-aws-created"]);
    assert!(
        err.contains("vault \"aws/efs/automatic-backup-vault\" was created by AWS itself"),
        "{err}"
    );
}
