//! The GitHub Action's own scripts (action.yml), run with bash against a
//! stand-in `gh` that serves a release from a temporary directory and
//! records the comment API calls: the install step downloads the archive
//! of the runner's target, checks its SHA-256 against SHA256SUMS (a
//! tampered archive or a missing entry fails the step and installs
//! nothing), puts the real backupctl binary on GITHUB_PATH; the comment
//! step posts one comment, or updates the one carrying the marker.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `run:` script of the action step with this id.
fn script(id: &str) -> String {
    let text = std::fs::read_to_string("action.yml").unwrap();
    let doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let step = doc["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step {id}"));
    step["run"].as_str().unwrap().to_string()
}

/// A stand-in `gh`: `release view` names v0.1.0, `release download` copies
/// the asked patterns from $FAKE_RELEASES/TAG, `api` logs its arguments and
/// answers $FAKE_COMMENT_IDS for a comment listing and 4242 for a POST.
const FAKE_GH: &str = r#"#!/bin/bash
echo "$*" >> "$FAKE_LOG"
case "$1 $2" in
  "release view") echo v0.1.0 ;;
  "release download")
    tag=$3; shift 3; dir=.; pats=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --dir) dir=$2; shift 2 ;;
        --pattern) pats+=("$2"); shift 2 ;;
        *) shift ;;
      esac
    done
    for p in "${pats[@]}"; do
      cp "$FAKE_RELEASES/$tag/$p" "$dir/" || { echo "no asset $p" >&2; exit 1; }
    done ;;
  "api repos/"*) printf '%s\n' $FAKE_COMMENT_IDS ;;
  "api --method")
    for a in "$@"; do case "$a" in body=@*) cp "${a#body=@}" "$FAKE_BODY" ;; esac; done
    if [ "$3" = POST ]; then echo 4242; fi ;;
esac
"#;

struct Runner {
    dir: tempfile::TempDir,
}

impl Runner {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("fakebin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("gh"), FAKE_GH).unwrap();
        chmod_x(&bin.join("gh"));
        std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
        Runner { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// A release v0.1.0 holding the real binary for x86_64 Linux, with
    /// SHA256SUMS (`tamper`: the archive changes after its sum is taken).
    fn release(&self, tamper: bool, list_it: bool) {
        let name = "backupctl-0.1.0-x86_64-unknown-linux-musl";
        let stage = self.path("stage").join(name);
        std::fs::create_dir_all(&stage).unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_backupctl"), stage.join("backupctl")).unwrap();
        let rel = self.path("releases/v0.1.0");
        std::fs::create_dir_all(&rel).unwrap();
        let sums = if list_it {
            format!("sha256sum {name}.tar.gz > SHA256SUMS")
        } else {
            format!("echo '{}  other.tar.gz' > SHA256SUMS", "0".repeat(64))
        };
        let tamper = if tamper {
            format!("echo x | gzip >> {name}.tar.gz")
        } else {
            String::new()
        };
        let sh = format!(
            "set -e; tar -C '{stage}' -czf '{rel}/{name}.tar.gz' {name}; cd '{rel}'; {sums}; {tamper}",
            stage = self.path("stage").display(),
            rel = rel.display(),
        );
        let ok = Command::new("bash").args(["-c", &sh]).status().unwrap();
        assert!(ok.success());
    }

    fn run(&self, id: &str, env: &[(&str, &str)]) -> (i32, String, String) {
        let path = format!(
            "{}:{}",
            self.path("fakebin").display(),
            std::env::var("PATH").unwrap()
        );
        let mut cmd = Command::new("bash");
        cmd.args(["-c", &script(id)])
            .current_dir(self.dir.path())
            .env("PATH", path)
            .env("FAKE_LOG", self.path("gh.log"))
            .env("FAKE_RELEASES", self.path("releases"))
            .env("FAKE_BODY", self.path("body.md"))
            .env("RUNNER_TEMP", self.path("tmp"))
            .env("GITHUB_PATH", self.path("github_path"))
            .env("GITHUB_OUTPUT", self.path("github_output"))
            .env("GITHUB_SERVER_URL", "https://github.example")
            .env("GITHUB_REPOSITORY", "acme/infra")
            .env("GITHUB_RUN_ID", "99")
            .env("GH_TOKEN", "token");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_default()
    }
}

fn chmod_x(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

const LINUX_X64: [(&str, &str); 4] = [
    ("RUNNER_OS_NAME", "Linux"),
    ("RUNNER_ARCH_NAME", "X64"),
    ("INPUT_REPOSITORY", ""),
    ("ACTION_REPOSITORY", "acme/backupctl"),
];

#[test]
fn install_verifies_the_checksum_and_puts_the_binary_on_the_path() {
    let r = Runner::new();
    r.release(false, true);
    let mut env = LINUX_X64.to_vec();
    env.push(("INPUT_VERSION", "latest"));
    let (code, out, err) = r.run("install", &env);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("matches SHA256SUMS"), "{out}");
    assert!(
        out.contains("backupctl 0.1.0"),
        "--version of the installed binary: {out}"
    );
    let dir = r.read("github_path");
    let installed = PathBuf::from(dir.trim()).join("backupctl");
    let version = Command::new(&installed).arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("backupctl "));
    let outputs = r.read("github_output");
    assert!(outputs.contains("version=0.1.0"), "{outputs}");
    let log = r.read("gh.log");
    assert!(log.contains("release view --repo acme/backupctl"), "{log}");
    assert!(
        log.contains(
            "--pattern backupctl-0.1.0-x86_64-unknown-linux-musl.tar.gz --pattern SHA256SUMS"
        ),
        "{log}"
    );
}

#[test]
fn install_refuses_a_tampered_archive_or_one_not_in_sha256sums() {
    for (tamper, listed, says) in [
        (true, true, "SHA-256 mismatch"),
        (false, false, "is not listed in SHA256SUMS"),
    ] {
        let r = Runner::new();
        r.release(tamper, listed);
        let mut env = LINUX_X64.to_vec();
        env.push(("INPUT_VERSION", "v0.1.0"));
        let (code, out, err) = r.run("install", &env);
        assert_eq!(code, 1, "{out}\n{err}");
        assert!(out.contains(says), "{out}");
        assert!(r.read("github_path").is_empty(), "nothing installed");
        assert!(
            !r.read("gh.log").contains("release view"),
            "a pinned version is not looked up"
        );
    }
}

#[test]
fn install_refuses_a_runner_without_a_release_binary() {
    let r = Runner::new();
    let env = [
        ("RUNNER_OS_NAME", "Windows"),
        ("RUNNER_ARCH_NAME", "X64"),
        ("ACTION_REPOSITORY", "acme/backupctl"),
        ("INPUT_VERSION", "latest"),
    ];
    let (code, out, _) = r.run("install", &env);
    assert_eq!(code, 1);
    assert!(out.contains("no release binary for Windows/X64"), "{out}");
}

#[test]
fn comment_is_posted_once_then_updated_by_its_marker() {
    let r = Runner::new();
    std::fs::write(r.path("plan.md"), "Plan: 1 to add\n").unwrap();
    let marker = "<!-- backupctl-plan -->";
    let env = [
        ("REPO", "acme/infra"),
        ("PR", "17"),
        ("FILE", "plan.md"),
        ("MARKER", marker),
        ("FAKE_COMMENT_IDS", ""),
    ];
    let (code, out, err) = r.run("comment", &env);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("posted comment 4242 on #17"), "{out}");
    assert_eq!(r.read("body.md"), format!("{marker}\nPlan: 1 to add\n"));
    let log = r.read("gh.log");
    assert!(log.contains(&format!("startswith(\"{marker}\")")), "{log}");
    assert!(
        log.contains("--method POST repos/acme/infra/issues/17/comments"),
        "{log}"
    );

