//! `backupctl iam-policy` through the binary: the document's shape, the
//! read-only policy holds no write, apply covers read-only, `-f` scopes
//! the resources to a config (and only an `-f` given on the command
//! line), a bad config fails like everywhere else, `--explain`, and the
//! policies printed in docs/permissions.md are the binary's.

use std::collections::BTreeSet;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn backupctl() -> Command {
    let mut c = Command::cargo_bin("backupctl").expect("binary built");
    c.current_dir(root());
    c
}

fn policy(args: &[&str]) -> Value {
    let out = backupctl().arg("iam-policy").args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the policy is JSON")
}

fn statements(p: &Value) -> &Vec<Value> {
    p["Statement"].as_array().expect("Statement is a list")
}

fn statement<'p>(p: &'p Value, sid: &str) -> &'p Value {
    statements(p)
        .iter()
        .find(|s| s["Sid"] == sid)
        .unwrap_or_else(|| panic!("no statement {sid}"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|x| x.as_str().expect("a string").to_string())
        .collect()
}

/// (action, resource) pairs the policy allows.
fn grants(p: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for s in statements(p) {
        for a in strings(&s["Action"]) {
            for r in strings(&s["Resource"]) {
                out.insert((a.clone(), r));
            }
        }
    }
    out
}

fn actions(p: &Value) -> BTreeSet<String> {
    grants(p).into_iter().map(|(a, _)| a).collect()
}

#[test]
fn the_policies_are_iam_documents_with_stable_sorted_statements() {
    for uses in ["read-only", "apply"] {
        let p = policy(&[uses]);
        assert_eq!(p["Version"], "2012-10-17");
        let obj = p.as_object().unwrap();
        assert_eq!(obj.keys().collect::<Vec<_>>(), ["Version", "Statement"]);
        let mut sids = BTreeSet::new();
        for s in statements(&p) {
            let keys: Vec<_> = s.as_object().unwrap().keys().cloned().collect();
            assert_eq!(keys, ["Sid", "Effect", "Action", "Resource"], "{s}");
            assert_eq!(s["Effect"], "Allow");
            let sid = s["Sid"].as_str().unwrap();
            assert!(
                sid.chars().all(|c| c.is_ascii_alphanumeric())
                    && sid.starts_with(|c: char| c.is_ascii_uppercase()),
                "{sid}"
            );
            assert!(sids.insert(sid.to_string()), "repeated Sid {sid}");
            for key in ["Action", "Resource"] {
                let xs = strings(&s[key]);
                let mut sorted = xs.clone();
                sorted.sort();
                sorted.dedup();
                assert_eq!(xs, sorted, "{sid}.{key} sorted, no repeats");
                assert!(!xs.is_empty());
            }
        }
        // The same bytes every time.
        let again = policy(&[uses]);
        assert_eq!(p.to_string(), again.to_string());
    }
}

#[test]
fn read_only_holds_no_write_and_apply_covers_read_only() {
    let ro = policy(&["read-only"]);
    for a in actions(&ro) {
        let (service, name) = a.split_once(':').unwrap();
        let read = ["List", "Get", "Describe"]
            .iter()
            .any(|v| name.starts_with(v));
        assert!(
            (service == "backup" && read) || a == "sts:AssumeRole",
            "read-only policy grants {a}"
        );
    }
    for must in [
        "backup:ListBackupVaults",
        "backup:ListTags",
        "backup:ListBackupJobs",
    ] {
        assert!(actions(&ro).contains(must), "{must}");
    }
    let apply = policy(&["apply"]);
    let missing: Vec<_> = grants(&ro).difference(&grants(&apply)).cloned().collect();
    assert!(missing.is_empty(), "apply lacks {missing:?}");
    for must in [
        "backup:CreateBackupVault",
        "backup:TagResource",
        "iam:PassRole",
        "kms:CreateGrant",
        "backup-storage:MountCapsule",
    ] {
        assert!(actions(&apply).contains(must), "{must}");
    }
    // Unscoped: any account and region, never a literal one.
    let vaults = strings(&statement(&apply, "ApplyBackupVaults")["Resource"]);
    assert_eq!(vaults, ["arn:aws:backup:*:*:backup-vault:*"]);
    assert_eq!(
        strings(&statement(&apply, "PassRolesToBackup")["Resource"]),
        ["arn:aws:iam::*:role/*"]
    );
    assert_eq!(
        strings(&statement(&apply, "MountVaultStorage")["Action"]),
        ["backup-storage:MountCapsule"]
    );
}

