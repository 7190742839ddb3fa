//! Timeouts and retry overrides fit CI (issue 12, items 12 and 13), through
//! the real binary: an endpoint that accepts and never answers, one that
//! never accepts, and one slower than the operation timeout each end the
//! command with exit 1 and one line naming the endpoint, the operation and
//! the limit, long before the defaults (20 s read, 5 s connect, 60 s per
//! call); `AWS_RETRY_MODE` and `AWS_MAX_ATTEMPTS` still choose the SDK's
//! standard retries and the attempts. All endpoints are on 127.0.0.1.

use std::time::{Duration, Instant};

use testkit::net::*;
use testkit::{bare, output};

const CONFIG: &str = "version: 1\nstack: ci\nvaults:\n  - name: ci-vault\n";

/// `plan` against `endpoint` with static env credentials and `args`;
/// (code, stderr, elapsed).
fn plan_at(endpoint: &str, args: &[&str]) -> (i32, String, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backupctl.yaml");
    std::fs::write(&file, CONFIG).unwrap();
    let mut cmd = bare(None);
    cmd.env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "AKIDTEST")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .args(["plan", "--endpoint-url", endpoint, "-f"])
        .arg(&file)
        .args(args);
    let start = Instant::now();
    let (code, _, err) = output(&mut cmd);
    (code, err, start.elapsed())
}

#[test]
fn endpoint_that_accepts_and_never_answers_fails_at_the_read_timeout() {
    let (port, _held) = silent_endpoint();
    let endpoint = format!("http://127.0.0.1:{port}");
    let (code, err, took) = plan_at(&endpoint, &["--read-timeout", "1s"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "error: AWS Backup endpoint {endpoint} accepted the connection but sent no answer to "
        )),
        "{err}"
    );
    assert!(err.contains(" within 1s (read timeout)"), "{err}");
    assert!(err.contains("--read-timeout"), "{err}");
    // Not retried (the endpoint never answered): one timeout, far below
    // the 20 s default and the 60 s the command used to hang.
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn endpoint_that_never_accepts_fails_at_the_connect_timeout() {
    let backlog = never_accepting_endpoint();
    let endpoint = format!("http://127.0.0.1:{}", backlog.port);
    let (code, err, took) = plan_at(&endpoint, &["--connect-timeout", "1s"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "error: AWS Backup endpoint {endpoint} did not answer within 1s (connect timeout, "
        )),
        "{err}"
    );
    assert!(err.contains("--connect-timeout"), "{err}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn slow_answers_end_at_the_operation_timeout() {
    let emu = testkit::Emu::start();
    emu.set_latency(3000);
    let (code, err, took) = plan_at(
        &emu.endpoint,
        &["--operation-timeout", "1s", "--read-timeout", "10s"],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(" did not complete within 1s (operation timeout"),
        "{err}"
    );
    assert!(
        err.contains(&format!("at AWS Backup endpoint {}", emu.endpoint)),
        "{err}"
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn bad_durations_are_usage_errors() {
    let (code, err, _) = plan_at("http://127.0.0.1:9", &["--connect-timeout", "5x"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("`5x` is not a duration"), "{err}");
    let (code, err, _) = plan_at("http://127.0.0.1:9", &["--retry-mode", "turbo"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("paced"), "{err}");
}

#[test]
fn aws_retry_mode_and_max_attempts_still_override() {
    let emu = testkit::Emu::start();
    emu.seed_yaml(CONFIG);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backupctl.yaml");
    std::fs::write(&file, CONFIG).unwrap();
    // Standard retries with a single attempt: one throttle is fatal.
    emu.fail_next("ListTags", "ThrottlingException");
    emu.reset_counters();
    let mut cmd = emu.backupctl_std();
    cmd.env("AWS_RETRY_MODE", "standard")
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["plan", "-f"])
        .arg(&file);
    let (code, _, err) = output(&mut cmd);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("error: ListTags was still throttled by AWS after all retries"),
        "{err}"
    );
    assert_eq!(emu.counters()["ListTags"], 1);
    // The default (paced) does not count a throttle against the attempts.
    emu.fail_next("ListTags", "ThrottlingException");
    emu.reset_counters();
    let mut cmd = emu.backupctl_std();
    cmd.env("AWS_MAX_ATTEMPTS", "1")
        .args(["plan", "--detailed-exitcode", "-f"])
        .arg(&file);
    let (code, out, err) = output(&mut cmd);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(emu.counters()["ListTags"], 2);
}
