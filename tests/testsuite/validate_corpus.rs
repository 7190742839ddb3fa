//! The corpus of invalid configs under `tests/corpus/`, each run through the
//! real `backupctl validate` binary.
//!
//! Each `NAME.yaml` (or directory `NAME/`) has a `NAME.expected` file holding
//! the exact stderr: every finding with file, line, column, key path and
//! hint. Regenerate after an intended change with
//! `BLESS=1 cargo test --test validate_corpus` and review the diff.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Corpus inputs, as paths relative to the crate root, sorted.
fn cases() -> Vec<PathBuf> {
    let dir = root().join("tests/corpus");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/corpus exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.strip_prefix(root()).expect("under root").to_path_buf())
        .collect();
    out.sort();
    out
}

fn expected_path(case: &Path) -> PathBuf {
    root().join(case.with_extension("expected"))
}

fn run(case: &Path, json: bool) -> std::process::Output {
    let mut cmd = Command::cargo_bin("backupctl").expect("binary built");
    cmd.current_dir(root()).env("NO_COLOR", "1").arg("validate");
    if json {
        cmd.args(["--format", "json"]);
    }
    cmd.arg("-f").arg(case);
    cmd.output().expect("backupctl runs")
}

#[test]
fn corpus_has_at_least_forty_cases() {
    assert!(cases().len() >= 40, "only {} corpus cases", cases().len());
}

#[test]
fn every_corpus_case_fails_with_its_expected_findings() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let out = run(&case, false);
        let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
        if out.status.code() != Some(1) {
            failures.push(format!(
                "{}: exit {:?}, want 1\n{stderr}",
                case.display(),
                out.status.code()
            ));
            continue;
        }
        if !out.stdout.is_empty() {
            failures.push(format!("{}: text mode wrote to stdout", case.display()));
        }
        let exp = expected_path(&case);
        if bless {
            std::fs::write(&exp, &stderr).expect("write expected");
            continue;
        }
        match std::fs::read_to_string(&exp) {
            Ok(want) if want == stderr => {}
            Ok(want) => failures.push(format!(
                "{}: findings differ\n--- expected\n{want}--- actual\n{stderr}",
                case.display()
            )),
            Err(_) => failures.push(format!(
                "{}: no {} (run with BLESS=1)",
                case.display(),
                exp.display()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} corpus failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `--format json` reports the same findings as text, on stdout.
#[test]
fn corpus_json_matches_text() {
    for case in cases() {
        let out = run(&case, true);
        assert_eq!(out.status.code(), Some(1), "{}", case.display());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{}: stdout is not JSON: {e}", case.display()));
        assert_eq!(v["valid"], false);
        let diags = v["diagnostics"].as_array().expect("diagnostics list");
        let text = std::fs::read_to_string(expected_path(&case)).unwrap_or_default();
        let text_findings: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("  hint:") && !l.ends_with("error(s) found"))
            .collect();
        assert_eq!(diags.len(), text_findings.len(), "{}", case.display());
        for (d, line) in diags.iter().zip(&text_findings) {
            let loc = if d["line"] == 0 {
                format!("{}:", d["file"].as_str().unwrap())
            } else {
                format!(
                    "{}:{}:{}:",
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["column"]
                )
            };
            assert!(
                line.starts_with(&loc),
                "{}: {line} vs {loc}",
                case.display()
            );
            assert!(line.ends_with(d["message"].as_str().unwrap()), "{line}");
        }
    }
}
