//! What the IAM end-to-end tests share: the policies `backupctl iam-policy`
//! prints, deploying one to the emulator the way docs/permissions.md says
//! (the whole policy on the caller's key; with `targets:` the Backup
//! statements on the target roles and `AssumeTargetRoles` on the key), a
//! policy with one statement or one action removed, running the binary,
//! the shape of an AccessDenied failure, and the emulator state saved
//! before a step and put back to replay it.

use std::path::PathBuf;

use serde_json::Value;
use testkit::Emu;

/// The access key every run of the binary signs with (testkit::run).
pub const KEY: &str = "AKIDTEST";
/// The principal the policies are attached to.
pub const USER: &str = "arn:aws:iam::123456789012:user/ci";
/// The statement holding `sts:AssumeRole`.
pub const ASSUME: &str = "AssumeTargetRoles";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `backupctl iam-policy USE [-f FILE]...` (no `-f`: the unscoped policy).
pub fn policy(uses: &str, files: &[PathBuf]) -> Value {
    let mut c = std::process::Command::new(testkit::run::bin());
    c.current_dir(root()).env_clear().args(["iam-policy", uses]);
    for f in files {
        c.arg("-f").arg(f);
    }
    let (code, out, err) = testkit::output(&mut c);
    assert_eq!(code, 0, "iam-policy {uses} {files:?}: {err}");
    serde_json::from_str(&out).expect("the policy is JSON")
}

/// `backupctl iam-policy apply --explain --format json`: every call with
/// the actions (and statements) it needs.
pub fn explain() -> Value {
    let mut c = std::process::Command::new(testkit::run::bin());
    c.current_dir(root()).env_clear().args([
        "iam-policy",
        "apply",
        "--explain",
        "--format",
        "json",
    ]);
    let (code, out, err) = testkit::output(&mut c);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("the table is JSON")
}

pub fn statements(p: &Value) -> &Vec<Value> {
    p["Statement"].as_array().expect("Statement is a list")
}

pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|x| x.as_str().expect("a string").to_string())
        .collect()
}

/// The policy with only the statements `keep` accepts.
fn only(p: &Value, keep: impl Fn(&Value) -> bool) -> Value {
    let kept: Vec<Value> = statements(p).iter().filter(|s| keep(s)).cloned().collect();
    serde_json::json!({"Version": "2012-10-17", "Statement": kept})
}

/// Attach `p` the way docs/permissions.md deploys it: with no `roles`,
/// the whole policy on the caller's key; else `AssumeTargetRoles` on the
/// key and the other statements on each role.
pub fn deploy(emu: &Emu, p: &Value, roles: &[String]) {
    let docs = |doc: Value| {
        if statements(&doc).is_empty() {
            vec![]
        } else {
            vec![doc]
        }
    };
    if roles.is_empty() {
        emu.attach_identity_policies(KEY, USER, docs(p.clone()));
        return;
    }
    emu.attach_identity_policies(KEY, USER, docs(only(p, |s| s["Sid"] == ASSUME)));
    for r in roles {
        emu.attach_role_policies(r, docs(only(p, |s| s["Sid"] != ASSUME)));
    }
}

/// What a minimality check removes from a policy: a whole statement, or
/// one action of one statement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Statement(String),
    Action(String, String),
}

impl Unit {
    pub fn sid(&self) -> &str {
        match self {
            Unit::Statement(s) | Unit::Action(s, _) => s,
        }
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unit::Statement(s) => write!(f, "statement {s}"),
            Unit::Action(s, a) => write!(f, "{a} of statement {s}"),
        }
    }
}

/// Every statement and every (statement, action) of `p`.
pub fn units(p: &Value) -> Vec<Unit> {
    let mut out = Vec::new();
    for s in statements(p) {
        let sid = s["Sid"].as_str().expect("a Sid").to_string();
        out.push(Unit::Statement(sid.clone()));
        for a in strings(&s["Action"]) {
            out.push(Unit::Action(sid.clone(), a));
        }
    }
    out
}

/// The actions `u` takes away from `p`.
pub fn actions_of(p: &Value, u: &Unit) -> Vec<String> {
    match u {
        Unit::Action(_, a) => vec![a.clone()],
        Unit::Statement(sid) => statements(p)
            .iter()
            .find(|s| s["Sid"] == sid.as_str())
            .map(|s| strings(&s["Action"]))
            .unwrap_or_default(),
    }
}

/// `p` without `u` (a statement left without actions is dropped).
pub fn without(p: &Value, u: &Unit) -> Value {
    let mut out = only(
        p,
        |s| !matches!(u, Unit::Statement(sid) if s["Sid"] == sid.as_str()),
    );
    if let Unit::Action(sid, action) = u {
        let sts = out["Statement"].as_array_mut().unwrap();
        for s in sts.iter_mut().filter(|s| s["Sid"] == sid.as_str()) {
            let left: Vec<String> = strings(&s["Action"])
                .into_iter()
                .filter(|a| a != action)
                .collect();
            s["Action"] = serde_json::json!(left);
        }
        sts.retain(|s| !s["Action"].as_array().unwrap().is_empty());
    }
    out
}

/// One run of the binary.
#[derive(Debug, Clone)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The real binary against `emu` (signed with [`KEY`]) with `args`.
pub fn run(emu: &Emu, args: &[String]) -> Run {
    let mut c = emu.backupctl();
    c.current_dir(root()).args(args);
    let (code, stdout, stderr) = testkit::output_of(c);
    Run {
        code,
        stdout,
        stderr,
    }
}

/// The action of `User: ... is not authorized to perform: ACTION on resource: ...`.
fn denied(line: &str) -> Option<&str> {
    let rest = line.split("is not authorized to perform: ").nth(1)?;
    rest.split(" on resource: ").next()
}

/// Checks that `r` is the failure of a denied call: exit 1 and one error
/// naming one action (returned). A read (or any command before it
/// changes something) ends with exactly one `error:` line on stderr; an
/// apply that fails while executing reports each failed step once as it
/// fails (`FAILED: ...`) and once in its summary, every one naming the
/// same action. Log lines (a failed target's warning) are not counted.
pub fn denial(r: &Run) -> Result<String, String> {
    let why = |m: &str| Err(format!("{m} (exit {}):\n{}", r.code, r.stderr));
    if r.code != 1 {
        return why("not exit 1");
    }
    let lines: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("20"))
        .collect();
    let mut actions: Vec<&str> = lines.iter().filter_map(|l| denied(l)).collect();
    actions.sort_unstable();
    actions.dedup();
    let [action] = actions[..] else {
        return why("not exactly one denied action");
    };
    if lines.iter().any(|l| l.contains("Error {")) {
        return why("an SDK Debug dump instead of AWS's message");
    }
    if r.stderr.contains("\nApply failed: ") {
        let failed: Vec<&&str> = lines.iter().filter(|l| l.contains(": FAILED: ")).collect();
        if failed.is_empty() || failed.iter().any(|l| denied(l) != Some(action)) {
            return why("an apply step failed for another reason");
        }
    } else if lines.len() != 1 || !lines[0].starts_with("error: ") {
        return why("not exactly one error line");
    }
    Ok(action.to_string())
}

/// The emulator's whole state, to put back with [`restore`].
pub fn snapshot(emu: &Emu) -> Value {
    emu.state()
}

pub fn restore(emu: &Emu, state: &Value) {
    emu.admin_put("/__emulator/state", &state.to_string());
}
