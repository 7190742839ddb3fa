//! `--emulator` and its state file, through the real binary in a temporary
//! working directory: a value needs `=` (so `apply --emulator plan.json`
//! keeps plan.json as the saved plan), a file that is not an emulator state
//! is refused and left as it was, and two runs on one state file at the
//! same time both keep their resources.

use std::path::Path;

use testkit::{isolated as backupctl, outcome, run_in as run};

fn config(dir: &Path, name: &str, stack: &str, vault: &str) {
    let yaml = format!(
        "version: 1\nstack: {stack}\nvaults:\n  - name: {vault}\n    tags: {{team: {stack}}}\n"
    );
    std::fs::write(dir.join(name), yaml).unwrap();
}

/// Vault names in a state file (default account and region).
fn vaults_in(state: &Path) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(state).unwrap()).unwrap();
    assert_eq!(v["backupctl_emulator_state"], 1, "{v}");
    v["accounts"]["123456789012"]["regions"]["us-east-1"]["vaults"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn emulator_flag_does_not_swallow_the_saved_plan_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    config(d, "cfg.yaml", "t", "kept");
    let (code, _, err) = run(
        d,
        &["plan", "-f", "cfg.yaml", "--emulator", "--out", "plan.json"],
    );
    assert_eq!(code, 0, "{err}");
    let saved = std::fs::read(d.join("plan.json")).unwrap();

    let (code, out, err) = run(
        d,
        &[
            "apply",
            "--emulator",
            "plan.json",
            "-f",
            "cfg.yaml",
            "--auto-approve",
        ],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(
        std::fs::read(d.join("plan.json")).unwrap(),
        saved,
        "the saved plan was overwritten"
    );
    // The plan went to the default state file.
    assert_eq!(
        vaults_in(&d.join(".backupctl/emulator-state.json")),
        ["kept"]
    );
    let (code, out, err) = run(d, &["plan", "-f", "cfg.yaml", "--emulator"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("No changes."), "{out}");
}

#[test]
fn emulator_refuses_a_saved_plan_as_its_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    config(d, "cfg.yaml", "t", "kept");
    let (code, _, err) = run(
        d,
        &[
            "plan",
            "-f",
            "cfg.yaml",
            "--emulator=st.json",
            "--out",
            "some-plan.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let saved = std::fs::read(d.join("some-plan.json")).unwrap();

    let (code, out, err) = run(
        d,
        &[
            "apply",
            "--emulator=some-plan.json",
            "-f",
            "cfg.yaml",
            "--auto-approve",
        ],
    );
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("some-plan.json is not a backupctl emulator state file")
            && err.contains("refusing to use or overwrite it"),
        "{err}"
    );
    assert_eq!(std::fs::read(d.join("some-plan.json")).unwrap(), saved);
    assert!(!d.join("some-plan.json.lock").exists());
    // A config is refused too.
    let yaml = std::fs::read(d.join("cfg.yaml")).unwrap();
    let (code, _, err) = run(d, &["plan", "-f", "cfg.yaml", "--emulator=cfg.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("cfg.yaml is not a backupctl emulator state file"),
        "{err}"
    );
    assert_eq!(std::fs::read(d.join("cfg.yaml")).unwrap(), yaml);
}

#[test]
fn emulator_equals_file_picks_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    config(d, "cfg.yaml", "t", "kept");
    let (code, out, err) = run(
        d,
        &[
            "apply",
            "-f",
            "cfg.yaml",
            "--emulator=states/one.json",
            "--auto-approve",
        ],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(vaults_in(&d.join("states/one.json")), ["kept"]);
    assert!(!d.join(".backupctl").exists(), "the default state was used");
    // Without `=`, a file name is not the flag's value: plan takes no
    // positional argument, so it is a usage error and nothing is created.
    let (code, _, err) = run(d, &["plan", "-f", "cfg.yaml", "--emulator", "other.json"]);
    assert_eq!(code, 1, "{err}");
    assert!(!d.join("other.json").exists());
}

#[test]
fn concurrent_emulator_runs_on_one_state_file_keep_both_stacks() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    config(d, "a.yaml", "stack-a", "vault-a");
    config(d, "b.yaml", "stack-b", "vault-b");
    let state = "--emulator=shared/state.json";
    let spawn = |cfg: &str| {
        backupctl(d)
            .args(["apply", state, "-f", cfg, "--auto-approve"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn("a.yaml"), spawn("b.yaml"));
    for (name, child) in [("a", a), ("b", b)] {
        let (code, out, err) = outcome(child.wait_with_output().unwrap());
        assert_eq!(code, 0, "apply {name}:\n{out}\n{err}");
    }
    let mut vaults = vaults_in(&d.join("shared/state.json"));
    vaults.sort();
    assert_eq!(vaults, ["vault-a", "vault-b"]);
    for cfg in ["a.yaml", "b.yaml"] {
        let (code, out, err) = run(d, &["plan", state, "-f", cfg, "--detailed-exitcode"]);
        assert_eq!(code, 0, "plan {cfg}:\n{out}\n{err}");
        assert!(out.contains("No changes."), "{cfg}: {out}");
    }
}
