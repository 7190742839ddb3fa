//! Shared harness of the `plan` integration tests: the emulator started
//! in-process on 127.0.0.1:0, the real `backupctl` binary pointed at it with
//! env credentials, the emulator's admin API (counters, state), and a seeder
//! that writes a config's resources through the real aws-sdk-backup client
//! (standing in for `apply`, so plans can be checked against live state).
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use assert_cmd::Command;
use aws_sdk_backup::types as t;
use backupctl::model::{self, Desired, STACK_TAG};

pub struct Emu {
    pub rt: tokio::runtime::Runtime,
    pub emu: Option<backup_emulator::RunningEmulator>,
    pub endpoint: String,
}

impl Emu {
    pub fn start() -> Emu {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let emu = rt
            .block_on(backup_emulator::Emulator::start(
                backup_emulator::EmulatorOptions::default(),
            ))
            .expect("emulator starts");
        let endpoint = emu.endpoint();
        assert!(endpoint.starts_with("http://127.0.0.1:"));
        Emu {
            rt,
            emu: Some(emu),
            endpoint,
        }
    }

    pub fn client(&self) -> aws_sdk_backup::Client {
        self.client_in(REGION)
    }

    pub fn client_in(&self, region: &str) -> aws_sdk_backup::Client {
        let creds =
            aws_sdk_backup::config::Credentials::new("AKIDTEST", "secret", None, None, "test");
        let conf = aws_sdk_backup::Config::builder()
            .behavior_version(aws_sdk_backup::config::BehaviorVersion::latest())
            .region(aws_sdk_backup::config::Region::new(region.to_string()))
            .credentials_provider(creds)
            .endpoint_url(&self.endpoint)
            .build();
        aws_sdk_backup::Client::from_conf(conf)
    }

    /// The real binary with credentials and endpoint for this emulator and
    /// nothing from the developer's environment.
    pub fn backupctl(&self) -> Command {
        self.backupctl_at(env!("CARGO_BIN_EXE_backupctl"))
    }

    /// Like [`Emu::backupctl`] for a given binary path.
    pub fn backupctl_at(&self, bin: &str) -> Command {
        let mut cmd = Command::new(bin);
        cmd.env_clear().envs(self.env());
        cmd
    }

    /// The binary as a `std::process::Command` (to spawn, kill, or give it
    /// a terminal), with the same environment as [`Emu::backupctl`].
    pub fn backupctl_std(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_backupctl"));
        cmd.env_clear().envs(self.env());
        cmd
    }

    /// Credentials and endpoint for this emulator and nothing from the
    /// developer's environment.
    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("PATH", std::env::var("PATH").unwrap_or_default()),
            ("HOME", "/nonexistent".into()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            ("AWS_ACCESS_KEY_ID", "AKIDTEST".into()),
            ("AWS_SECRET_ACCESS_KEY", "secret".into()),
            ("AWS_REGION", REGION.into()),
            ("AWS_ENDPOINT_URL_BACKUP", self.endpoint.clone()),
            // The account guard's GetCallerIdentity goes to the emulator too.
            ("AWS_ENDPOINT_URL_STS", self.endpoint.clone()),
            ("NO_COLOR", "1".into()),
        ]
    }

    fn admin(&self, method: &str, path: &str, body: &str) -> String {
        let addr = self.endpoint.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        let (head, body) = resp.split_once("\r\n\r\n").expect("http response");
        assert!(head.contains(" 200 "), "{method} {path}: {head}");
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_string()
        }
    }

    /// `GET /__emulator/counters` as a map.
    pub fn counters(&self) -> HashMap<String, u64> {
        serde_json::from_str(&self.admin("GET", "/__emulator/counters", "")).unwrap()
    }

    /// Inject `ms` of latency into every AWS request.
    pub fn set_latency(&self, ms: u64) {
        self.admin(
            "PUT",
            "/__emulator/config",
            &format!("{{\"latency_ms\":{ms},\"jitter_ms\":0}}"),
        );
    }

    /// Raise the emulator's per-region quotas (AWS's are 100 vaults and 100 plans).
    pub fn raise_limits(&self, n: usize) {
        self.admin(
            "PUT",
            "/__emulator/config",
            &format!(
                "{{\"limits\":{{\"vaults_per_region\":{n},\"plans_per_region\":{n},\"selections_per_plan\":50}}}}"
            ),
        );
    }

    /// Make the next request of `op` fail once with `error`.
    pub fn fail_next(&self, op: &str, error: &str) {
        self.admin(
            "PUT",
            "/__emulator/config",
            &format!("{{\"fail_nth\":{{\"operation\":\"{op}\",\"n\":1,\"error\":\"{error}\"}}}}"),
        );
    }

    /// POST a JSON body to an admin path.
    pub fn admin_post(&self, path: &str, body: &str) -> String {
        self.admin("POST", path, body)
    }

    /// PUT a JSON body to an admin path (e.g. `/__emulator/config`).
    pub fn admin_put(&self, path: &str, body: &str) -> String {
        self.admin("PUT", path, body)
    }

    /// The operations called since the counters were reset, with their
    /// counts, sorted by name.
    pub fn calls(&self) -> Vec<(String, u64)> {
        let mut v: Vec<_> = self
            .counters()
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect();
        v.sort();
        v
    }

    /// Operations other than List*/Get*/Describe* that were called, sorted.
    pub fn mutating_calls(&self) -> Vec<(String, u64)> {
        self.calls()
            .into_iter()
            .filter(|(op, _)| {
                !["List", "Get", "Describe"]
                    .iter()
                    .any(|p| op.starts_with(p))
            })
            .collect()
    }

    pub fn reset_counters(&self) {
        self.admin("POST", "/__emulator/counters/reset", "");
    }

    pub fn state(&self) -> serde_json::Value {
        serde_json::from_str(&self.admin("GET", "/__emulator/state", "")).unwrap()
    }

    /// Create everything `d` declares in `region`.
    pub fn seed_in(&self, d: &Desired, region: &str) {
        self.rt.block_on(seed(&self.client_in(region), d));
    }

    /// Create everything `yaml` declares, as an apply would.
    pub fn seed_yaml(&self, yaml: &str) {
        let d = desired(yaml);
        self.rt.block_on(seed(&self.client(), &d));
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        if let Some(e) = self.emu.take() {
            self.rt.block_on(e.shutdown());
        }
    }
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n]);
        rest = &tail[n + 2..];
    }
    out
}