#[test]
fn f_scopes_the_policy_to_a_config() {
    let p = policy(&["apply", "-f", "examples/production.yaml"]);
    let place = "arn:aws:backup:eu-west-1:123456789012";
    assert_eq!(
        strings(&statement(&p, "ApplyBackupVaults")["Resource"]),
        [
            format!("{place}:backup-vault:prod-continuous"),
            format!("{place}:backup-vault:prod-vault"),
        ]
    );
    assert_eq!(
        strings(&statement(&p, "ReadBackupVaults")["Resource"]),
        [format!("{place}:backup-vault:*")]
    );
    assert_eq!(
        strings(&statement(&p, "ApplyBackupPlans")["Resource"]),
        [format!("{place}:backup-plan:*")]
    );
    assert_eq!(
        strings(&statement(&p, "PassRolesToBackup")["Resource"]),
        ["arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"]
    );
    assert_eq!(
        strings(&statement(&p, "UseVaultKmsKeys")["Resource"]),
        ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    );
    // No targets: no role to assume.
    assert!(!statements(&p)
        .iter()
        .any(|s| s["Sid"] == "AssumeTargetRoles"));
    // No ARN of any other account or region.
    for (_, r) in grants(&p) {
        assert!(
            r == "*" || r.contains(":123456789012:") || r.contains("::123456789012:"),
            "{r}"
        );
    }

    // The quick start names no account, region, key or air-gapped vault.
    let q = policy(&["apply", "-f", "examples/quickstart.yaml"]);
    assert_eq!(
        strings(&statement(&q, "ApplyBackupVaults")["Resource"]),
        ["arn:aws:backup:*:*:backup-vault:quickstart-vault"]
    );
    let sids: Vec<_> = statements(&q).iter().map(|s| s["Sid"].clone()).collect();
    assert!(!sids.contains(&Value::from("UseVaultKmsKeys")), "{sids:?}");
    assert!(
        !sids.contains(&Value::from("MountVaultStorage")),
        "{sids:?}"
    );
}

#[test]
fn f_with_targets_assumes_their_roles_and_covers_their_accounts() {
    let p = policy(&["read-only", "-f", "examples/organization"]);
    let roles = strings(&statement(&p, "AssumeTargetRoles")["Resource"]);
    assert_eq!(
        roles,
        [
            "arn:aws:iam::111111111111:role/backupctl",
            "arn:aws:iam::222222222222:role/backupctl",
            "arn:aws:iam::333333333333:role/backupctl",
            "arn:aws:iam::444444444444:role/backupctl",
        ]
    );
    let vaults = strings(&statement(&p, "ReadBackupVaults")["Resource"]);
    assert!(vaults.contains(&"arn:aws:backup:eu-central-1:222222222222:backup-vault:*".into()));
    assert!(vaults.contains(&"arn:aws:backup:eu-west-1:111111111111:backup-vault:*".into()));
    assert!(!vaults.contains(&"arn:aws:backup:eu-central-1:111111111111:backup-vault:*".into()));

    let a = policy(&["apply", "-f", "examples/organization"]);
    let passed = strings(&statement(&a, "PassRolesToBackup")["Resource"]);
    assert!(passed.contains(
        &"arn:aws:iam::222222222222:role/service-role/AWSBackupDefaultServiceRole".into()
    ));
    assert!(passed.iter().all(|r| !r.contains("${")), "{passed:?}");
    let vaults = strings(&statement(&a, "ApplyBackupVaults")["Resource"]);
    assert!(vaults.contains(&"arn:aws:backup:eu-west-1:222222222222:backup-vault:backups".into()));
}

