//! Hostile input: each file must end in a clear error (exit 1, a message
//! naming the problem) — never a panic, a hang or unbounded memory.
//!
//! The binary runs under rlimits set in the child before exec: address space
//! 1 GiB (a loose ceiling; the observed peak RSS is asserted below 200 MB
//! through `getrusage`) and 10 s of CPU, so a hang or a runaway allocation
//! ends the child instead of the machine. These are bounds, not timings.

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MAX_RSS_BYTES: i64 = 200 * 1024 * 1024;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_backupctl"))
}

/// Run `backupctl validate -f path` under rlimits; return its output and
/// the child's peak resident set size in bytes.
#[allow(
    unsafe_code,
    reason = "setrlimit in pre_exec and getrusage have no safe std equivalent"
)]
fn run_limited(path: &Path) -> (Output, i64) {
    let mut cmd = Command::new(bin());
    cmd.args(["validate", "-f"]).arg(path).env("NO_COLOR", "1");
    // SAFETY: only async-signal-safe setrlimit calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = |res, n: u64| {
                let l = libc::rlimit {
                    rlim_cur: n,
                    rlim_max: n,
                };
                if libc::setrlimit(res, &l) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            };
            limit(libc::RLIMIT_AS, 1 << 30)?;
            limit(libc::RLIMIT_CPU, 10)?;
            Ok(())
        });
    }
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn backupctl");
    let pid = child.id() as libc::pid_t;
    let out = child.wait_with_output().expect("wait");
    // wait_with_output reaped the child; its usage is in RUSAGE_CHILDREN,
    // which holds the largest peak of all children so far: an upper bound.
    let _ = pid;
    // SAFETY: rusage is plain integers and timevals, for which all-zero
    // bytes are a valid value.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    (out, ru.ru_maxrss * 1024)
}

fn assert_clean_failure(path: &Path, want: &str) {
    let (out, rss) = run_limited(path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "status {:?}, stderr: {stderr}",
        out.status
    );
    assert!(stderr.contains(want), "expected `{want}` in: {stderr}");
    assert!(rss < MAX_RSS_BYTES, "peak RSS {} MB", rss / (1024 * 1024));
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn billion_laughs_is_refused() {
    let mut s = String::from("version: 1\nstack: lol\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..10 {
        let p = i - 1;
        s.push_str(&format!(
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "lol.yaml", s.as_bytes());
    assert_clean_failure(&p, "invalid YAML");
}

#[test]
fn ten_thousand_deep_flow_nesting_is_refused() {
    let s = format!(
        "version: 1\nstack: deep\nvaults: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "deep.yaml", s.as_bytes());
    assert_clean_failure(&p, "invalid YAML");
}

#[test]
fn ten_thousand_deep_block_nesting_is_refused() {
    let s = format!(
        "version: 1\nstack: deep\nvaults:\n  {}x\n",
        "- ".repeat(10_000)
    );
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "deep.yaml", s.as_bytes());
    assert_clean_failure(&p, "invalid YAML");
}

#[test]
fn fifty_megabyte_file_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.yaml");
    let mut f = std::fs::File::create(&p).unwrap();
    f.write_all(b"version: 1\nstack: big\n").unwrap();
    let line = format!("# {}\n", "x".repeat(1022));
    for _ in 0..(50 * 1024) {
        f.write_all(line.as_bytes()).unwrap();
    }
    drop(f);
    assert!(std::fs::metadata(&p).unwrap().len() >= 50 * 1024 * 1024);
    assert_clean_failure(&p, "file is larger than 10 MiB");
}

#[test]
fn invalid_utf8_names_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "bad.yaml",
        b"version: 1\nstack: ok\nvaults:\n  - name: caf\xe9\n",
    );
    assert_clean_failure(&p, "bad.yaml:4:14: invalid UTF-8 (byte 0xe9 at offset 42)");
}

#[test]
fn empty_and_comment_only_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in [
        ("empty.yaml", ""),
        ("blank.yaml", "\n  \n"),
        ("comments.yaml", "# nothing\n---\n"),
    ] {
        let p = write(dir.path(), name, body.as_bytes());
        assert_clean_failure(&p, &format!("{name}: file is empty"));
    }
}

#[test]
fn several_documents_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "multi.yaml",
        b"version: 1\nstack: a\n---\nversion: 1\nstack: b\n---\nx: 1\n",
    );
    assert_clean_failure(&p, "multi.yaml:4:1: file holds 3 YAML documents");
}

#[test]
fn nul_bytes_and_binary_garbage_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "nul.yaml", b"version: 1\nstack: \x00\x01\x02\n");
    assert_clean_failure(&p, "nul.yaml:2:");
}

#[test]
fn a_scalar_document_is_not_a_config() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "scalar.yaml", b"just a string\n");
    assert_clean_failure(&p, "scalar.yaml:1:1: expected a mapping, found a string");
}

#[test]
fn bom_and_crlf_just_work() {
    let dir = tempfile::tempdir().unwrap();
    let body = "version: 1\r\nstack: crlf\r\nvaults:\r\n  - name: main\r\nplans:\r\n  - name: p\r\n    rules:\r\n      - name: r\r\n        target_vault: main\r\n        schedule: cron(0 5 ? * * *)\r\n";
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(body.as_bytes());
    let p = write(dir.path(), "bom.yaml", &bytes);
    let (out, _) = run_limited(&p);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Positions stay right with CRLF and a BOM.
    let bad = body.replace("target_vault: main", "target_vault: mian");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(bad.as_bytes());
    let p = write(dir.path(), "bom-bad.yaml", &bytes);
    assert_clean_failure(
        &p,
        "bom-bad.yaml:9:23: plans[0].rules[0].target_vault: target vault `mian` is not defined",
    );
}
