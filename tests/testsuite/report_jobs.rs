//! `backupctl report`'s copy jobs and restore tests against the emulator,
//! seeded through its admin API: failed copies to a plan's DR vault and
//! failed restore tests show (counts, last success, latest failure
//! message), `--max-failed-copies` and `--max-failed-restore-tests` gate
//! with exit 2, successful ones pass, the JSON shape, one ListCopyJobs and
//! one ListRestoreJobs call, and the per-target sections of a fleet config.

use serde_json::{json, Value};
use testkit::{with_config, Emu, ACCOUNT, REGION};

use super::apply::harness::{run, Cfg};

const DR: &str = "arn:aws:backup:eu-west-1:123456789012:backup-vault:dr";
const RTP: &str = "arn:aws:backup:us-east-1:123456789012:restore-testing-plan:nightly-6c1f9d52";

fn config() -> String {
    format!(
        "version: 1
stack: s
vaults: [{{name: main}}]
plans:
  - name: daily
    rules:
      - name: r
        target_vault: main
        schedule: 'cron(0 * ? * * *)'
        copy_actions: [{{destination_vault_arn: '{DR}'}}]
    selections:
      - name: sel
        iam_role_arn: arn:aws:iam::{ACCOUNT}:role/backup
        resources: ['arn:aws:ec2:*:*:volume/*']
"
    )
}

fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

fn plan_id(emu: &Emu, account: &str, region: &str) -> String {
    let state = emu.state();
    let plans = &state["accounts"][account]["regions"][region]["plans"];
    plans.as_object().unwrap().keys().next().unwrap().clone()
}

fn copy(plan: &str, state: &str, age: f64) -> Value {
    let mut j = json!({"SourceBackupVaultName": "main", "DestinationBackupVaultArn": DR,
        "ResourceArn": "arn:aws:ec2:us-east-1:123456789012:volume/vol-1", "ResourceType": "EBS",
        "State": state, "CreationDate": now() - age, "BackupPlanId": plan, "BackupRuleId": "rule-1"});
    if state == "FAILED" {
        j["StatusMessage"] = json!("Access denied to the destination vault's KMS key.");
        j["MessageCategory"] = json!("AccessDenied");
    } else {
        j["CompletionDate"] = json!(now() - age + 120.0);
    }
    j
}

fn restore(status: &str, validation: Option<&str>, age: f64) -> Value {
    let mut j = json!({"Status": status, "CreationDate": now() - age, "ResourceType": "EBS",
        "RestoreTestingPlanArn": RTP, "CompletionDate": now() - age + 300.0});
    if let Some(v) = validation {
        j["ValidationStatus"] = json!(v);
    }
    if validation == Some("FAILED") {
        j["ValidationStatusMessage"] = json!("validation script exited 1");
    }
    j
}

/// The config applied, with copy and restore jobs: `failing` adds one
/// failed copy and one failed restore test to the successful ones.
fn seeded(failing: bool) -> Emu {
    let emu = Emu::start();
    emu.seed_yaml(&config());
    let id = plan_id(&emu, ACCOUNT, REGION);
    let mut copies = vec![
        copy(&id, "COMPLETED", 3600.0),
        copy(&id, "COMPLETED", 7200.0),
    ];
    let mut restores = vec![
        restore("COMPLETED", Some("SUCCESSFUL"), 7200.0),
        // Not a restore test: no restore testing plan.
        json!({"Status": "FAILED", "CreationDate": now() - 60.0, "ResourceType": "EBS"}),
    ];
    if failing {
        copies.push(copy(&id, "FAILED", 600.0));
        restores.push(restore("COMPLETED", Some("FAILED"), 900.0));
    }
    emu.admin_post(
        "/__emulator/copy-jobs",
        &json!({ "jobs": copies }).to_string(),
    );
    emu.admin_post(
        "/__emulator/restore-jobs",
        &json!({ "jobs": restores }).to_string(),
    );
    emu.reset_counters();
    emu
}

fn report(emu: &Emu, args: &[&str]) -> (i32, String, String) {
    with_config(emu, "report", &config(), args)
}