    // A second run finds the marked comments and updates the newest one.
    let mut env = env.to_vec();
    env[4] = ("FAKE_COMMENT_IDS", "11 12");
    let (code, out, _) = r.run("comment", &env);
    assert_eq!(code, 0);
    assert!(out.contains("updated comment 12 on #17"), "{out}");
    assert!(r
        .read("gh.log")
        .contains("--method PATCH repos/acme/infra/issues/comments/12"));
    assert!(r.read("github_output").contains("id=12"));
}

#[test]
fn comment_is_truncated_below_githubs_limit_and_needs_a_marker_comment() {
    let r = Runner::new();
    std::fs::write(r.path("plan.md"), "x".repeat(70_000)).unwrap();
    let env = [
        ("REPO", "acme/infra"),
        ("PR", "17"),
        ("FILE", "plan.md"),
        ("MARKER", "<!-- m -->"),
        ("FAKE_COMMENT_IDS", ""),
    ];
    let (code, ..) = r.run("comment", &env);
    assert_eq!(code, 0);
    let body = r.read("body.md");
    assert!(body.len() < 65_536, "{}", body.len());
    assert!(body.contains("truncated: the full text is in the workflow run https://github.example/acme/infra/actions/runs/99"));

    let mut env = env.to_vec();
    env[3] = ("MARKER", "backupctl");
    let (code, out, _) = r.run("comment", &env);
    assert_eq!(code, 1);
    assert!(
        out.contains("comment-marker must be an HTML comment"),
        "{out}"
    );
}

#[test]
fn install_finds_the_action_repository_from_its_checkout_path() {
    // github.action_repository can be empty in a composite action's steps.
    let r = Runner::new();
    r.release(false, true);
    let env = [
        ("RUNNER_OS_NAME", "Linux"),
        ("RUNNER_ARCH_NAME", "X64"),
        ("INPUT_REPOSITORY", ""),
        ("ACTION_REPOSITORY", ""),
        (
            "GITHUB_ACTION_PATH",
            "/home/runner/work/_actions/acme/backupctl/v0",
        ),
        ("INPUT_VERSION", "latest"),
    ];
    let (code, out, err) = r.run("install", &env);
    assert_eq!(code, 0, "{out}\n{err}");
    let log = r.read("gh.log");
    assert!(log.contains("release view --repo acme/backupctl"), "{log}");
}