#[test]
fn only_an_f_on_the_command_line_scopes() {
    // The global -f defaults to backupctl.yaml: an invalid one in the
    // working directory is not read unless named.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("backupctl.yaml"), "version: 1\nstack: [\n").unwrap();
    let out = backupctl()
        .current_dir(dir.path())
        .args(["iam-policy", "read-only"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let unscoped: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(unscoped, policy(&["read-only"]));
    // -f before the subcommand counts as well.
    let out = backupctl()
        .current_dir(dir.path())
        .args(["-f", "backupctl.yaml", "iam-policy", "read-only"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_bad_config_fails_with_its_position_and_prints_no_policy() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.yaml");
    std::fs::write(
        &file,
        "version: 1\nstack: s\nvaults:\n  - name: v\n    encryption_key: x\n",
    )
    .unwrap();
    let out = backupctl()
        .args(["iam-policy", "apply", "-f"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.yaml:5:5: vaults[0].encryption_key"),
        "{stderr}"
    );
}

#[test]
fn explain_lists_each_action_with_its_calls_and_commands() {
    let out = backupctl()
        .args(["iam-policy", "read-only", "--explain"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("| action | resource type | statement | AWS calls | commands |"));
    assert!(md
        .contains("| `backup:ListBackupJobs` | * | ReadAccountWide | ListBackupJobs | `report` |"));
    assert!(md.contains("GetCallerIdentity"), "{md}");
    assert!(!md.contains("backup:CreateBackupVault"));

    let json = policy(&["apply", "--explain", "--format", "json"]);
    let calls = json["calls"].as_array().unwrap();
    let create = calls
        .iter()
        .find(|c| c["operation"] == "CreateBackupVault")
        .unwrap();
    assert_eq!(create["use"], "apply");
    let mount = create["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["action"] == "backup-storage:MountCapsule")
        .unwrap();
    assert_eq!(mount["only_with_customer_managed_key"], true);
    assert_eq!(
        mount["statements"],
        serde_json::json!(["MountVaultStorage"])
    );

    // --format belongs to --explain.
    let out = backupctl()
        .args(["iam-policy", "apply", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn docs_permissions_prints_the_binarys_policies() {
    let doc = std::fs::read_to_string(root().join("docs/permissions.md")).unwrap();
    let blocks: Vec<Value> = doc
        .split("```json\n")
        .skip(1)
        .map(|b| serde_json::from_str(b.split("```").next().unwrap()).expect("JSON block"))
        .collect();
    assert_eq!(
        blocks,
        [policy(&["read-only"]), policy(&["apply"])],
        "docs/permissions.md is stale: regenerate its two policies with `backupctl iam-policy read-only|apply`"
    );
}

#[test]
fn an_access_denied_call_fails_with_one_line_naming_the_operation() {
    const CONFIG: &str = "version: 1\nstack: s\nvaults:\n  - name: vault-a\n";
    for op in ["ListBackupVaults", "ListTags", "GetBackupVaultAccessPolicy"] {
        let emu = testkit::Emu::start();
        emu.seed_yaml(CONFIG);
        emu.fail_next(op, "AccessDeniedException");
        let (code, stdout, stderr) = testkit::cli::plan(&emu, CONFIG, &[]);
        assert_eq!(code, 1, "{op}: {stderr}");
        assert!(stdout.is_empty(), "{op}: {stdout}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{op}: {stderr}");
        assert!(
            lines[0].starts_with(&format!("error: access denied by AWS for {op}: ")),
            "{op}: {stderr}"
        );
        // AWS's message (the emulator's injected one) is quoted whole.
        assert!(lines[0].contains("Injected failure"), "{op}: {stderr}");
    }
}
