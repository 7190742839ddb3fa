//! The ready-to-copy CI workflows under examples/ci/, the release workflow
//! and the repository's GitHub Action (action.yml) stay true to the code:
//! each is valid YAML, and every `backupctl SUBCOMMAND --flag` they run or
//! recommend in a comment is a subcommand and flag of the real binary. The
//! subcommands come from `backupctl --help` and the flags from
//! `backupctl SUB --help`, so nothing here lists them by hand. Workflows use
//! the action (no `cargo install`) with inputs action.yml declares.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use super::completions_man::subcommands;

fn help(sub: Option<&str>) -> String {
    let mut args: Vec<&str> = sub.into_iter().collect();
    args.push("--help");
    let out = Command::new(env!("CARGO_BIN_EXE_backupctl"))
        .args(&args)
        .output()
        .unwrap();
    assert!(out.status.success(), "backupctl {args:?} failed");
    String::from_utf8(out.stdout).unwrap()
}

fn files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("examples/ci")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.push("action.yml".into());
    files.push(".github/workflows/release.yml".into());
    files
}

fn yaml(path: &PathBuf) -> (String, serde_json::Value) {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (text, doc)
}

/// Every `backupctl ...` command line in the text: in shell (`run:`
/// blocks, after `|`, `&&`, `$(`) and, in comments, inside backquotes or
/// after `run:`.
/// Returns the words of each, up to the first shell operator.
fn commands(text: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for line in text.lines() {
        let comment = line.trim_start().starts_with('#');
        let mut rest = line;
        while let Some(at) = rest.find("backupctl ") {
            let before = rest[..at].trim_end();
            // In a comment only a quoted command (`backupctl ...`) or an
            // example step (run: backupctl ...) counts; the rest is prose.
            let ops: &[&str] = if comment {
                &["`", "run:"]
            } else {
                &["`", "|", "&&", "$(", ";", "run:"]
            };
            let starts_command =
                (before.is_empty() && !comment) || ops.iter().any(|op| before.ends_with(op));
            let tail = &rest[at + "backupctl ".len()..];
            rest = tail;
            if !starts_command {
                continue;
            }
            let words: Vec<String> = tail
                .split_whitespace()
                .take_while(|w| !matches!(*w, ">" | "|" | "&&" | ";" | ">>") && !w.contains('`'))
                .map(|w| w.trim_end_matches(')').to_string())
                .collect();
            found.push(words);
        }
    }
    found
}

#[test]
fn workflows_and_action_use_real_commands_and_flags() {
    let subs = subcommands();
    let mut helps: BTreeMap<String, String> = BTreeMap::new();
    let mut seen = 0;
    for path in files() {
        let (text, doc) = yaml(&path);
        let is_action = path.ends_with("action.yml");
        assert!(
            doc["jobs"].is_object() || (is_action && doc["runs"].is_object()),
            "{}: no jobs",
            path.display()
        );
        assert!(
            !text.contains("cargo install"),
            "{}: installs with cargo; use the action",
            path.display()
        );
        for words in commands(&text) {
            let Some(first) = words.first() else { continue };
            let sub = (!first.starts_with('-')).then_some(first.as_str());
            if let Some(sub) = sub {
                assert!(
                    subs.iter().any(|s| s == sub),
                    "{}: `backupctl {sub}` is not a subcommand ({subs:?})",
                    path.display()
                );
            }
            let help = helps
                .entry(sub.unwrap_or("").to_string())
                .or_insert_with(|| help(sub));
            for flag in words.iter().filter(|w| w.starts_with('-')) {
                let flag = flag.split('=').next().unwrap();
                let listed = help
                    .split(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | '='))
                    .any(|w| w == flag);
                assert!(
                    listed,
                    "{}: `backupctl {}` has no {flag}",
                    path.display(),
                    sub.unwrap_or("")
                );
            }
            seen += 1;
        }
    }
    assert!(
        seen >= 10,
        "expected backupctl commands in the workflows, saw {seen}"
    );
}

#[test]
fn workflows_use_the_action_with_declared_inputs() {
    let (_, action) = yaml(&PathBuf::from("action.yml"));
    let inputs = action["inputs"].as_object().unwrap();
    for name in [
        "version",
        "install",
        "comment-file",
        "comment-marker",
        "github-token",
    ] {
        assert!(inputs.contains_key(name), "action.yml lacks input {name}");
    }
    let mut uses_action = 0;
    for path in files().iter().filter(|p| p.starts_with("examples/ci")) {
        let (_, doc) = yaml(path);
        for (job_name, job) in doc["jobs"].as_object().unwrap() {
            for step in job["steps"].as_array().unwrap() {
                let Some(uses) = step["uses"].as_str() else {
                    continue;
                };
                if !uses.starts_with("OWNER/backupctl@") {
                    continue;
                }
                uses_action += 1;
                for key in step["with"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k)
                {
                    assert!(
                        inputs.contains_key(key),
                        "{} job {job_name}: action input `{key}` is not in action.yml",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(
        uses_action >= 6,
        "the example workflows use the action {uses_action} times"
    );
}

/// The plan → apply hand-over: the plan workflow uploads the saved plan
/// under the name the apply workflow downloads, applies are serialised per
/// account and region, and the apply applies the saved file.
#[test]
fn apply_on_merge_applies_the_saved_plan_of_the_plan_workflow() {
    let (plan_text, plan) = yaml(&PathBuf::from("examples/ci/plan.github.yml"));
    let (apply_text, apply) = yaml(&PathBuf::from("examples/ci/apply.github.yml"));
    assert!(plan_text.contains("--out plan.json"));
    let upload = plan["jobs"]["plan"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-artifact@"))
        })
        .expect("the plan is uploaded");
    assert_eq!(upload["with"]["name"], "backupctl-plan");
    assert!(upload["with"]["path"]
        .as_str()
        .unwrap()
        .contains("plan.json"));
    assert!(apply_text.contains("--name backupctl-plan"));
    assert!(apply_text.contains("workflows/backup-plan.yml/runs"));
    assert!(apply_text.contains("backupctl apply reviewed/plan.json -f backup/"));
    assert_eq!(apply["concurrency"]["cancel-in-progress"], false);
    let group = apply["concurrency"]["group"].as_str().unwrap();
    assert!(group.starts_with("backupctl-"), "{group}");
    let (_, drift) = yaml(&PathBuf::from("examples/ci/drift.github.yml"));
    assert_eq!(drift["concurrency"]["group"], group);
    for (name, text) in [("plan", &plan_text), ("apply", &apply_text)] {
        assert!(!text.contains("AWSBackupAuditAccess"), "{name}");
    }
}
