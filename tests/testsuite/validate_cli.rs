//! `backupctl validate` and `backupctl schema` end to end: the examples pass
//! both the binary and the committed JSON Schema, the schema is not stale,
//! and the CLI contract (streams, formats, colour, exit codes) holds.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn backupctl() -> Command {
    let mut c = Command::cargo_bin("backupctl").expect("binary built");
    c.current_dir(root()).env_remove("NO_COLOR");
    c
}

/// Every YAML file under examples/, recursively, except the CI workflows
/// in examples/ci/ (not configs; tests/testsuite/ci_examples.rs checks them).
fn example_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("examples dir") {
            let p = e.expect("entry").path();
            if p.is_dir() && p.ends_with("examples/ci") {
                continue;
            }
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("examples"), &mut out);
    out.sort();
    out
}

fn committed_schema() -> serde_json::Value {
    let text =
        std::fs::read_to_string(root().join("schemas/backupctl.schema.json")).expect("schema file");
    serde_json::from_str(&text).expect("schema is JSON")
}

#[test]
fn examples_validate_with_the_binary() {
    for target in [
        "examples/quickstart.yaml",
        "examples/production.yaml",
        "examples/air-gapped.yaml",
        "examples/restore-testing.yaml",
        "examples/multi-file",
        "examples/organization",
    ] {
        backupctl()
            .args(["validate", "-f", target])
            .assert()
            .success()
            .stdout("")
            .stderr(predicate::str::starts_with("ok: "));
    }
    // examples/shared: one definitions file, used by each team's stack.
    for team in ["team-a", "team-b"] {
        backupctl()
            .args(["validate", "-f", "examples/shared/common", "-f"])
            .arg(format!("examples/shared/{team}"))
            .assert()
            .success()
            .stdout("")
            .stderr(predicate::str::starts_with(format!(
                "ok: 2 file(s), stack {team}:"
            )));
    }
}

#[test]
fn examples_carry_the_schema_modeline_and_match_the_schema() {
    let schema = committed_schema();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let files = example_files();
    assert!(files.len() >= 5, "examples: {files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let dir = f.parent().unwrap();
        let rel = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{} lacks the schema modeline", f.display()));
        assert!(
            dir.join(rel).canonicalize().ok()
                == root()
                    .join("schemas/backupctl.schema.json")
                    .canonicalize()
                    .ok(),
            "{}: modeline points at {rel}",
            f.display()
        );
        let doc: serde_json::Value = serde_saphyr::from_str(&text).expect("example parses");
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", f.display());
    }
}

#[test]
fn schema_is_draft_2020_12_and_valid() {
    let schema = committed_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::meta::validate(&schema).expect("schema is a valid draft 2020-12 schema");
}

/// Regenerate with: cargo run -q -- schema > schemas/backupctl.schema.json
#[test]
fn committed_schema_is_not_stale() {
    let generated = backupctl().arg("schema").output().expect("runs");
    assert!(generated.status.success());
    let committed = std::fs::read_to_string(root().join("schemas/backupctl.schema.json")).unwrap();
    assert!(
        String::from_utf8(generated.stdout).unwrap() == committed,
        "schemas/backupctl.schema.json is stale; regenerate it with \
         `cargo run -q -- schema > schemas/backupctl.schema.json` and commit it"
    );
}

#[test]
fn schema_rejects_unknown_keys_and_bad_events() {
    let validator = jsonschema::validator_for(&committed_schema()).unwrap();
    let bad = serde_json::json!({"version": 1, "stack": "s", "vault": []});
    assert!(!validator.is_valid(&bad));
    let bad_event = serde_json::json!({"version": 1, "stack": "s", "vaults": [{"name": "ab",
        "notifications": {"sns_topic_arn": "arn:aws:sns:eu-west-1:123456789012:t", "events": ["NOPE"]}}]});
    assert!(!validator.is_valid(&bad_event));
    let rule_without_target = serde_json::json!({"version": 1, "stack": "s",
        "plans": [{"name": "p", "rules": [{"name": "r"}]}]});
    assert!(!validator.is_valid(&rule_without_target));
    let reserved_tag = serde_json::json!({"version": 1, "stack": "s", "vaults": [{"name": "ab", "tags": {"aws:x": "y"}}]});
    assert!(!validator.is_valid(&reserved_tag));
    let policy_without_statement = serde_json::json!({"version": 1, "stack": "s", "vaults": [{"name": "ab", "access_policy": {"Version": "2012-10-17"}}]});
    assert!(!validator.is_valid(&policy_without_statement));
    let policy_string = serde_json::json!({"version": 1, "stack": "s", "vaults": [{"name": "ab", "access_policy": "{}"}]});
    assert!(validator.is_valid(&policy_string));
}