pub const REGION: &str = "us-east-1";

pub fn desired(yaml: &str) -> Desired {
    let loaded = backupctl::config::load_from_str(&[("t.yaml", yaml)])
        .unwrap_or_else(|d| panic!("invalid test config: {}", d.render_text(false)));
    model::desired::from_config(&loaded.config)
}

pub fn desired_from_files(paths: &[std::path::PathBuf]) -> Desired {
    let loaded = backupctl::config::load(paths).expect("valid example");
    model::desired::from_config(&loaded.config)
}

fn tags(m: &model::Tags, stack: &str) -> HashMap<String, String> {
    let mut t: HashMap<_, _> = m.clone().into_iter().collect();
    // An empty stack seeds unmanaged (untagged) resources.
    if !stack.is_empty() {
        t.insert(STACK_TAG.to_string(), stack.to_string());
    }
    t
}

fn lifecycle(l: &model::Lifecycle) -> t::Lifecycle {
    t::Lifecycle::builder()
        .set_move_to_cold_storage_after_days(l.move_to_cold_storage_after_days)
        .set_delete_after_days(l.delete_after_days)
        .opt_in_to_archive_for_supported_resources(l.opt_in_to_archive_for_supported_resources)
        .build()
}

/// Create vaults, plans and selections of `d` (and set its declared
/// settings) through the SDK.
pub async fn seed(c: &aws_sdk_backup::Client, d: &Desired) {
    let st = &d.settings;
    if !st.global.is_empty() {
        c.update_global_settings()
            .set_global_settings(Some(st.global.clone().into_iter().collect()))
            .send()
            .await
            .expect("update global settings");
    }
    if !st.resource_type_opt_in.is_empty() || !st.resource_type_management.is_empty() {
        c.update_region_settings()
            .set_resource_type_opt_in_preference(Some(
                st.resource_type_opt_in.clone().into_iter().collect(),
            ))
            .set_resource_type_management_preference(Some(
                st.resource_type_management.clone().into_iter().collect(),
            ))
            .send()
            .await
            .expect("update region settings");
    }
    for v in d.vaults.values() {
        c.create_backup_vault()
            .backup_vault_name(&v.name)
            .set_encryption_key_arn(v.encryption_key_arn.clone())
            .set_backup_vault_tags(Some(tags(&v.tags, &d.stack)))
            .send()
            .await
            .expect("create vault");
        if let Some(p) = &v.access_policy {
            c.put_backup_vault_access_policy()
                .backup_vault_name(&v.name)
                .policy(serde_json::to_string_pretty(p).unwrap())
                .send()
                .await
                .expect("put policy");
        }
        if let Some(n) = &v.notifications {
            c.put_backup_vault_notifications()
                .backup_vault_name(&v.name)
                .sns_topic_arn(&n.sns_topic_arn)
                .set_backup_vault_events(Some(
                    n.events
                        .iter()
                        .rev()
                        .map(|e| t::BackupVaultEvent::from(e.as_str()))
                        .collect(),
                ))
                .send()
                .await
                .expect("put notifications");
        }
        if let Some(l) = &v.lock {
            c.put_backup_vault_lock_configuration()
                .backup_vault_name(&v.name)
                .set_min_retention_days(l.min_retention_days)
                .set_max_retention_days(l.max_retention_days)
                .set_changeable_for_days(l.changeable_for_days)
                .send()
                .await
                .expect("put lock");
        }
    }
    for p in d.plans.values() {
        let mut input = t::BackupPlanInput::builder().backup_plan_name(&p.name);
        // Reverse order on purpose: rule order must not matter.
        for (name, r) in p.rules.iter().rev() {
            let mut b = t::BackupRuleInput::builder()
                .rule_name(name)
                .target_backup_vault_name(&r.target_vault)
                .enable_continuous_backup(r.enable_continuous_backup);
            // Leave AWS defaults unset so the emulator fills them in.
            if r.schedule != model::DEFAULT_SCHEDULE {
                b = b.schedule_expression(&r.schedule);
            }
            if r.schedule_timezone != model::DEFAULT_TIMEZONE {
                b = b.schedule_expression_timezone(&r.schedule_timezone);
            }
            if r.start_window_minutes != model::DEFAULT_START_WINDOW {
                b = b.start_window_minutes(r.start_window_minutes);
            }
            if r.completion_window_minutes != model::DEFAULT_COMPLETION_WINDOW {
                b = b.completion_window_minutes(r.completion_window_minutes);
            }
            if let Some(l) = &r.lifecycle {
                b = b.lifecycle(lifecycle(l));
            }
            for ca in &r.copy_actions {
                b = b.copy_actions(
                    t::CopyAction::builder()
                        .destination_backup_vault_arn(&ca.destination_vault_arn)
                        .set_lifecycle(ca.lifecycle.as_ref().map(lifecycle))
                        .build()
                        .unwrap(),
                );
            }
            if !r.recovery_point_tags.is_empty() {
                b = b.set_recovery_point_tags(Some(
                    r.recovery_point_tags.clone().into_iter().collect(),
                ));
            }
            input = input.rules(b.build().unwrap());
        }
        for (rt, opts) in &p.advanced_backup_settings {
            input = input.advanced_backup_settings(
                t::AdvancedBackupSetting::builder()
                    .resource_type(rt)
                    .set_backup_options(Some(opts.clone().into_iter().collect()))
                    .build(),
            );
        }
        let out = c
            .create_backup_plan()
            .backup_plan(input.build().unwrap())
            .set_backup_plan_tags(Some(tags(&p.tags, &d.stack)))
            .send()
            .await
            .expect("create plan");
        let id = out.backup_plan_id().unwrap().to_string();
        for (name, s) in &p.selections {
            let mut b = t::BackupSelection::builder()
                .selection_name(name)
                .iam_role_arn(&s.iam_role_arn)
                .set_resources(Some(s.resources.iter().rev().cloned().collect()))
                .set_not_resources(Some(s.not_resources.iter().cloned().collect()));
            for tc in &s.list_of_tags {
                b = b.list_of_tags(
                    t::Condition::builder()
                        .condition_type(t::ConditionType::from(tc.condition_type.as_str()))
                        .condition_key(&tc.key)
                        .condition_value(&tc.value)
                        .build()
                        .unwrap(),
                );
            }
            let params = |set: &std::collections::BTreeSet<(String, String)>| {
                Some(
                    set.iter()
                        .map(|(k, v)| {
                            t::ConditionParameter::builder()
                                .condition_key(k)
                                .condition_value(v)
                                .build()
                        })
                        .collect::<Vec<_>>(),
                )
            };
            let cs = &s.conditions;
            b = b.conditions(
                t::Conditions::builder()
                    .set_string_equals(params(&cs.string_equals))
                    .set_string_not_equals(params(&cs.string_not_equals))
                    .set_string_like(params(&cs.string_like))
                    .set_string_not_like(params(&cs.string_not_like))
                    .build(),
            );
            c.create_backup_selection()
                .backup_plan_id(&id)
                .backup_selection(b.build().unwrap())
                .send()
                .await
                .expect("create selection");
        }
    }
}

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

/// Run a command; (exit code, stdout, stderr).
pub fn output_of(mut cmd: Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
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

/// The real binary in `dir` with an empty environment (HOME = `dir`, no
/// colour, no IMDS): for commands that must not see the caller's AWS setup.
pub fn isolated(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_backupctl"));
    cmd.current_dir(dir)
        .env_clear()
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    cmd
}

/// Run [`isolated`] with `args`; (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    outcome(isolated(dir).args(args).output().unwrap())
}

/// (exit code, stdout, stderr) of a finished process.
pub fn outcome(out: std::process::Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
