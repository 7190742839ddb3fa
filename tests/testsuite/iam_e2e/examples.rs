//! The generated policies are sufficient for every example config: under
//! the read-only policy (unscoped, and scoped with `-f EXAMPLE`) `plan`
//! works on an empty account; under the apply policy `apply
//! --auto-approve` creates everything and a plan right after shows no
//! changes; back under the read-only policy `plan`, `drift`, `import` and
//! `report` (over seeded jobs) succeed. With `targets:` (the organization
//! example) the policies go where docs/permissions.md puts them: the
//! Backup statements on the target roles, `AssumeTargetRoles` on the
//! caller's key.

use std::path::PathBuf;

use serde_json::json;
use testkit::Emu;

use super::harness::{deploy, policy, root, run, Run};

struct Example {
    name: &'static str,
    path: &'static str,
    /// The region the example is guarded to (else the harness's).
    region: Option<&'static str>,
    /// The roles of its targets (none: the caller's own account).
    roles: Vec<String>,
}

fn examples() -> Vec<Example> {
    let plain = |name, path| Example {
        name,
        path,
        region: None,
        roles: vec![],
    };
    let org_roles = [
        "111111111111",
        "222222222222",
        "333333333333",
        "444444444444",
    ]
    .iter()
    .map(|a| format!("arn:aws:iam::{a}:role/backupctl"))
    .collect();
    vec![
        plain("quickstart", "examples/quickstart.yaml"),
        Example {
            region: Some("eu-west-1"),
            ..plain("production", "examples/production.yaml")
        },
        plain("air-gapped", "examples/air-gapped.yaml"),
        plain("compliance", "examples/compliance.yaml"),
        plain("legal-holds", "examples/legal-holds.yaml"),
        plain("restore-testing", "examples/restore-testing.yaml"),
        plain("multi-file", "examples/multi-file"),
        Example {
            roles: org_roles,
            ..plain("organization", "examples/organization")
        },
    ]
}

/// Every example in the list, and every config under examples/ in it.
#[test]
fn the_list_covers_every_example_config() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "yaml")
                || p.join("backupctl.yaml").exists()
                || p.ends_with("multi-file")
        })
        .map(|p| p.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = examples().iter().map(|e| e.path.to_string()).collect();
    listed.sort();
    assert_eq!(listed, on_disk);
}

fn seed_jobs(emu: &Emu, region: &str) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        - 600.0;
    let job = json!({"BackupVaultName": "Default", "ResourceType": "EBS", "State": "COMPLETED",
        "ResourceArn": "arn:aws:ec2:us-east-1:123456789012:volume/vol-1", "CreationDate": now});
    emu.rt
        .block_on(emu.admin().seed_backup_jobs(region, vec![job]));
}

/// One example under one kind of policy; the failures found.
fn check(e: &Example, scoped: bool) -> Vec<String> {
    let files: Vec<PathBuf> = if scoped {
        vec![root().join(e.path)]
    } else {
        vec![]
    };
    let (ro, apply) = (policy("read-only", &files), policy("apply", &files));
    let emu = Emu::start();
    let region = e.region.unwrap_or(testkit::REGION);
    let kind = if scoped { "scoped" } else { "unscoped" };
    let mut failures = Vec::new();
    let mut expect = |what: &str, r: Run, code: i32, text: &str| {
        if r.code != code || !r.stdout.contains(text) {
            failures.push(format!(
                "{} ({kind}): {what}: exit {} (want {code}, {text:?}):\n{}\n{}",
                e.name, r.code, r.stdout, r.stderr
            ));
        }
    };
    let args = |cmd: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
        if cmd[0] != "import" {
            a.extend(["-f".to_string(), e.path.to_string()]);
        }
        if e.roles.is_empty() {
            a.extend(["--region".to_string(), region.to_string()]);
        }
        a
    };
    deploy(&emu, &ro, &e.roles);
    expect(
        "plan (empty account)",
        run(&emu, &args(&["plan"])),
        0,
        "Plan",
    );
    deploy(&emu, &apply, &e.roles);
    let done = "Apply complete!";
    expect(
        "apply",
        run(&emu, &args(&["apply", "--auto-approve"])),
        0,
        done,
    );
    expect(
        "plan after apply",
        run(&emu, &args(&["plan", "--detailed-exitcode"])),
        0,
        "",
    );
    if e.roles.is_empty() {
        seed_jobs(&emu, region);
    } else if emu.counters().get("AssumeRole").copied().unwrap_or(0) == 0 {
        let none = Run {
            code: 1,
            stdout: String::new(),
            stderr: "no role was assumed".into(),
        };
        expect("AssumeRole", none, 0, "");
    }
    deploy(&emu, &ro, &e.roles);
    expect(
        "read-only plan",
        run(&emu, &args(&["plan", "--detailed-exitcode"])),
        0,
        "",
    );
    expect("drift", run(&emu, &args(&["drift"])), 0, "");
    expect("report", run(&emu, &args(&["report"])), 0, "");
    // import reads the caller's own account (it takes no config, so no
    // targets): under the policy on the caller's key.
    if e.roles.is_empty() {
        let r = run(&emu, &args(&["import", "--stack", "imported"]));
        expect("import", r, 0, "version: 1");
    }
    failures
}

#[test]
fn every_example_plans_applies_and_reads_under_its_generated_policies() {
    let jobs: Vec<(Example, bool)> = examples()
        .into_iter()
        .flat_map(|e| {
            let again = Example {
                roles: e.roles.clone(),
                ..e
            };
            [(e, false), (again, true)]
        })
        .collect();
    let queue = std::sync::Mutex::new(jobs);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| loop {
                let Some((e, scoped)) = queue.lock().unwrap().pop() else {
                    return;
                };
                let f = check(&e, scoped);
                failures.lock().unwrap().extend(f);
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
