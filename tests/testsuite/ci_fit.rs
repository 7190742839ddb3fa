//! Messages and logs fit CI (issue 12, items 10 and 11), through the real
//! binary: no colour on a pipe; one line, without the SDK's instance
//! metadata warnings, for a missing region or missing credentials (while
//! instance metadata and container credentials still work as sources); an
//! unknown profile named with the known ones; `-v` one line per AWS call,
//! `-vv` backupctl's debug lines, SDK internals only from `-vvv`; and
//! `validate`'s next runs behind `--next-runs`, `--verbose` and `-v` alike.
//! Instance metadata and container credentials are local servers on
//! 127.0.0.1 (`testkit::net`).

use std::process::Stdio;

use testkit::net::*;
use testkit::{bare, output};

const CONFIG: &str = "\
version: 1
stack: ci
vaults:
  - name: ci-vault
plans:
  - name: ci-plan
    rules:
      - name: daily
        target_vault: ci-vault
    selections:
      - name: tagged
        iam_role_arn: arn:aws:iam::123456789012:role/backup
        list_of_tags:
          - {condition_type: STRINGEQUALS, key: backup, value: daily}
";

fn config() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backupctl.yaml");
    std::fs::write(&file, CONFIG).unwrap();
    (dir, file)
}

#[test]
fn log_lines_carry_no_colour_when_stderr_is_a_pipe() {
    let emu = testkit::Emu::start();
    emu.seed_yaml(CONFIG);
    let (_dir, file) = config();
    let mut cmd = emu.backupctl_std();
    // Neither NO_COLOR nor --no-color: only the pipe says "no colour".
    cmd.env_remove("NO_COLOR")
        .args(["plan", "-v", "-f"])
        .arg(&file);
    let (code, _, err) = output(&mut cmd);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("INFO"), "{err}");
    assert!(!err.contains('\u{1b}'), "ANSI escapes on a pipe: {err:?}");
}

#[test]
fn log_lines_are_coloured_on_a_terminal_unless_no_color() {
    let emu = testkit::Emu::start();
    emu.seed_yaml(CONFIG);
    let (_dir, file) = config();
    for (no_color, flag, coloured) in [
        (false, false, true),
        (true, false, false),
        (false, true, false),
    ] {
        let (master, slave) = pty();
        let mut cmd = emu.backupctl_std();
        cmd.env_remove("NO_COLOR").env("TERM", "xterm");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        if flag {
            cmd.arg("--no-color");
        }
        let mut child = cmd
            .args(["plan", "-v", "-f"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::from(slave))
            .spawn()
            .unwrap();
        // The child holds the only slave end once `cmd` is gone; reading
        // ends at its exit.
        drop(cmd);
        let err = read_pty(master);
        assert!(child.wait().unwrap().success(), "{err}");
        assert!(err.contains("INFO"), "{err}");
        assert_eq!(
            err.contains('\u{1b}'),
            coloured,
            "NO_COLOR={no_color} --no-color={flag}: {err:?}"
        );
    }
}

#[test]
fn missing_region_is_one_line_without_instance_metadata_warnings() {
    let (port, hits) = refusing_imds();
    let (_dir, file) = config();
    let mut cmd = bare(Some(port));
    cmd.env("AWS_ACCESS_KEY_ID", "AKIDTEST")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .args(["plan", "-f"])
        .arg(&file);
    let (code, out, err) = output(&mut cmd);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        err,
        "error: no AWS region: pass --region or set AWS_REGION (or `region` in profile `default` of ~/.aws/config)\n"
    );
    // The SDK did ask the instance metadata service (a real source on EC2).
    assert!(hits.load(std::sync::atomic::Ordering::SeqCst) > 0);
}

#[test]
fn missing_credentials_is_one_line_without_provider_chain_warnings() {
    let (port, _) = refusing_imds();
    let (_dir, file) = config();
    let mut cmd = bare(Some(port));
    cmd.env("AWS_REGION", "us-east-1")
        .args(["plan", "-f"])
        .arg(&file);
    let (code, out, err) = output(&mut cmd);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: no AWS credentials found: none in the environment"),
        "{err}"
    );
    // Why instance metadata gave none is kept: on EC2 it is the clue.
    assert!(err.contains("EC2 instance metadata ("), "{err}");
    assert!(!err.contains("WARN"), "{err}");
}

#[test]
fn instance_metadata_and_container_credentials_still_work() {
    let emu = testkit::Emu::start();
    emu.seed_yaml(CONFIG);
    let (imds, imds_hits) = imds_in("us-east-1");
    let (creds, creds_hits) = container_credentials("AKIDCONTAINER");
    let (_dir, file) = config();
    let mut cmd = bare(Some(imds));
    cmd.env("AWS_ENDPOINT_URL_BACKUP", &emu.endpoint)
        .env("AWS_ENDPOINT_URL_STS", &emu.endpoint)
        .env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("http://127.0.0.1:{creds}/creds"),
        )
        .args(["plan", "--detailed-exitcode", "-f"])
        .arg(&file);
    let (code, out, err) = output(&mut cmd);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("No changes."), "{out}");
    assert!(imds_hits.load(std::sync::atomic::Ordering::SeqCst) > 0);
    assert!(creds_hits.load(std::sync::atomic::Ordering::SeqCst) > 0);
}

