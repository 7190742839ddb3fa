//! The generated policies are minimal: removing any one statement, or any
//! one action of a statement, makes a tour step fail with exit 1 and one
//! error naming a removed action. The tour is recorded once; for each
//! removal the steps that called an operation needing a removed action
//! (per `iam-policy --explain --format json`) are replayed in order, each
//! from the emulator state saved before it, under the reduced policy,
//! until one fails. A removal no step notices fails the test: the policy
//! grants more than the code needs, or the tour misses a call. Every step
//! the policy is for also runs under the full policy, which must be
//! enough. Jobs run in parallel on a few emulators.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use serde_json::Value;
use testkit::Emu;

use super::harness::{actions_of, denial, explain, policy, units, without, Unit, ASSUME};
use super::tour::{record, replay, Recorded, Tour};

const WORKERS: usize = 3;

/// Operation -> (action, statement) pairs it needs, from the explain JSON.
fn needs(table: &Value) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let mut out: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for call in table["calls"].as_array().expect("calls") {
        let op = call["operation"].as_str().unwrap().to_string();
        let entry = out.entry(op).or_default();
        for p in call["permissions"].as_array().unwrap() {
            for sid in p["statements"].as_array().unwrap() {
                let action = p["action"].as_str().unwrap().to_string();
                entry.insert((action, sid.as_str().unwrap().to_string()));
            }
        }
    }
    out
}

/// What one policy's check found.
#[derive(Default)]
struct Outcome {
    proven: Vec<String>,
    failures: Vec<String>,
}

enum Job<'a> {
    /// A step under the full policy: it must succeed as recorded.
    Full(&'a Recorded),
    /// A removal: the candidate steps, in tour order.
    Removal(Unit, Vec<&'a Recorded>),
}

/// Checks one policy against the recorded tour: the steps it is for
/// under the whole policy, and each of `removals` (None: every unit).
fn check(
    name: &str,
    p: &Value,
    read_only: bool,
    tour: &[Recorded],
    table: &Value,
    removals: Option<Vec<Unit>>,
) -> Outcome {
    let needs = needs(table);
    let has_targets = super::harness::statements(p)
        .iter()
        .any(|s| s["Sid"] == ASSUME);
    // The steps this policy is for: read-only ones for read-only; the
    // `targets:` step only when the policy can reach a target.
    let steps: Vec<&Recorded> = tour
        .iter()
        .filter(|r| (!read_only || r.step.read_only) && (has_targets || r.step.roles.is_empty()))
        .collect();
    let mut jobs: Vec<Job<'_>> = steps.iter().map(|r| Job::Full(r)).collect();
    for u in removals.unwrap_or_else(|| units(p)) {
        let removed = actions_of(p, &u);
        let candidates: Vec<&Recorded> = steps
            .iter()
            .copied()
            .filter(|r| {
                r.calls.iter().any(|op| {
                    needs.get(op).is_some_and(|pairs| {
                        pairs
                            .iter()
                            .any(|(a, sid)| sid == u.sid() && removed.contains(a))
                    })
                })
            })
            .collect();
        jobs.push(Job::Removal(u, candidates));
    }
    let queue = Mutex::new(jobs);
    let out = Mutex::new(Outcome::default());
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| {
                let emu = Emu::start();
                loop {
                    let Some(job) = queue.lock().unwrap().pop() else {
                        return;
                    };
                    let (ok, msg) = run_job(&emu, p, &job);
                    let mut o = out.lock().unwrap();
                    if ok {
                        o.proven.push(msg);
                    } else {
                        o.failures.push(format!("{name}: {msg}"));
                    }
                }
            });
        }
    });
    out.into_inner().unwrap()
}

/// (passed, what was shown or what went wrong).
fn run_job(emu: &Emu, p: &Value, job: &Job<'_>) -> (bool, String) {
    match job {
        Job::Full(rec) => {
            let r = replay(emu, rec, p);
            let ok = r.code == rec.run.code;
            (
                ok,
                format!(
                    "step '{}' under the full policy: exit {}\n{}",
                    rec.step.name, r.code, r.stderr
                ),
            )
        }
        Job::Removal(u, candidates) => {
            let reduced = without(p, u);
            let removed = actions_of(p, u);
            for rec in candidates {
                let r = replay(emu, rec, &reduced);
                if r.code == 0 {
                    continue;
                }
                return match denial(&r) {
                    Ok(a) if removed.contains(&a) => {
                        (true, format!("{u}: step '{}' fails on {a}", rec.step.name))
                    }
                    Ok(a) => (
                        false,
                        format!(
                            "{u}: step '{}' failed on {a}, not a removed action",
                            rec.step.name
                        ),
                    ),
                    Err(e) => (false, format!("{u}: step '{}': {e}", rec.step.name)),
                };
            }
            let tried: Vec<&str> = candidates.iter().map(|r| r.step.name).collect();
            (
                false,
                format!("{u}: no step fails without it (tried {tried:?}): the policy is not minimal, or the tour is incomplete"),
            )
        }
    }
}

fn prove(scoped: bool) {
    let tour = Tour::new();
    let files = if scoped { vec![tour.config()] } else { vec![] };
    let apply = policy("apply", &files);
    let read_only = policy("read-only", &files);
    // The dependent statements are part of what is proven.
    let sids: Vec<&str> = super::harness::statements(&apply)
        .iter()
        .filter_map(|s| s["Sid"].as_str())
        .collect();
    for sid in ["PassRolesToBackup", "UseVaultKmsKeys", "MountVaultStorage"] {
        assert!(sids.contains(&sid), "{sid} missing from {sids:?}");
    }
    assert_eq!(sids.contains(&ASSUME), !scoped, "{sids:?}");
    let recorded = record(&tour.steps, &policy("apply", &[]));
    let table = explain();
    let mut failures = Vec::new();
    for (name, p, ro) in [("read-only", &read_only, true), ("apply", &apply, false)] {
        let o = check(name, p, ro, &recorded, &table, None);
        let proven = o.proven.iter().filter(|m| !m.starts_with("step ")).count();
        if o.failures.is_empty() {
            assert_eq!(proven, units(p).len(), "{name}: every removal is proven");
        }
        failures.extend(o.failures);
    }
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    if !scoped {
        the_check_finds_a_grant_no_step_needs(&read_only, &recorded, &table);
    }
}

/// The check is not vacuous: with `backup:ListTags` also granted on `*`,
/// neither grant of it is needed on its own, and both are reported.
fn the_check_finds_a_grant_no_step_needs(read_only: &Value, tour: &[Recorded], table: &Value) {
    let mut p = read_only.clone();
    for s in p["Statement"].as_array_mut().unwrap() {
        if s["Sid"] == "ReadAccountWide" {
            s["Action"]
                .as_array_mut()
                .unwrap()
                .push("backup:ListTags".into());
        }
    }
    let ours = Unit::Action("ReadBackupVaults".into(), "backup:ListTags".into());
    let extra = Unit::Action("ReadAccountWide".into(), "backup:ListTags".into());
    let o = check("doctored", &p, true, tour, table, Some(vec![ours, extra]));
    let not_minimal: Vec<&String> = o
        .failures
        .iter()
        .filter(|f| f.contains("the policy is not minimal"))
        .collect();
    assert_eq!(not_minimal.len(), 2, "{:?}", o.failures);
}

#[test]
fn every_statement_and_action_of_the_unscoped_policies_is_needed() {
    prove(false);
}

#[test]
fn every_statement_and_action_of_a_scoped_policy_is_needed() {
    prove(true);
}
