//! Issue 11, "the plan is exactly what apply does": saved plans that were
//! edited or made elsewhere, the safety verdict in every plan format,
//! reads that fail, and no verdict beside an error. The real binary against
//! the emulator on 127.0.0.1; each test is named after the failure it
//! prevents.

use serde_json::{json, Value};
use testkit::*;

const SMALL: &str = r#"
version: 1
stack: t
vaults:
  - name: main
  - name: spare
plans:
  - name: p
    rules:
      - {name: r, target_vault: main}
    selections:
      - {name: s, iam_role_arn: "arn:aws:iam::123456789012:role/backup", resources: ["arn:aws:ec2:*:*:volume/a"]}
"#;

/// A config file in a temp dir (kept alive by the returned guard).
fn file(yaml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backupctl.yaml");
    std::fs::write(&path, yaml).unwrap();
    (dir, path)
}

fn unmanaged_neighbours(emu: &Emu) -> String {
    let c = emu.client();
    emu.rt.block_on(async {
        c.create_backup_vault()
            .backup_vault_name("handmade")
            .send()
            .await
            .unwrap();
        let rule = aws_sdk_backup::types::BackupRuleInput::builder()
            .rule_name("r")
            .target_backup_vault_name("handmade")
            .build()
            .unwrap();
        let doc = aws_sdk_backup::types::BackupPlanInput::builder()
            .backup_plan_name("theirs")
            .rules(rule)
            .build()
            .unwrap();
        c.create_backup_plan()
            .backup_plan(doc)
            .send()
            .await
            .unwrap()
            .backup_plan_id
            .unwrap()
    })
}

#[test]
fn a_hand_edited_saved_plan_is_refused_and_changes_nothing() {
    let emu = Emu::start();
    emu.seed_yaml(SMALL);
    let their_plan = unmanaged_neighbours(&emu);
    // The config changes one tag: the saved plan has one update.
    let (_d, cfg) =
        file(&SMALL.replace("  - name: spare\n", "  - name: spare\n    tags: {a: b}\n"));
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("plan.json");
    let mut c = emu.backupctl();
    c.args(["plan", "-f"]).arg(&cfg).arg("--out").arg(&saved);
    assert_eq!(output_of(c).0, 0);
    let mut plan: Value = serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    let state = emu.state();
    let arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:handmade";
    let changes = plan["changes"].as_array_mut().unwrap();
    // Delete an unmanaged plan, re-tag an unmanaged vault and give it an
    // allow-all policy.
    changes.push(json!({
        "action": "delete", "address": {"kind": "plan", "name": "theirs"},
        "live": {"arn": "x", "plan_id": their_plan, "version_id": "v"}
    }));
    changes.push(json!({
        "action": "update", "address": {"kind": "vault", "name": "handmade"},
        "fields": [{"path": "tags.backupctl:stack", "after": "t"},
                   {"path": "access_policy", "after": {"Statement": []}}],
        "desired": {"kind": "vault", "value": {"name": "handmade",
            "tags": {"backupctl:stack": "t"},
            "access_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "backup:*", "Resource": "*"}]}}},
        "live": {"arn": arn}
    }));
    std::fs::write(&saved, serde_json::to_string_pretty(&plan).unwrap()).unwrap();
    emu.reset_counters();
    let mut c = emu.backupctl();
    c.arg("apply").arg(&saved).arg("-f").arg(&cfg);
    let (code, out, err) = output_of(c);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("does not match what the config and the account call for now"),
        "{err}"
    );
    assert!(
        err.contains("- plan.theirs is not part of the current plan"),
        "{err}"
    );
    assert!(
        err.contains("~ vault.handmade is not part of the current plan"),
        "{err}"
    );
    assert_eq!(emu.mutating_calls(), vec![], "{err}");
    assert_eq!(emu.state(), state);
}

#[test]
fn a_saved_plan_for_another_region_names_the_region_not_the_account() {
    let emu = Emu::start();
    let (_d, cfg) = file(SMALL);
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("plan.json");
    let mut c = emu.backupctl();
    c.args(["plan", "-f"]).arg(&cfg).arg("--out").arg(&saved);
    assert_eq!(output_of(c).0, 0);
    let mut c = emu.backupctl();
    c.arg("apply").arg(&saved).arg("-f").arg(&cfg);
    c.args(["--region", "eu-west-1"]);
    let (code, out, err) = output_of(c);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("was made for region us-east-1 but the client uses eu-west-1"),
        "{err}"
    );
    assert!(!err.contains("account changed"), "{err}");
}