#[test]
fn verbose_lists_next_three_runs_in_the_rule_timezone() {
    let out = backupctl()
        .args(["validate", "--verbose", "-f", "examples/production.yaml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let weekly = stdout
        .lines()
        .find(|l| l.starts_with("production/weekly:"))
        .expect("weekly line");
    assert!(
        weekly.contains("cron(0 3 ? * SUN *) [Europe/Berlin]"),
        "{weekly}"
    );
    let runs: Vec<&str> = weekly.split("next: ").nth(1).unwrap().split(", ").collect();
    assert_eq!(runs.len(), 3, "{weekly}");
    for r in runs {
        assert!(r.contains(" 03:00 CE"), "{r}");
    }
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
}

#[test]
fn json_format_puts_findings_on_stdout() {
    let out = backupctl()
        .args([
            "validate",
            "--format",
            "json",
            "-f",
            "tests/corpus/unknown-vault-key.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["file"], "tests/corpus/unknown-vault-key.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(d["path"], "vaults[0].encrytion_key_arn");
    assert_eq!(d["hint"], "did you mean `encryption_key_arn`?");

    let ok = backupctl()
        .args([
            "validate",
            "--format",
            "json",
            "-f",
            "examples/quickstart.yaml",
        ])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["summary"]["rules"], 1);
    assert_eq!(v["summary"]["stack"], "quickstart");
}

#[test]
fn no_colour_off_a_terminal_and_with_no_color() {
    // stderr is a pipe here: anstream strips styles.
    let out = backupctl()
        .args(["validate", "-f", "tests/corpus/bad-vault-name.yaml"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\x1b'));
    // Forced colour still yields to --no-color and NO_COLOR.
    for extra in [vec!["--no-color"], vec![]] {
        let mut c = backupctl();
        c.env("CLICOLOR_FORCE", "1");
        if extra.is_empty() {
            c.env("NO_COLOR", "1");
        }
        let out = c
            .args(extra)
            .args(["validate", "-f", "tests/corpus/bad-vault-name.yaml"])
            .output()
            .unwrap();
        assert!(!String::from_utf8_lossy(&out.stderr).contains('\x1b'));
    }
    let forced = backupctl()
        .env("CLICOLOR_FORCE", "1")
        .args(["validate", "-f", "tests/corpus/bad-vault-name.yaml"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&forced.stderr).contains('\x1b'));
}

#[test]
fn quiet_prints_nothing_on_success_and_errors_on_failure() {
    backupctl()
        .args(["-q", "validate", "-f", "examples/quickstart.yaml"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    backupctl()
        .args(["validate", "-q", "-f", "tests/corpus/bad-vault-name.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("vaults[0].name"))
        .stderr(predicate::str::contains("error(s) found").not());
}

#[test]
fn several_files_and_directories_merge() {
    backupctl()
        .args([
            "validate",
            "-f",
            "examples/multi-file/00-common.yaml",
            "-f",
            "examples/multi-file/10-databases.yaml",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 file(s)"));
    // Without the file that defines the templates, the rules lose their templates.
    backupctl()
        .args(["validate", "-f", "examples/multi-file/10-databases.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown rule template `daily`"));
}

#[test]
fn missing_paths_and_empty_directories_are_errors() {
    backupctl()
        .args(["validate", "-f", "does/not/exist.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "does/not/exist.yaml: cannot read file",
        ));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
    backupctl()
        .args(["validate", "-f"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "directory holds no *.yaml or *.yml file",
        ));
}

#[test]
fn log_format_and_verbosity_flags_parse() {
    backupctl()
        .args([
            "--log-format",
            "json",
            "-vv",
            "validate",
            "-f",
            "examples/quickstart.yaml",
        ])
        .assert()
        .success();
    // Usage errors exit 1, never 2 (2 means "changes present").
    backupctl()
        .args(["--log-format", "xml", "validate"])
        .assert()
        .code(1);
    backupctl().arg("--help").assert().success();
}
