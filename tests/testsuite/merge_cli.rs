//! `backupctl merge` through the real binary: shard documents written by
//! hand (the library's own types, serialized as `--shard K/N --format
//! json` writes them) are joined into the unsharded result, rendered, and
//! the command exits as the unsharded `plan`, `drift` or `report` would;
//! sets that are not one whole run are refused with one line and exit 1.

use std::path::Path;

use backupctl::changeset::{Action, Address, Change, ChangeSet, Unmanaged};
use backupctl::fleet::{DocKind, Fleet, Shard, TargetResult, FORMAT_VERSION};
use backupctl::model::Live;
use backupctl::report::{self, Job, JobReport, Period};
use serde::Serialize;
use testkit::run_in;

const NOW: f64 = 1_714_608_000.0; // 2024-05-02T00:00:00Z

/// A plan creating `vaults` vaults.
fn plan(region: &str, vaults: &[&str]) -> ChangeSet {
    ChangeSet {
        format_version: backupctl::changeset::FORMAT_VERSION,
        stack: "org".into(),
        account_id: Some("222222222222".into()),
        region: region.into(),
        changes: vaults
            .iter()
            .map(|v| Change::new(Action::Create, Address::Vault { name: (*v).into() }))
            .collect(),
        unmanaged: Unmanaged::default(),
        errors: vec![],
        safety: Default::default(),
        config_digest: None,
        live_fingerprint: "sha256:0".into(),
    }
}

/// The report of an account and region whose jobs ended in `states`.
fn job_report(region: &str, states: &[&str], max_failed: Option<i64>) -> JobReport {
    let live = Live {
        account_id: Some("222222222222".into()),
        region: region.into(),
        ..Live::default()
    };
    let jobs: Vec<Job> = states
        .iter()
        .enumerate()
        .map(|(i, s)| Job {
            id: format!("job-{i}"),
            state: (*s).into(),
            message_category: None,
            status_message: None,
            resource_arn: format!("arn:aws:ec2:{region}:222222222222:volume/vol-{i}"),
            resource_type: "EBS".into(),
            vault: "main".into(),
            plan_id: None,
            created: NOW - 3600.0,
        })
        .collect();
    report::build(&report::Input {
        stack: "org",
        live: &live,
        period: Period::OneDay,
        jobs: &jobs,
        now: NOW,
        max_failed,
        copy_jobs: &[],
        restore_jobs: &[],
        max_failed_copies: None,
        max_failed_restore_tests: None,
        restore_testing_plans: None,
    })
}

/// Shard `index`/`count` holding `targets` (name, result or error) of a
/// run over `total` targets.
fn shard<T>(
    kind: DocKind,
    (index, count, total): (usize, usize, usize),
    targets: Vec<(&str, Result<T, &str>)>,
) -> Fleet<T> {
    Fleet {
        format_version: FORMAT_VERSION,
        kind,
        stack: "org".into(),
        targets: targets
            .into_iter()
            .map(|(name, r)| TargetResult {
                name: name.into(),
                account_id: "222222222222".into(),
                region: name.split('/').nth(1).unwrap().into(),
                error: r.as_ref().err().map(ToString::to_string),
                result: r.ok(),
            })
            .collect(),
        shard: Some(Shard {
            index,
            count,
            targets_total: total,
        }),
    }
}

fn write<T: Serialize>(dir: &Path, name: &str, doc: &Fleet<T>) -> String {
    std::fs::write(dir.join(name), doc.to_json()).unwrap();
    name.to_string()
}

fn merge(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["merge"];
    all.extend(args);
    run_in(dir, &all)
}

