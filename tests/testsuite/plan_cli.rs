//! `backupctl plan` as a command: ownership and adoption, the account and
//! region guards, exit codes, the saved plan, `--emulator`, colour, Markdown,
//! one-line errors and API call counts — the real binary against the
//! emulator on 127.0.0.1.

use std::path::PathBuf;

use testkit::*;

const FOREIGN: &str = r#"
version: 1
stack: someone-else
vaults:
  - name: theirs
plans:
  - name: their-plan
    rules:
      - {name: r, target_vault: theirs}
"#;

#[test]
fn unmanaged_resources_are_reported_never_updated_or_deleted() {
    let emu = seeded();
    emu.seed_yaml(FOREIGN);
    let c = emu.client();
    emu.rt.block_on(async {
        c.create_backup_vault()
            .backup_vault_name("handmade")
            .send()
            .await
            .unwrap();
    });
    // A config that keeps only one vault: only our own resources are deleted.
    let small = "version: 1\nstack: t\nvaults:\n  - name: second\n";
    let plan = plan_json(&emu, small, 2);
    let got = changes(&plan);
    assert_eq!(
        got,
        [
            ("-".to_string(), "plan.p.selection.s".to_string()),
            ("-".to_string(), "plan.p".to_string()),
            ("-".to_string(), "vault.main".to_string()),
        ]
    );
    let unmanaged_vaults: Vec<&str> = plan["unmanaged"]["vaults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // Stack "someone-else"'s resources belong to a stack: not unmanaged.
    assert_eq!(unmanaged_vaults, ["handmade"]);
    assert_eq!(plan["unmanaged"]["plans"], serde_json::json!([]));
    assert_eq!(
        plan["unmanaged"]["other_stacks"],
        serde_json::json!({"plan.their-plan": "someone-else", "vault.theirs": "someone-else"})
    );
}

#[test]
fn a_desired_name_held_by_an_unmanaged_vault_needs_adopt() {
    let emu = Emu::start();
    let c = emu.client();
    emu.rt.block_on(async {
        c.create_backup_vault()
            .backup_vault_name("second")
            .send()
            .await
            .unwrap();
    });
    let yaml = "version: 1\nstack: t\nvaults:\n  - name: second\n";
    let (code, out, err) = plan(&emu, yaml, &["--format", "json"]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("--adopt"), "{out}");
    let (code, out, err) = plan(&emu, yaml, &["--format", "json", "--adopt"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["changes"][0]["adopt"], true);
    assert_eq!(
        plan["changes"][0]["fields"][0]["path"],
        "tags.backupctl:stack"
    );
}

#[test]
fn plan_reads_only_and_makes_a_bounded_number_of_calls() {
    let emu = seeded();
    emu.seed_yaml(FOREIGN);
    emu.reset_counters();
    let plan = plan_json(&emu, BASE, 0);
    assert!(changes(&plan).is_empty());
    let counters = emu.counters();
    for (op, n) in &counters {
        assert!(
            op.starts_with("List") || op.starts_with("Get") || op.starts_with("Describe"),
            "plan made a mutating call {op} x{n}"
        );
    }
    let get = |op: &str| counters.get(op).copied().unwrap_or(0);
    // The vault kind's listing and the air-gapped kind's (ByVaultType).
    assert_eq!(get("ListBackupVaults"), 2, "{counters:?}");
    assert_eq!(get("ListBackupPlans"), 1, "{counters:?}");
    // 3 vaults and 2 plans: one ListTags each to learn ownership.
    assert!(get("ListTags") <= 5, "{counters:?}");
    // Full reads only for our plan (and its one selection), not the foreign one.
    assert_eq!(get("GetBackupPlan"), 1, "{counters:?}");
    assert_eq!(get("GetBackupSelection"), 1, "{counters:?}");
}

#[test]
fn an_invalid_config_fails_before_any_api_call() {
    let emu = Emu::start();
    emu.reset_counters();
    let (code, out, err) = plan(&emu, "version: 1\nstack: t\nvaults:\n  - nme: x\n", &[]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("backupctl.yaml:4:"), "{err}");
    assert!(
        emu.counters().values().all(|n| *n == 0),
        "{:?}",
        emu.counters()
    );
}

#[test]
fn the_region_guard_refuses_another_region() {
    let emu = Emu::start();
    let yaml = "version: 1\nstack: t\nregion: eu-west-1\nvaults:\n  - name: vv\n";
    let (code, out, err) = plan(&emu, yaml, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("wrong region"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn the_account_guard_refuses_another_account() {
    let emu = seeded();
    let yaml = "version: 1\nstack: t\naccount_id: \"999999999999\"\nvaults:\n  - name: vv\n";
    let (code, _out, err) = plan(&emu, yaml, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("wrong account"), "{err}");
}

#[test]
fn exit_codes_and_the_saved_plan() {
    let emu = Emu::start();
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("plan.json");
    let out_arg = out_file.to_str().unwrap();
    let (code, _, _) = plan(&emu, BASE, &[]);
    assert_eq!(code, 0, "changes without --detailed-exitcode exit 0");
    let (code, stdout, _) = plan(&emu, BASE, &["--detailed-exitcode", "--out", out_arg]);
    assert_eq!(code, 2);
    assert!(
        stdout.contains("Plan: 4 to add, 0 to change, 0 to replace, 0 to destroy."),
        "{stdout}"
    );
    let saved = backupctl::changeset::ChangeSet::load(&out_file).unwrap();
    assert_eq!(saved.format_version, backupctl::changeset::FORMAT_VERSION);
    assert!(saved
        .config_digest
        .as_deref()
        .unwrap()
        .starts_with("sha256:"));
    assert!(saved.live_fingerprint.starts_with("sha256:"));
    assert!(saved.changes.iter().all(|c| c
        .creator_request_id
        .as_ref()
        .is_some_and(|id| id.len() <= 50)));
    // Deterministic: the same config and state give the same plan file.
    let out2 = dir.path().join("plan2.json");
    plan(&emu, BASE, &["--out", out2.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&out_file).unwrap(),
        std::fs::read_to_string(&out2).unwrap()
    );
}

#[test]
fn emulator_flag_works_without_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart.yaml");
    let out = assert_cmd::Command::cargo_bin("backupctl")
        .unwrap()
        .current_dir(dir.path())
        .env_clear()
        .env("HOME", dir.path())
        .env("NO_COLOR", "1")
        .args(["plan", "-f"])
        .arg(&example)
        .arg("--emulator")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Plan: 3 to add, 0 to change, 0 to replace, 0 to destroy."),
        "{stdout}"
    );
    assert!(dir.path().join(".backupctl").is_dir());
}

#[test]
fn no_credentials_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.yaml");
    std::fs::write(&file, "version: 1\nstack: t\nvaults:\n  - name: vv\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("backupctl")
        .unwrap()
        .env_clear()
        .env("HOME", dir.path())
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        // Any request would go here and fail differently: none is made.
        .env("AWS_ENDPOINT_URL_BACKUP", "http://127.0.0.1:9")
        .args(["plan", "-f"])
        .arg(&file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty());
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(errors[0].to_lowercase().contains("credentials"), "{err}");
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let emu = Emu::start();
    let yaml = "version: 1\nstack: t\nvaults:\n  - name: vv\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.yaml");
    std::fs::write(&file, yaml).unwrap();
    let run = |extra_env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = emu.backupctl();
        cmd.env_remove("NO_COLOR");
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let out = cmd
            .args(["plan", "-f"])
            .arg(&file)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    // Not a terminal: plain text.
    assert!(!run(&[], &[]).contains('\x1b'));
    // Forced colour (as a CI log viewer would): styled.
    assert!(run(&[("CLICOLOR_FORCE", "1")], &[]).contains('\x1b'));
    // --no-color and NO_COLOR win over everything.
    assert!(!run(&[("CLICOLOR_FORCE", "1")], &["--no-color"]).contains('\x1b'));
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]).contains('\x1b'));
}