#[test]
fn safety_rails_show_in_every_plan_format_not_only_at_apply() {
    let emu = Emu::start();
    emu.seed_yaml(SMALL);
    // Drop vault "spare" and plan "p": both need --allow-destroy.
    let without = "version: 1\nstack: t\nvaults:\n  - name: main\n";
    let plan = plan_json(&emu, without, 2);
    let needs: Vec<(String, String)> = plan["safety"]["needs_flag"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["flag"].as_str().unwrap().into(),
                n["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        needs,
        [
            (
                "--allow-destroy".to_string(),
                "the plan would delete backup plan \"p\", which stops its backups".to_string()
            ),
            (
                "--allow-destroy".to_string(),
                "the plan would delete vault \"spare\"".to_string()
            ),
        ]
    );
    assert_eq!(plan["safety"]["blocked"], json!([]));
    let (code, out, _) = testkit::plan(&emu, without, &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Safety checks (apply's verdict on these changes):"),
        "{out}"
    );
    assert!(
        out.contains("needs --allow-destroy: the plan would delete vault \"spare\""),
        "{out}"
    );
    let (_, md, _) = testkit::plan(&emu, without, &["--format", "markdown"]);
    assert!(
        md.contains("> - needs `--allow-destroy`: the plan would delete backup plan"),
        "{md}"
    );
}

#[test]
fn prevent_destroy_and_recovery_points_make_plan_exit_1_like_terraform() {
    let emu = Emu::start();
    emu.seed_yaml(SMALL);
    emu.admin_post(
        "/__emulator/recovery-points",
        r#"{"vault_name": "spare", "count": 2}"#,
    );
    let without = SMALL.replace("  - name: spare\n", "");
    let (code, out, err) = plan(&emu, &without, &["--format", "json"]);
    assert_eq!(code, 1, "{out}\n{err}");
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        plan["safety"]["blocked"],
        json!(["vault \"spare\" holds 2 recovery point(s); backupctl never deletes a vault with recovery points (delete or move them first)"])
    );
    assert!(
        err.contains("error: vault \"spare\" holds 2 recovery point(s)"),
        "{err}"
    );
    let (_, md, _) = testkit::plan(&emu, &without, &["--format", "markdown"]);
    assert!(
        md.contains("> [!CAUTION]\n> **Apply will refuse this plan:**"),
        "{md}"
    );
    // A new key replaces the vault: refused for a prevent_destroy vault.
    let guarded = SMALL.replace(
        "  - name: main\n",
        "  - name: main\n    prevent_destroy: true\n    encryption_key_arn: arn:aws:kms:us-east-1:123456789012:key/other\n",
    );
    let (code, out, err) = testkit::plan(&emu, &guarded, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        out.contains("blocked: vault \"main\" has prevent_destroy: true"),
        "{out}"
    );
}

#[test]
fn deleting_a_backup_plan_without_allow_destroy_is_refused() {
    let emu = Emu::start();
    emu.seed_yaml(SMALL);
    let without = "version: 1\nstack: t\nvaults:\n  - name: main\n  - name: spare\n";
    emu.reset_counters();
    let (code, out, err) = with_config(&emu, "apply", without, &["--auto-approve"]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("pass --allow-destroy to allow it"), "{err}");
    assert_eq!(emu.mutating_calls(), vec![]);
    let (code, _, err) = with_config(
        &emu,
        "apply",
        without,
        &["--auto-approve", "--allow-destroy"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        emu.mutating_calls(),
        vec![
            ("DeleteBackupPlan".to_string(), 1),
            ("DeleteBackupSelection".to_string(), 1)
        ]
    );
}

#[test]
fn an_access_denied_policy_read_fails_instead_of_reading_as_none() {
    let emu = Emu::start();
    emu.seed_yaml(SMALL);
    for (op, cmd) in [
        ("GetBackupVaultAccessPolicy", "plan"),
        ("GetBackupVaultNotifications", "drift"),
    ] {
        emu.fail_next(op, "AccessDeniedException");
        let (code, out, err) = with_config(&emu, cmd, SMALL, &[]);
        assert_eq!(code, 1, "{cmd}: {out}\n{err}");
        assert!(err.contains(op), "{err}");
        assert!(err.contains("(vault \""), "{err}");
        assert!(
            !out.contains("No changes") && !out.contains("No drift"),
            "{out}"
        );
    }
}

#[test]
fn no_changes_or_no_drift_is_never_printed_next_to_an_error() {
    let emu = Emu::start();
    emu.seed_yaml(SMALL);
    // A vault of the config exists but is not managed: an error, no verdict.
    let c = emu.client();
    emu.rt.block_on(async {
        c.create_backup_vault()
            .backup_vault_name("loose")
            .send()
            .await
            .unwrap();
    });
    let with_loose = SMALL.replace("  - name: spare\n", "  - name: spare\n  - name: loose\n");
    let (code, out, err) = plan(&emu, &with_loose, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(!out.contains("No changes"), "{out}");
    assert!(
        out.contains("No plan: fix the errors below first."),
        "{out}"
    );
    assert!(
        out.contains("Plan failed: 1 error(s); nothing can be applied."),
        "{out}"
    );
    assert!(!out.contains("Plan: 0 to add"), "{out}");
    let (code, out, err) = with_config(&emu, "drift", &with_loose, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(!out.contains("No drift"), "{out}");
    assert!(out.contains("No verdict"), "{out}");
    let (_, md, _) = with_config(&emu, "drift", &with_loose, &["--format", "markdown"]);
    assert!(
        md.contains("**No verdict: the errors below must be fixed first.**"),
        "{md}"
    );
}