#[test]
fn plan_shards_merge_with_the_exit_codes_of_plan() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let one = shard(
        DocKind::Plan,
        (1, 2, 3),
        vec![
            ("prod/eu-west-1", Ok(plan("eu-west-1", &["a"]))),
            ("prod/us-east-1", Ok(plan("us-east-1", &[]))),
        ],
    );
    write(d, "1.json", &one);
    let two = shard(
        DocKind::Plan,
        (2, 2, 3),
        vec![("dev/eu-west-1", Ok(plan("eu-west-1", &["b", "c"])))],
    );
    write(d, "2.json", &two);

    let (code, out, err) = merge(d, &["2.json", "1.json", "--detailed-exitcode"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(out.starts_with("Stack \"org\": 3 target(s).\n"), "{out}");
    // Merged in name order, whatever the order of the files.
    let dev = out.find("=== target dev/eu-west-1").unwrap();
    let prod = out.find("=== target prod/eu-west-1").unwrap();
    assert!(dev < prod, "{out}");
    assert!(
        out.ends_with(
            "Plan over 3 target(s): 3 to add, 0 to change, 0 to replace, 0 to destroy.\n"
        ),
        "{out}"
    );
    let (code, _, _) = merge(d, &["1.json", "2.json"]);
    assert_eq!(code, 0, "without --detailed-exitcode changes are a success");

    // The merged JSON is the unsharded document.
    let (code, out, _) = merge(d, &["1.json", "2.json", "--format", "json"]);
    assert_eq!(code, 0);
    let merged: Fleet<ChangeSet> = serde_json::from_str(&out).unwrap();
    assert_eq!(merged.shard, None);
    let names: Vec<&str> = merged.targets.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["dev/eu-west-1", "prod/eu-west-1", "prod/us-east-1"]);
    assert_eq!(merged.targets[0].result, two.targets[0].result);

    // A failed target fails the merge, named on stderr, changes or not.
    let failed: Fleet<ChangeSet> = shard(
        DocKind::Plan,
        (2, 2, 3),
        vec![("dev/eu-west-1", Err("AccessDenied: sts:AssumeRole"))],
    );
    write(d, "2-failed.json", &failed);
    let (code, out, err) = merge(d, &["1.json", "2-failed.json", "--detailed-exitcode"]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert_eq!(
        err,
        "error: target dev/eu-west-1: AccessDenied: sts:AssumeRole\n"
    );
    assert!(out.contains("1 target(s) failed: dev/eu-west-1."), "{out}");
}

#[test]
fn drift_and_report_shards_exit_like_drift_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let drifted = backupctl::drift::classify(&plan("eu-west-1", &["gone"]), false);
    let clean = backupctl::drift::classify(&plan("us-east-1", &[]), false);
    write(
        d,
        "d1.json",
        &shard(
            DocKind::Drift,
            (1, 2, 2),
            vec![("prod/eu-west-1", Ok(drifted))],
        ),
    );
    write(
        d,
        "d2.json",
        &shard(
            DocKind::Drift,
            (2, 2, 2),
            vec![("prod/us-east-1", Ok(clean))],
        ),
    );
    let (code, out, err) = merge(d, &["d1.json", "d2.json", "--format", "markdown"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(
        out.contains("| `prod/eu-west-1` | 222222222222 | eu-west-1 | 0 | 1 | 0 | 0 | drift |"),
        "{out}"
    );
    // `--fail-on` chooses what counts, as for drift.
    let (code, _, err) = merge(d, &["d1.json", "d2.json", "--fail-on", "changed"]);
    assert_eq!(code, 0, "{err}");

    // Report: 1 failed job in each target, --max-failed 1: each is within
    // the limit, the two together are not.
    let reports = |max| {
        write(
            d,
            "r1.json",
            &shard(
                DocKind::Report,
                (1, 2, 2),
                vec![(
                    "prod/eu-west-1",
                    Ok(job_report("eu-west-1", &["FAILED", "COMPLETED"], max)),
                )],
            ),
        );
        write(
            d,
            "r2.json",
            &shard(
                DocKind::Report,
                (2, 2, 2),
                vec![(
                    "prod/us-east-1",
                    Ok(job_report("us-east-1", &["EXPIRED"], max)),
                )],
            ),
        );
        merge(d, &["r2.json", "r1.json"])
    };
    let (code, out, err) = reports(Some(1));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(
        out.contains(
            "3 jobs, 2 failed or expired; 0 failed copy jobs; 0 failed restore tests. FAIL: more than --max-failed 1 over all targets."
        ),
        "{out}"
    );
    let (code, out, err) = reports(Some(2));
    assert_eq!(code, 0, "{out}\n{err}");
    let (code, out, err) = reports(None);
    assert_eq!(code, 0, "{out}\n{err}");
}

#[test]
fn sets_that_are_not_one_run_are_refused_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = |index, names: &[&str]| {
        shard(
            DocKind::Plan,
            (index, 2, 3),
            names
                .iter()
                .map(|n| (*n, Ok(plan("eu-west-1", &[]))))
                .collect(),
        )
    };
    write(d, "1.json", &p(1, &["a/eu-west-1", "c/eu-west-1"]));
    write(d, "2.json", &p(2, &["b/eu-west-1"]));
    write(d, "2-again.json", &p(2, &["a/eu-west-1"]));
    let drift = backupctl::drift::classify(&plan("eu-west-1", &[]), false);
    write(
        d,
        "drift.json",
        &shard(
            DocKind::Drift,
            (2, 2, 3),
            vec![("b/eu-west-1", Ok(drift.clone()))],
        ),
    );
    std::fs::write(
        d.join("single.json"),
        serde_json::to_string(&drift).unwrap(),
    )
    .unwrap();
    std::fs::write(
        d.join("v1.json"),
        serde_json::to_string(&plan("eu-west-1", &[])).unwrap(),
    )
    .unwrap();
    for (files, says) in [
        (&["1.json"][..], "missing shard(s): 2/2"),
        (
            &["1.json", "2-again.json"][..],
            "target a/eu-west-1 is in two shards",
        ),
        (
            &["1.json", "2.json", "2.json"][..],
            "shard 2/2 is given twice",
        ),
        (
            &["1.json", "drift.json"][..],
            "drift.json is a drift document, 1.json a plan one",
        ),
        (&["single.json"][..], "single.json has no `kind`"),
        (
            &["v1.json"][..],
            "v1.json: format version 1 is not a multi-target document",
        ),
        (&["absent.json"][..], "cannot read absent.json"),
    ] {
        let (code, out, err) = merge(d, files);
        assert_eq!(code, 1, "{files:?}: {out}\n{err}");
        assert!(out.is_empty(), "{files:?}: {out}");
        assert_eq!(err.lines().count(), 1, "{files:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(says),
            "{files:?}: {err}"
        );
    }
    let (code, _, err) = merge(d, &[]);
    assert_eq!(code, 1, "{err}");
}