#[test]
fn markdown_output_of_the_binary() {
    let emu = seeded();
    let yaml = BASE.replacen("tags: {team: a}", "tags: {team: b}", 1);
    let (code, out, _) = plan(&emu, &yaml, &["--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("### backupctl plan: stack `t`"), "{out}");
    assert!(out.contains("| `~` | `vault.main` | update |"), "{out}");
    assert!(out.contains("<details><summary><code>~ vault.main</code></summary>"));
    assert!(
        out.contains("- tags.team = \"a\"\n+ tags.team = \"b\""),
        "{out}"
    );
}

#[test]
fn two_live_plans_with_one_name_are_reported_never_guessed() {
    let emu = Emu::start();
    let yaml = |days: u32| {
        format!("version: 1\nstack: t\nvaults:\n  - name: vv\nplans:\n  - name: dup\n    rules:\n      - {{name: r, target_vault: vv, lifecycle: {{delete_after_days: {days}}}}}\n")
    };
    emu.seed_yaml(&yaml(35));
    // A second plan named "dup" (possible in AWS: names were not unique).
    let mut second = desired(&yaml(36));
    second.vaults.clear();
    emu.rt.block_on(seed(&emu.client(), &second));
    let (code, out, err) = plan(&emu, &yaml(35), &["--format", "json"]);
    assert_eq!(code, 1, "{out}\n{err}");
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(changes(&plan).is_empty(), "{plan:#}");
    assert!(plan["errors"][0]
        .as_str()
        .unwrap()
        .contains("more than one backup plan is named \"dup\""));
    assert!(err.contains("error: more than one backup plan"), "{err}");
}

#[test]
fn access_denied_is_a_one_line_error_naming_the_call() {
    let emu = seeded();
    emu.fail_next("ListBackupPlans", "AccessDeniedException");
    let (code, out, err) = plan(&emu, BASE, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.is_empty(), "{out}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(errors[0].contains("ListBackupPlans"), "{err}");
    assert!(errors[0].to_lowercase().contains("access denied"), "{err}");
}