#[test]
fn unknown_profile_is_named_with_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (config_file, creds) = (dir.path().join("config"), dir.path().join("credentials"));
    std::fs::write(
        &config_file,
        "[default]\nregion = eu-west-1\n[profile dev]\n",
    )
    .unwrap();
    std::fs::write(
        &creds,
        "[prod]\naws_access_key_id = AKID\naws_secret_access_key = x\n",
    )
    .unwrap();
    let (_d, file) = config();
    for (how, expect_from) in [("flag", ""), ("env", " (from AWS_PROFILE)")] {
        let mut cmd = bare(None);
        cmd.env("AWS_CONFIG_FILE", &config_file)
            .env("AWS_SHARED_CREDENTIALS_FILE", &creds)
            .env("AWS_REGION", "us-east-1")
            .args(["plan", "-f"])
            .arg(&file);
        if how == "flag" {
            cmd.args(["--profile", "nosuch"]);
        } else {
            cmd.env("AWS_PROFILE", "nosuch");
        }
        let (code, _, err) = output(&mut cmd);
        assert_eq!(code, 1, "{err}");
        assert_eq!(
            err,
            format!(
                "error: profile `nosuch`{expect_from} is not in {} or {} (known: default, dev, prod)\n",
                config_file.display(),
                creds.display()
            )
        );
    }
}

/// (code, stderr) of `plan -v…` against an emulator holding CONFIG.
fn plan_with(verbosity: &str) -> (i32, String, Vec<(String, u64)>) {
    let emu = testkit::Emu::start();
    emu.seed_yaml(CONFIG);
    emu.reset_counters();
    let (_dir, file) = config();
    let mut cmd = emu.backupctl_std();
    cmd.args(["plan", verbosity, "-f"]).arg(&file);
    let (code, _, err) = output(&mut cmd);
    (code, err, emu.calls())
}

#[test]
fn dash_v_prints_one_line_per_aws_call() {
    let (code, err, calls) = plan_with("-v");
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("backupctl::aws:") && l.contains(" -> "))
        .collect();
    let total: u64 = calls.iter().map(|(_, n)| n).sum();
    assert_eq!(lines.len() as u64, total, "{err}");
    for (op, n) in &calls {
        let seen = lines
            .iter()
            .filter(|l| l.contains(&format!("backupctl::aws: {op} ")))
            .count() as u64;
        assert_eq!(seen, *n, "{op}: {err}");
    }
    // Operation, resource, status (and AWS error code), time.
    let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
    assert!(has("ListBackupVaults -> 200 in "), "{err}");
    assert!(
        has("ListTags arn:aws:backup:us-east-1:123456789012:backup-vault:ci-vault -> 200 in "),
        "{err}"
    );
    assert!(
        has("GetBackupVaultAccessPolicy vault ci-vault -> 400 ResourceNotFoundException in "),
        "{err}"
    );
    assert!(has("GetBackupPlan plan "), "{err}");
    assert!(err.contains(&format!("{total} AWS calls in ")), "{err}");
    // Nothing from the SDK's own targets.
    assert!(
        !err.contains("aws_smithy") && !err.contains("aws_config"),
        "{err}"
    );
}

/// stderr of `apply -v… --auto-approve` of CONFIG on an empty account.
fn apply_with(verbosity: &str) -> String {
    let emu = testkit::Emu::start();
    let (_dir, file) = config();
    let mut cmd = emu.backupctl_std();
    cmd.args(["apply", "--auto-approve", verbosity, "-f"])
        .arg(&file);
    let (code, _, err) = output(&mut cmd);
    assert_eq!(code, 0, "{err}");
    err
}

#[test]
fn sdk_internals_only_from_dash_vvv() {
    let vv = apply_with("-vv");
    assert!(vv.contains("DEBUG"), "{vv}");
    for l in vv
        .lines()
        .filter(|l| l.contains("DEBUG") || l.contains("TRACE"))
    {
        assert!(
            l.contains(" backupctl") || l.contains(" backup_emulator"),
            "-vv shows a line from outside backupctl: {l}"
        );
    }
    let vvv = apply_with("-vvv");
    assert!(vvv.contains("aws_smithy_runtime"), "{vvv}");
}

#[test]
fn one_throttle_is_retried_at_once_logged_and_paces_nothing() {
    let emu = testkit::Emu::start();
    emu.seed_yaml(CONFIG);
    emu.fail_next("ListTags", "ThrottlingException");
    let (_dir, file) = config();
    let mut cmd = emu.backupctl_std();
    cmd.args(["plan", "-v", "--detailed-exitcode", "-f"])
        .arg(&file);
    let (code, out, err) = output(&mut cmd);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("after 2 attempts (retried: 400 ThrottlingException)"),
        "{err}"
    );
    // A lone throttle slows nothing down: no operation gets paced.
    assert!(!err.contains("pacing"), "{err}");
    assert!(err.contains(", 1 throttled, "), "{err}");
    assert!(!err.contains("; paced"), "{err}");
}

#[test]
fn validate_next_runs_verbose_and_dash_v_agree() {
    let run = |flag: &str| {
        let mut cmd = bare(None);
        cmd.args(["validate", flag, "-f", "examples/production.yaml"]);
        output(&mut cmd)
    };
    let (code, reference, err) = run("--next-runs");
    assert_eq!(code, 0, "{err}");
    assert!(reference.contains(" next: "), "{reference}");
    for flag in ["--verbose", "-v", "--verbose-log"] {
        let (code, out, err) = run(flag);
        assert_eq!(code, 0, "{flag}: {err}");
        let runs = |s: &str| s.lines().filter(|l| l.contains(" next: ")).count();
        assert_eq!(runs(&out), runs(&reference), "{flag}: {out}");
    }
    let (_, plain, _) = run("-q");
    assert!(!plain.contains(" next: "), "{plain}");
}
