//! Shared definitions files through the real binary: one file of rule
//! templates and variables (no `stack`) used by two stacks, each in its own
//! directory; a definitions file with resources, and a variable defined in
//! both places, are errors at `file:line:column` with exit 1.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use testkit::{output_of, plan_files, Emu};

const SHARED: &str = "\
version: 1
rule_templates:
  nightly:
    schedule: cron(0 3 ? * * *)
    schedule_timezone: Europe/Paris
    start_window_minutes: 75
    lifecycle:
      delete_after_days: ${var.keep_days}
variables:
  keep_days: 42
";

fn stack(name: &str, extra: &str) -> String {
    format!(
        "version: 1
stack: {name}
vaults:
  - name: {name}-vault
plans:
  - name: {name}-plan
    rules:
      - name: nightly
        template: nightly
        target_vault: {name}-vault
{extra}"
    )
}

/// `shared/templates.yaml`, `stack-a/backupctl.yaml`, `stack-b/backupctl.yaml`.
fn layout(shared: &str, a_extra: &str) -> (tempfile::TempDir, [PathBuf; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let paths = ["shared", "stack-a", "stack-b"].map(|d| dir.path().join(d));
    for p in &paths {
        std::fs::create_dir(p).unwrap();
    }
    std::fs::write(paths[0].join("templates.yaml"), shared).unwrap();
    std::fs::write(paths[1].join("backupctl.yaml"), stack("stack-a", a_extra)).unwrap();
    std::fs::write(paths[2].join("backupctl.yaml"), stack("stack-b", "")).unwrap();
    (dir, paths)
}

fn validate(dirs: &[&Path], extra: &[&str]) -> (i32, String, String) {
    let mut c = Command::cargo_bin("backupctl").unwrap();
    c.env("NO_COLOR", "1").arg("validate").args(extra);
    for d in dirs {
        c.arg("-f").arg(d);
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn two_stacks_validate_with_one_shared_file() {
    let (_dir, [shared, a, b]) = layout(SHARED, "");
    for (name, stack_dir) in [("stack-a", &a), ("stack-b", &b)] {
        let (code, out, err) = validate(&[&shared, stack_dir], &["--verbose"]);
        assert_eq!(code, 0, "{name}: {out}\n{err}");
        assert!(
            err.contains(&format!(
                "ok: 2 file(s), stack {name}: 1 vault(s), 1 plan(s), 1 rule(s)"
            )),
            "{name}: {err}"
        );
        // The template's schedule and timezone reached the stack's rule.
        assert!(
            out.contains(&format!(
                "{name}-plan/nightly: cron(0 3 ? * * *) [Europe/Paris]"
            )),
            "{name}: {out}"
        );
    }
}

/// The rules of the plan `plan --format json` would create.
fn planned_rules(emu: &Emu, shared: &Path, stack_dir: &Path, plan: &str) -> serde_json::Value {
    let (code, out, err) = plan_files(emu, &[shared, stack_dir], &["--format", "json"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let create = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"]["kind"] == "plan" && c["address"]["name"] == plan)
        .unwrap_or_else(|| panic!("no change to plan {plan}: {doc:#}"));
    create["desired"]["value"]["rules"].clone()
}

#[test]
fn both_stacks_plan_rules_with_the_template_fields() {
    let (_dir, [shared, a, b]) = layout(SHARED, "");
    for (name, stack_dir) in [("stack-a", &a), ("stack-b", &b)] {
        let emu = Emu::start();
        let rules = planned_rules(&emu, &shared, stack_dir, &format!("{name}-plan"));
        let rule = &rules["nightly"];
        assert_eq!(rule["schedule"], "cron(0 3 ? * * *)", "{name}: {rules:#}");
        assert_eq!(
            rule["schedule_timezone"], "Europe/Paris",
            "{name}: {rules:#}"
        );
        assert_eq!(rule["start_window_minutes"], 75, "{name}: {rules:#}");
        assert_eq!(
            rule["lifecycle"]["delete_after_days"], 42,
            "{name}: {rules:#}"
        );
        assert_eq!(
            rule["target_vault"],
            format!("{name}-vault"),
            "{name}: {rules:#}"
        );
    }
}

#[test]
fn a_definitions_file_with_vaults_is_an_error_at_the_key_and_calls_nothing() {
    let shared = format!("{SHARED}vaults:\n  - name: shared-vault\n");
    let (_dir, [shared_dir, a, _]) = layout(&shared, "");
    let file = shared_dir.join("templates.yaml");
    let (code, out, err) = validate(&[&shared_dir, &a], &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    let want = format!(
        "{}:11:1: vaults: `vaults` needs `stack:` in this file; a file without `stack` \
         may hold only rule_templates, variables, target_defaults and ignore_tags",
        file.display()
    );
    assert!(err.contains(&want), "{err}");
    assert!(err.contains("1 error(s) found"), "{err}");
    // `plan` stops at the config: no API call.
    let emu = Emu::start();
    emu.reset_counters();
    let (code, out, err) = plan_files(&emu, &[&shared_dir, &a], &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains(&want), "{err}");
    assert_eq!(emu.calls(), vec![]);
}

#[test]
fn a_variable_in_the_shared_file_and_the_stack_names_both_places() {
    let (_dir, [shared, a, b]) = layout(SHARED, "variables:\n  keep_days: 7\n");
    let (code, out, err) = validate(&[&shared, &a], &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    let stack_file = a.join("backupctl.yaml");
    let shared_file = shared.join("templates.yaml");
    assert!(
        err.contains(&format!(
            "{}:12:3: variables.keep_days: `variables.keep_days` is defined twice",
            stack_file.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("first defined at {}:10:3", shared_file.display())),
        "{err}"
    );
    // The other stack, which does not redefine it, is fine.
    assert_eq!(validate(&[&shared, &b], &[]).0, 0);
}

#[test]
fn the_shared_file_alone_is_not_a_config() {
    let (_dir, [shared, _, _]) = layout(SHARED, "");
    let (code, _, err) = validate(&[&shared], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("templates.yaml:1:1: no file declares `stack`"),
        "{err}"
    );
}

#[test]
fn a_saved_plan_is_stale_when_the_shared_file_changes() {
    let (dir, [shared, a, _]) = layout(SHARED, "");
    let emu = Emu::start();
    let pf = dir.path().join("plan.json");
    let mut plan = emu.backupctl();
    plan.args(["plan", "-f"])
        .arg(&shared)
        .arg("-f")
        .arg(&a)
        .arg("--out")
        .arg(&pf);
    let (code, out, err) = output_of(plan);
    assert_eq!(code, 0, "{out}\n{err}");
    // Only the shared file changes, and only by a comment.
    let file = shared.join("templates.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("# reviewed\n{text}")).unwrap();
    emu.reset_counters();
    let mut apply = emu.backupctl();
    apply
        .args(["apply", "-f"])
        .arg(&shared)
        .arg("-f")
        .arg(&a)
        .arg(&pf);
    let (code, out, err) = output_of(apply);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("stale plan: the config changed"), "{err}");
    assert_eq!(emu.mutating_calls(), vec![]);
}

/// examples/shared: both teams apply into one account with the one shared
/// file; each converges and leaves the other team's stack alone.
#[test]
fn the_shared_example_applies_for_both_teams_and_converges() {
    use crate::apply::harness::run;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/shared");
    let common = root.join("common");
    let emu = Emu::start();
    for team in ["team-a", "team-b"] {
        let files = [common.as_path(), &root.join(team)];
        let (code, out, err) = run(&emu, "apply", &files, &["--auto-approve"], &[]);
        assert_eq!(code, 0, "{team}: {out}\n{err}");
        assert!(out.contains("Apply complete!"), "{team}: {out}");
    }
    for team in ["team-a", "team-b"] {
        let files = [common.as_path(), &root.join(team)];
        let (code, out, err) = run(&emu, "plan", &files, &["--detailed-exitcode"], &[]);
        assert_eq!(code, 0, "{team} not converged: {out}\n{err}");
    }
    let state = emu.state();
    let vaults = &state["accounts"][testkit::ACCOUNT]["regions"][testkit::REGION]["vaults"];
    for v in ["team-a-vault", "team-b-vault"] {
        assert!(vaults[v].is_object(), "vault {v} missing: {vaults:#}");
    }
}
