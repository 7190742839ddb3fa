//! Running `backupctl` commands on a config text against an emulator, and
//! reading their plan JSON; plus the shared configs: [`BASE`] (every field
//! of every resource kind) and [`scale_config`] (benchmark scale).

use std::path::Path;

use crate::emulator::Emu;
use crate::run::output_of;

/// Run `backupctl plan` with `args` on a config text; returns (exit code, stdout, stderr).
pub fn plan(emu: &Emu, yaml: &str, args: &[&str]) -> (i32, String, String) {
    with_config(emu, "plan", yaml, args)
}

/// Run `backupctl CMD -f FILE ARGS` with `yaml` written to FILE.
pub fn with_config(emu: &Emu, cmd: &str, yaml: &str, args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backupctl.yaml");
    std::fs::write(&file, yaml).unwrap();
    let mut c = emu.backupctl();
    c.arg(cmd).arg("-f").arg(&file).args(args);
    output_of(c)
}

/// Run `backupctl plan -f F1 -f F2 ... ARGS`.
pub fn plan_files(emu: &Emu, files: &[&Path], args: &[&str]) -> (i32, String, String) {
    let mut cmd = emu.backupctl();
    cmd.arg("plan");
    for f in files {
        cmd.arg("-f").arg(f);
    }
    cmd.args(args);
    output_of(cmd)
}

/// Run `backupctl ARGS`.
pub fn run(emu: &Emu, args: &[&str]) -> (i32, String, String) {
    let mut cmd = emu.backupctl();
    cmd.args(args);
    output_of(cmd)
}

/// The plan as JSON (`--format json`), asserting exit code `code`.
pub fn plan_json(emu: &Emu, yaml: &str, code: i32) -> serde_json::Value {
    let (c, out, err) = plan(emu, yaml, &["--format", "json", "--detailed-exitcode"]);
    assert_eq!(c, code, "stdout:\n{out}\nstderr:\n{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// `(symbol, address)` of every change, in order.
pub fn changes(plan: &serde_json::Value) -> Vec<(String, String)> {
    let p: backupctl::changeset::ChangeSet = serde_json::from_value(plan.clone()).unwrap();
    p.changes
        .iter()
        .map(|c| (c.action.symbol().to_string(), c.address.to_string()))
        .collect()
}

/// Paths of the changed fields of the only change.
pub fn only_change_fields(plan: &serde_json::Value) -> (String, Vec<String>) {
    let p: backupctl::changeset::ChangeSet = serde_json::from_value(plan.clone()).unwrap();
    assert_eq!(p.changes.len(), 1, "expected one change: {plan:#}");
    let c = &p.changes[0];
    (
        format!("{} {}", c.action.symbol(), c.address),
        c.fields.iter().map(|f| f.path.clone()).collect(),
    )
}

/// A config using every field of every resource kind (the tests change one
/// field at a time).
pub const BASE: &str = r#"
version: 1
stack: t
vaults:
  - name: main
    tags: {team: a}
    access_policy:
      Version: "2012-10-17"
      Statement:
        - {Effect: Deny, Principal: "*", Action: ["backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy"], Resource: "*"}
    notifications:
      sns_topic_arn: arn:aws:sns:us-east-1:123456789012:alerts
      events: [BACKUP_JOB_FAILED, COPY_JOB_FAILED]
  - name: second
plans:
  - name: p
    tags: {env: dev}
    advanced_backup_settings:
      - resource_type: EC2
        backup_options: {WindowsVSS: enabled}
    rules:
      - name: r1
        target_vault: main
        schedule: cron(0 5 ? * * *)
        start_window_minutes: 60
        completion_window_minutes: 720
        lifecycle: {move_to_cold_storage_after_days: 30, delete_after_days: 365}
        recovery_point_tags: {k: v}
      - name: r2
        target_vault: second
        copy_actions:
          - destination_vault_arn: arn:aws:backup:us-west-2:123456789012:backup-vault:dr
            lifecycle: {delete_after_days: 100}
    selections:
      - name: s
        iam_role_arn: arn:aws:iam::123456789012:role/backup
        resources: [arn:aws:ec2:*:*:volume/a, arn:aws:ec2:*:*:volume/b]
        not_resources: ["arn:aws:ec2:*:*:volume/x"]
        list_of_tags:
          - {condition_type: STRINGEQUALS, key: backup, value: "yes"}
        conditions:
          string_equals:
            - {key: "aws:ResourceTag/env", value: prod}
            - {key: "aws:ResourceTag/team", value: a}
          string_like:
            - {key: "aws:ResourceTag/app", value: "web-*"}
"#;

/// An emulator holding [`BASE`], as an apply would leave it.
pub fn seeded() -> Emu {
    let emu = Emu::start();
    emu.seed_yaml(BASE);
    emu
}

/// A benchmark-scale config: `vaults` vaults and `plans` plans of one daily
/// rule and two selections each, all in stack `bench`.
pub fn scale_config(vaults: usize, plans: usize) -> String {
    use std::fmt::Write as _;
    let mut y = String::from("version: 1\nstack: bench\nvaults:\n");
    for i in 0..vaults {
        let _ = writeln!(y, "  - name: vault-{i:04}\n    tags: {{team: t{}}}", i % 7);
    }
    y.push_str("plans:\n");
    for i in 0..plans {
        let _ = write!(
            y,
            "  - name: plan-{i:04}\n    rules:\n      - {{name: daily, target_vault: vault-{:04}, schedule: \"cron(0 5 ? * * *)\", lifecycle: {{delete_after_days: 35}}}}\n    selections:\n",
            i % vaults.max(1)
        );
        for s in 0..2 {
            let _ = writeln!(
                y,
                "      - {{name: sel-{s}, iam_role_arn: \"arn:aws:iam::123456789012:role/backup\", resources: [\"arn:aws:ec2:*:*:volume/v{i}-{s}\"]}}"
            );
        }
    }
    y
}
