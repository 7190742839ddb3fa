//! The tour: a sequence of backupctl commands that together make every
//! AWS call the generated policies pay for. One config declares every
//! kind (a vault with a customer managed KMS key, lock, policy and
//! notifications; an air-gapped vault with a key, an MPA team and a
//! restore access vault; a plan with a scanner role and a selection; a
//! restore testing plan with a selection; a tiering configuration; a
//! framework and a report plan; two legal holds; settings); the steps
//! plan it on an empty account, apply it, read it back (plan, drift,
//! import, report over seeded jobs), change everything in place and every
//! tag, remove every optional part and every tag, cancel a legal hold,
//! destroy the rest, and plan a config with `targets:` (sts:AssumeRole).
//! [`record`] runs the tour once under a given policy, keeping the state
//! before each step and the operations each step called.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use testkit::Emu;

use super::harness::{deploy, restore, run, snapshot, Run};

const KEY_ARN: &str = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

/// Everything, created by the first apply.
const CREATE: &str = r#"version: 1
stack: iam-tour
vaults:
  - name: tour-main
    encryption_key_arn: KEY_ARN
    tags: {team: a}
    access_policy:
      Version: "2012-10-17"
      Statement:
        - {Effect: Deny, Principal: "*", Action: backup:DeleteRecoveryPoint, Resource: "*"}
    notifications:
      sns_topic_arn: arn:aws:sns:us-east-1:123456789012:backup-alerts
      events: [BACKUP_JOB_FAILED]
    lock:
      min_retention_days: 7
air_gapped_vaults:
  - name: tour-isolated
    min_retention_days: 7
    max_retention_days: 365
    encryption_key_arn: KEY_ARN
    tags: {team: a}
    mpa_approval_team_arn: arn:aws:mpa:us-east-1:123456789012:approval-team/approvers-a
    restore_access_vaults:
      - name: tour-isolated-restore
        tags: {team: a}
plans:
  - name: tour-plan
    tags: {team: a}
    scan_settings:
      - malware_scanner: GUARDDUTY
        resource_types: [EBS]
        scanner_role_arn: arn:aws:iam::123456789012:role/scanner
    rules:
      - name: daily
        target_vault: tour-main
        schedule: cron(0 5 ? * * *)
        lifecycle: {delete_after_days: 35}
    selections:
      - name: volumes
        iam_role_arn: arn:aws:iam::123456789012:role/backup
        resources: ["arn:aws:ec2:*:*:volume/*"]
restore_testing_plans:
  - name: tour_rtp
    schedule: cron(0 2 ? * * *)
    recovery_point_selection:
      algorithm: LATEST_WITHIN_WINDOW
      include_vaults: [tour-main]
      recovery_point_types: [SNAPSHOT]
    tags: {team: a}
    selections:
      - name: volumes
        iam_role_arn: arn:aws:iam::123456789012:role/backup
        protected_resource_type: EBS
        protected_resource_arns: ["*"]
        validation_window_hours: 4
tiering_configurations:
  - name: tour_tiering
    vault: tour-main
    resource_selection:
      - resource_type: S3
        resources: ["*"]
        tiering_down_settings_in_days: 60
    tags: {team: a}
frameworks:
  - name: tour_framework
    description: first
    controls:
      - name: BACKUP_RECOVERY_POINT_ENCRYPTED
    tags: {team: a}
report_plans:
  - name: tour_report
    description: first
    delivery: {s3_bucket: tour-reports}
    template: CONTROL_COMPLIANCE_REPORT
    frameworks: [tour_framework]
    tags: {team: a}
legal_holds:
  - title: hold-kept
    description: kept
    tags: {team: a}
  - title: hold-cancelled
    description: cancelled later
    tags: {team: a}
settings:
  global:
    isCrossAccountBackupEnabled: "true"
  region:
    resource_type_opt_in: {EBS: true}
    resource_type_management: {DynamoDB: true}
"#;

/// A config with `targets:`: its plan assumes the target's role.
const FLEET: &str = r#"version: 1
stack: iam-fleet
targets:
  ops:
    account_id: "210987654321"
    regions: [us-east-1]
    role_arn: arn:aws:iam::210987654321:role/backupctl
