//! What the apply scenarios share: running a command on config files with
//! extra environment, a config file that can be rewritten between runs,
//! reading the emulator's region state, and config text edits.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use testkit::{Emu, ACCOUNT, BASE, REGION};

pub(crate) fn run(
    emu: &Emu,
    cmd: &str,
    files: &[&Path],
    args: &[&str],
    env: &[(&str, &str)],
) -> (i32, String, String) {
    let mut c = emu.backupctl();
    c.arg(cmd);
    for f in files {
        c.arg("-f").arg(f);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    testkit::outcome(c.args(args).output().unwrap())
}

pub(crate) struct Cfg(pub(super) tempfile::TempDir);

impl Cfg {
    pub(crate) fn new(yaml: &str) -> Cfg {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("backupctl.yaml"), yaml).unwrap();
        Cfg(dir)
    }
    pub(crate) fn path(&self) -> std::path::PathBuf {
        self.0.path().join("backupctl.yaml")
    }
    pub(super) fn set(&self, yaml: &str) {
        std::fs::write(self.path(), yaml).unwrap();
    }
}

pub(super) fn apply(emu: &Emu, yaml: &str, args: &[&str]) -> (i32, String, String) {
    let cfg = Cfg::new(yaml);
    let mut a = vec!["--auto-approve"];
    a.extend_from_slice(args);
    run(emu, "apply", &[&cfg.path()], &a, &[])
}

/// Assert that a plan of `yaml` right now shows no changes.
pub(super) fn assert_converged(emu: &Emu, yaml: &str) {
    let (code, out, err) = testkit::plan(emu, yaml, &["--detailed-exitcode"]);
    assert_eq!(code, 0, "not converged:\n{out}\n{err}");
    assert!(out.contains("No changes."), "{out}");
}

pub(crate) fn region_state(emu: &Emu) -> Value {
    emu.state()["accounts"][ACCOUNT]["regions"][REGION].clone()
}

/// Live (not deleted) plans by name -> their selection count.
pub(super) fn live_plans(emu: &Emu) -> BTreeMap<String, Vec<usize>> {
    let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    if let Some(plans) = region_state(emu)["plans"].as_object() {
        for p in plans.values().filter(|p| p["deletion_date"].is_null()) {
            let doc = &p["versions"].as_array().unwrap().last().unwrap()["document"];
            let name = doc["BackupPlanName"].as_str().unwrap().to_string();
            let sels = p["selections"].as_object().map_or(0, |s| s.len());
            out.entry(name).or_default().push(sels);
        }
    }
    out
}

pub(super) fn vault_names(emu: &Emu) -> Vec<String> {
    region_state(emu)["vaults"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

pub(super) fn count(emu: &Emu, op: &str) -> u64 {
    emu.counters().get(op).copied().unwrap_or(0)
}

/// BASE with every kind of in-place change and one selection replaced.
pub(super) fn changed_base() -> String {
    BASE.replace("tags: {team: a}", "tags: {team: b, owner: ops}")
        .replace(
            "events: [BACKUP_JOB_FAILED, COPY_JOB_FAILED]",
            "events: [BACKUP_JOB_FAILED]",
        )
        .replace("start_window_minutes: 60", "start_window_minutes: 120")
        .replace("tags: {env: dev}", "tags: {env: prod}")
        .replace("WindowsVSS: enabled", "WindowsVSS: disabled")
        .replace("volume/a, arn:aws:ec2:*:*:volume/b]", "volume/a]")
        .replace(
            "  - name: second\n",
            "  - name: second\n    lock: {min_retention_days: 7}\n",
        )
}

/// Drop the lines from the one starting with `from` up to (not including)
/// the next one starting with `to`.
pub(super) fn remove_block(text: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with(from) {
            skipping = true;
        } else if skipping && line.starts_with(to) {
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert_ne!(out, text, "{from} not found");
    out
}