#[test]
fn failed_copies_and_restore_tests_show_in_json_and_read_once() {
    let emu = seeded(true);
    let (code, out, err) = report(&emu, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        emu.mutating_calls().is_empty(),
        "{:?}",
        emu.mutating_calls()
    );
    let c = emu.counters();
    assert_eq!(c.get("ListCopyJobs"), Some(&1), "{c:?}");
    assert_eq!(c.get("ListRestoreJobs"), Some(&1), "{c:?}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["format_version"], 2);
    let cj = &r["copy_jobs"];
    assert_eq!(cj["account"]["total"], 3);
    assert_eq!(cj["failed_jobs"], 1);
    assert_eq!(cj["exceeded"], false);
    assert!(cj.get("max_failed").is_none(), "{cj}");
    let d = &cj["destinations"][0];
    assert_eq!(d["address"], "plan.daily");
    assert_eq!(d["rules"], json!(["r"]));
    assert_eq!(d["destination_vault_arn"], DR);
    assert_eq!(d["total"], 3);
    assert_eq!(d["by_state"], json!({"COMPLETED": 2, "FAILED": 1}));
    assert!(d["last_success"].is_string(), "{d}");
    assert!(d["last_failure"].is_string(), "{d}");
    assert_eq!(
        d["last_failure_message"],
        "Access denied to the destination vault's KMS key."
    );
    let t = &r["restore_tests"];
    assert_eq!(
        (&t["total"], &t["passed"], &t["failed"], &t["pending"]),
        (&json!(2), &json!(1), &json!(1), &json!(0))
    );
    assert_eq!(t["failed_tests"], 1);
    let p = &t["plans"][0];
    assert_eq!(p["name"], "nightly");
    assert_eq!(p["arn"], RTP);
    assert!(p.get("address").is_none(), "{p}");
    assert_eq!(p["last_duration_seconds"], 300);
    assert_eq!(p["max_duration_seconds"], 300);
    assert_eq!(
        p["by_validation_status"],
        json!({"FAILED": 1, "SUCCESSFUL": 1})
    );
    assert_eq!(p["last_failure_message"], "validation script exited 1");
}

#[test]
fn failed_copies_and_restore_tests_gate_with_exit_2() {
    let emu = seeded(true);
    for (args, want, line) in [
        (
            &["--max-failed-copies", "0"][..],
            2,
            "FAIL: 1 failed copy jobs, more than --max-failed-copies 0.",
        ),
        (
            &["--max-failed-copies", "1"][..],
            0,
            "OK: 1 failed copy jobs, within --max-failed-copies 1.",
        ),
        (
            &["--max-failed-restore-tests", "0"][..],
            2,
            "FAIL: 1 failed restore tests, more than --max-failed-restore-tests 0.",
        ),
        (
            &["--max-failed-restore-tests", "1"][..],
            0,
            "OK: 1 failed restore tests, within --max-failed-restore-tests 1.",
        ),
    ] {
        let (code, out, err) = report(&emu, args);
        assert_eq!(code, want, "{args:?}: {out}{err}");
        assert!(out.contains(line), "{out}");
    }
    // The backup-job gate alone does not see them.
    let (code, _, err) = report(&emu, &["--max-failed", "0"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = report(&emu, &["--max-failed-copies", "0", "--format", "json"]);
    assert_eq!(code, 2);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["copy_jobs"]["max_failed"], 0);
    assert_eq!(r["copy_jobs"]["exceeded"], true);
    assert_eq!(r["exceeded"], false);
}

#[test]
fn successful_copies_and_restore_tests_pass_the_gates() {
    let emu = seeded(false);
    let args = [
        "--max-failed-copies",
        "0",
        "--max-failed-restore-tests",
        "0",
        "--max-failed",
        "0",
    ];
    let (code, out, err) = report(&emu, &args);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Copy jobs: 2 in the account and region, by state: COMPLETED 2\n"),
        "{out}"
    );
    assert!(
        out.contains("Restore tests: 1 (1 passed, 0 failed, 0 pending)\n"),
        "{out}"
    );
    assert!(out.contains("  daily  r      "), "{out}");
    let mut md_args = args.to_vec();
    md_args.extend(["--format", "markdown"]);
    let (code, md, _) = report(&emu, &md_args);
    assert_eq!(code, 0);
    assert!(md.starts_with("## ✅ Backup jobs"), "{md}");
    assert!(
        md.contains(
            "**Restore tests:** 1 (1 passed, 0 failed, 0 pending). OK: 0 failed restore tests"
        ),
        "{md}"
    );
}

#[test]
fn table_and_markdown_show_the_latest_failures() {
    let emu = seeded(true);
    let (code, out, _) = report(&emu, &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains(&format!(
            "  daily -> {DR}: Access denied to the destination vault's KMS key.\n"
        )),
        "{out}"
    );
    assert!(
        out.contains("  nightly: validation script exited 1\n"),
        "{out}"
    );
    let (_, md, _) = report(&emu, &["--format", "markdown"]);
    assert!(md.starts_with("## ⚠️ Backup jobs"), "{md}");
    assert!(
        md.contains(&format!("| daily | r | `{DR}` | 3 | 2 | 1 | 0 |")),
        "{md}"
    );
    assert!(
        md.contains("| nightly | 2 | 1 | 1 | 0 | 300s | 300s |"),
        "{md}"
    );
}

const FLEET: &str = r#"version: 1
stack: org
target_defaults:
  regions: [eu-west-1]
  role_arn: "arn:aws:iam::${target.account_id}:role/backupctl"
targets:
  central:
    account_id: "111111111111"
  prod:
    account_id: "222222222222"
vaults:
  - name: primary
plans:
  - name: daily
    rules:
      - name: daily
        target_vault: primary
        schedule: cron(0 5 ? * * *)
        copy_actions:
          - destination_vault_arn: "arn:aws:backup:eu-central-1:${target.account_id}:backup-vault:dr"
    selections:
      - name: volumes
        iam_role_arn: "arn:aws:iam::${target.account_id}:role/backup"
        resources: ["arn:aws:ec2:*:*:volume/*"]
"#;

#[test]
fn a_fleet_report_has_copy_and_restore_sections_per_target_and_gates_over_them() {
    let emu = Emu::start();
    let file = Cfg::new(FLEET);
    let (code, out, err) = run(&emu, "apply", &[&file.path()], &["--auto-approve"], &[]);
    assert_eq!(code, 0, "{out}{err}");
    let prod = "222222222222";
    let id = plan_id(&emu, prod, "eu-west-1");
    let mut failed = copy(&id, "FAILED", 600.0);
    failed["DestinationBackupVaultArn"] = json!(format!(
        "arn:aws:backup:eu-central-1:{prod}:backup-vault:dr"
    ));
    let body = json!({"account_id": prod, "region": "eu-west-1", "jobs": [failed]});
    emu.admin_post("/__emulator/copy-jobs", &body.to_string());
    let body = json!({"account_id": prod, "region": "eu-west-1",
        "jobs": [restore("FAILED", None, 600.0)]});
    emu.admin_post("/__emulator/restore-jobs", &body.to_string());
    let (code, out, err) = run(
        &emu,
        "report",
        &[&file.path()],
        &["--max-failed-copies", "0"],
        &[],
    );
    assert_eq!(code, 2, "{out}{err}");
    let prod_section = out
        .split("=== target ")
        .find(|s| s.starts_with("prod/eu-west-1"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        prod_section.contains("Copy destinations of managed plans:"),
        "{out}"
    );
    assert!(
        prod_section.contains("Restore tests: 1 (0 passed, 1 failed, 0 pending)"),
        "{out}"
    );
    assert!(
        prod_section.contains("FAIL: 1 failed copy jobs, more than --max-failed-copies 0."),
        "{out}"
    );
    let central = out
        .split("=== target ")
        .find(|s| s.starts_with("central/eu-west-1"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        central.contains("OK: 0 failed copy jobs, within --max-failed-copies 0."),
        "{central}"
    );
    assert!(out.contains("1 failed copy jobs; 1 failed restore tests. FAIL: over a limit in prod/eu-west-1. FAIL: more than --max-failed-copies 0 over all targets."), "{out}");
    let (code, md, _) = run(
        &emu,
        "report",
        &[&file.path()],
        &["--format", "markdown"],
        &[],
    );
    assert_eq!(code, 0);
    assert!(md.contains("| 1 | 1 | failed copies |"), "{md}");
    let (_, js, _) = run(&emu, "report", &[&file.path()], &["--format", "json"], &[]);
    let doc: Value = serde_json::from_str(&js).unwrap();
    let t: Vec<(&str, &Value)> = doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap(),
                &t["result"]["copy_jobs"]["failed_jobs"],
            )
        })
        .collect();
    assert_eq!(
        t,
        [
            ("central/eu-west-1", &json!(0)),
            ("prod/eu-west-1", &json!(1))
        ]
    );
}