vaults:
  - name: fleet-vault
"#;

/// The role [`FLEET`]'s target is reached through.
pub const FLEET_ROLE: &str = "arn:aws:iam::210987654321:role/backupctl";

/// The tour's config, as created.
pub fn create_config() -> String {
    CREATE.replace("KEY_ARN", KEY_ARN)
}

/// Every in-place change: each kind's settings and every tag (the roles
/// stay: a scoped policy names the roles of the config it was made from).
fn changed() -> String {
    let mut t = create_config();
    for (from, to) in [
        ("tags: {team: a}", "tags: {team: b}"),
        ("description: first", "description: second"),
        ("approvers-a", "approvers-b"),
        ("cron(0 2 ? * * *)", "cron(0 3 ? * * *)"),
        ("validation_window_hours: 4", "validation_window_hours: 5"),
        ("down_settings_in_days: 60", "down_settings_in_days: 90"),
        ("delete_after_days: 35", "delete_after_days: 40"),
        ("volume/*\"", "volume/a\""),
        (
            "backup:DeleteRecoveryPoint",
            "backup:UpdateRecoveryPointLifecycle",
        ),
        (
            "[BACKUP_JOB_FAILED]",
            "[BACKUP_JOB_FAILED, COPY_JOB_FAILED]",
        ),
        (
            "      min_retention_days: 7\nair",
            "      min_retention_days: 8\nair",
        ),
        ("\"true\"", "\"false\""),
        ("{EBS: true}", "{EBS: false}"),
    ] {
        assert!(t.contains(from), "{from}");
        t = t.replace(from, to);
    }
    t
}

/// Drop the line starting with `from` and the more indented ones after it.
fn drop_block(text: &str, from: &str) -> String {
    let mut out = String::new();
    let mut skip: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(i) = skip {
            if indent > i {
                continue;
            }
            skip = None;
        }
        if line.starts_with(from) {
            skip = Some(indent);
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every optional part removed: tags, policy, notifications, lock, MPA
/// team, restore access vault, restore testing selection.
fn stripped() -> String {
    let mut t: String = changed()
        .lines()
        .filter(|l| !l.trim_start().starts_with("tags: {") && !l.contains("mpa_approval"))
        .map(|l| format!("{l}\n"))
        .collect();
    for block in [
        "    access_policy:",
        "    notifications:",
        "    lock:",
        "    restore_access_vaults:",
    ] {
        t = drop_block(&t, block);
    }
    let (head, rest) = t.split_once("restore_testing_plans:").unwrap();
    let (rtp, tail) = rest.split_once("tiering_configurations:").unwrap();
    format!(
        "{head}restore_testing_plans:{}tiering_configurations:{tail}",
        drop_block(rtp, "    selections:")
    )
}

/// One command of the tour.
#[derive(Debug, Clone)]
pub struct Step {
    pub name: &'static str,
    /// Runs under the read-only policy (else it needs apply's).
    pub read_only: bool,
    pub args: Vec<String>,
    /// The roles its targets are reached through (none: the caller's key).
    pub roles: Vec<String>,
}

/// A step as the recording run saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub step: Step,
    /// The emulator state just before it.
    pub before: Value,
    /// The operations it called.
    pub calls: BTreeSet<String>,
    pub run: Run,
}

/// The tour's config files (kept for the tour's lifetime) and steps.
pub struct Tour {
    pub dir: tempfile::TempDir,
    pub steps: Vec<Step>,
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p: PathBuf = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

impl Tour {
    pub fn new() -> Tour {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let create = write(d, "create.yaml", &create_config());
        let changed = write(d, "changed.yaml", &changed());
        let stripped_text = stripped();
        let stripped = write(d, "stripped.yaml", &stripped_text);
        let cancel_text = stripped_text.replace(
            "  - title: hold-cancelled\n    description: cancelled later\n",
            "",
        );
        let cancel = write(d, "cancel.yaml", &cancel_text);
        let destroy = write(
            d,
            "destroy.yaml",
            "version: 1\nstack: iam-tour\nlegal_holds:\n  - {title: hold-kept, description: kept}\n",
        );
        let fleet = write(d, "fleet.yaml", FLEET);
        let step = |name, read_only, args: &[&str]| Step {
            name,
            read_only,
            args: args.iter().map(|s| s.to_string()).collect(),
            roles: vec![],
        };
        let apply = ["apply", "--auto-approve", "--force", "-f"];
        let with = |base: &[&str], file: &str, more: &[&str]| -> Vec<String> {
            base.iter()
                .chain([&file])
                .chain(more.iter())
                .map(|s| s.to_string())
                .collect()
        };
        let mut steps = vec![
            step("plan of an empty account", true, &["plan", "-f", &create]),
            step("apply: create", false, &[]),
            step(
                "plan",
                true,
                &["plan", "--detailed-exitcode", "-f", &create],
            ),
            step("drift", true, &["drift", "-f", &create]),
            step("import", true, &["import", "--stack", "imported"]),
            step("report", true, &["report", "-f", &create]),
            step("apply: change everything", false, &[]),
            step("apply: remove tags and parts", false, &[]),
            step("apply --cancel-legal-holds", false, &[]),
            step("apply --allow-destroy", false, &[]),
            Step {
                roles: vec![FLEET_ROLE.to_string()],
                ..step("plan with targets", true, &["plan", "-f", &fleet])
            },
        ];
        steps[1].args = with(&apply, &create, &[]);
        steps[6].args = with(&apply, &changed, &[]);
        steps[7].args = with(&apply, &stripped, &[]);
        let cancel_flags = ["--cancel-legal-holds", "--reason", "tour"];
        steps[8].args = with(&apply, &cancel, &cancel_flags);
        steps[9].args = with(&apply, &destroy, &["--allow-destroy"]);
        Tour { dir, steps }
    }

    /// The config the scoped policies are generated from.
    pub fn config(&self) -> PathBuf {
        self.dir.path().join("create.yaml")
    }
}

/// Jobs for `report`: a backup, a copy and a restore job.
fn seed_jobs(emu: &Emu) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        - 600.0;
    let vol = "arn:aws:ec2:us-east-1:123456789012:volume/vol-1";
    let admin = emu.admin();
    emu.rt.block_on(async {
        admin
            .seed_backup_jobs(
                testkit::REGION,
                vec![json!({"BackupVaultName": "tour-main", "ResourceArn": vol,
                    "ResourceType": "EBS", "State": "FAILED", "CreationDate": now})],
            )
            .await;
        admin
            .seed_copy_jobs(
                testkit::REGION,
                vec![
                    json!({"State": "FAILED", "CreationDate": now, "ResourceArn": vol,
                    "ResourceType": "EBS", "SourceBackupVaultName": "tour-main",
                    "DestinationBackupVaultName": "tour-main"}),
                ],
            )
            .await;
        admin
            .seed_restore_jobs(
                testkit::REGION,
                vec![json!({"Status": "COMPLETED", "CreationDate": now, "ResourceType": "EBS"})],
            )
            .await;
    });
}

/// Runs `steps` in order on a fresh emulator under `policy` (deployed per
/// step), recording each; panics when a step fails.
pub fn record(steps: &[Step], policy: &Value) -> Vec<Recorded> {
    let emu = Emu::start();
    let mut out = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        if step.name == "plan" {
            seed_jobs(&emu);
        }
        let before = snapshot(&emu);
        deploy(&emu, policy, &step.roles);
        emu.reset_counters();
        let r = run(&emu, &step.args);
        assert!(
            r.code == 0,
            "tour step {i} ({}) failed under the full policy:\n{}\n{}",
            step.name,
            r.stdout,
            r.stderr
        );
        let calls = emu.calls().into_iter().map(|(op, _)| op).collect();
        out.push(Recorded {
            step: step.clone(),
            before,
            calls,
            run: r,
        });
    }
    out
}

/// Replays one recorded step under `policy` on `emu` (state put back first).
pub fn replay(emu: &Emu, rec: &Recorded, policy: &Value) -> Run {
    restore(emu, &rec.before);
    deploy(emu, policy, &rec.step.roles);
    run(emu, &rec.step.args)
}
