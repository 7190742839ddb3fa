//! Unit tests of the copy-job and restore-test parts of the report:
//! attribution of copy jobs to a plan's copy destinations, the verdict on
//! each restore test, durations, the latest failure and both gates.

use super::restore_tests::{build as restore_build, outcome, plan_name, Declared, Outcome};
use super::*;
use crate::model::{BackupPlan, CopyAction, LivePlan, Rule};

const DEST: &str = "arn:aws:backup:eu-west-1:123456789012:backup-vault:dr";
const OTHER: &str = "arn:aws:backup:eu-west-1:123456789012:backup-vault:other";

fn rule(dests: &[&str]) -> Rule {
    Rule {
        target_vault: "main".into(),
        target_logically_air_gapped_backup_vault_arn: None,
        schedule: "cron(0 5 ? * * *)".into(),
        schedule_timezone: "Etc/UTC".into(),
        start_window_minutes: 60,
        completion_window_minutes: 120,
        lifecycle: None,
        copy_actions: dests
            .iter()
            .map(|d| CopyAction {
                destination_vault_arn: d.to_string(),
                lifecycle: None,
            })
            .collect(),
        enable_continuous_backup: false,
        recovery_point_tags: Default::default(),
        index_actions: Default::default(),
        scan_actions: Default::default(),
    }
}

fn plan() -> LivePlan {
    LivePlan {
        id: "pid".into(),
        arn: "arn:aws:backup:us-east-1:123456789012:backup-plan:pid".into(),
        version_id: "v".into(),
        plan: BackupPlan {
            name: "daily".into(),
            // Two rules copying to the same vault share one entry.
            rules: [
                ("a".to_string(), rule(&[DEST])),
                ("b".to_string(), rule(&[DEST, OTHER])),
                ("c".to_string(), rule(&[])),
            ]
            .into(),
            ..Default::default()
        },
        selection_ids: Default::default(),
        duplicate_selections: Vec::new(),
    }
}

fn copy(id: &str, state: &str, plan: Option<&str>, dest: &str, created: f64) -> CopyJob {
    CopyJob {
        id: id.into(),
        state: state.into(),
        message_category: None,
        status_message: (state == "FAILED").then(|| format!("copy {id} denied")),
        resource_arn: "arn:aws:ec2:us-east-1:123456789012:volume/vol-1".into(),
        resource_type: "EBS".into(),
        source_vault_arn: "arn:aws:backup:us-east-1:123456789012:backup-vault:main".into(),
        destination_vault_arn: dest.into(),
        plan_id: plan.map(str::to_string),
        rule_id: None,
        created,
        completed: (state == "COMPLETED").then_some(created + 60.0),
    }
}

#[test]
fn copy_jobs_are_attributed_by_plan_id_and_destination() {
    let p = plan();
    let jobs = [
        copy("1", "COMPLETED", Some("pid"), DEST, 100.0),
        copy("2", "FAILED", Some("pid"), DEST, 200.0),
        copy("3", "FAILED", Some("pid"), DEST, 50.0),
        copy("4", "COMPLETED", Some("pid"), OTHER, 10.0),
        // Another plan's, and a destination the plan does not copy to.
        copy("5", "FAILED", Some("theirs"), DEST, 10.0),
        copy("6", "FAILED", Some("pid"), "arn:x", 10.0),
    ];
    let refs: Vec<&CopyJob> = jobs.iter().collect();
    let r = copies::build(&[&p], &refs, Some(3));
    assert_eq!(r.account.total, 6);
    assert_eq!(r.failed_jobs, 4);
    assert!(r.exceeded);
    let d: Vec<(&str, Vec<&str>, i64, i64)> = r
        .destinations
        .iter()
        .map(|d| {
            (
                d.destination_vault_arn.as_str(),
                d.rules.iter().map(String::as_str).collect(),
                d.counts.total,
                d.failed(),
            )
        })
        .collect();
    assert_eq!(d, [(DEST, vec!["a", "b"], 3, 2), (OTHER, vec!["b"], 1, 0)]);
    let dr = &r.destinations[0];
    assert_eq!(dr.address, "plan.daily");
    assert_eq!(dr.last_success, Some(timestamp(160.0)));
    assert_eq!(dr.last_failure, Some(timestamp(200.0)));
    assert_eq!(dr.last_failure_message.as_deref(), Some("copy 2 denied"));
    assert_eq!(r.destinations[1].last_failure, None);
    assert!(!copies::build(&[&p], &refs, Some(4)).exceeded);
    assert!(!copies::build(&[&p], &refs, None).exceeded);
}

const RTP: &str =
    "arn:aws:backup:us-east-1:123456789012:restore-testing-plan:nightly-0a1b2c3d-1111";

fn restore(id: &str, status: &str, validation: Option<&str>, created: f64) -> RestoreJob {
    RestoreJob {
        id: id.into(),
        status: status.into(),
        status_message: (status == "FAILED").then(|| "restore failed".into()),
        validation_status: validation.map(str::to_string),
        validation_status_message: (validation == Some("FAILED")).then(|| "script failed".into()),
        resource_type: "EBS".into(),
        source_resource_arn: None,
        restore_testing_plan_arn: Some(RTP.into()),
        created,
        completed: (status != "RUNNING").then_some(created + 90.0),
    }
}

#[test]
fn each_restore_test_passes_fails_or_is_pending() {
    let cases = [
        ("COMPLETED", None, Outcome::Passed),
        ("COMPLETED", Some("SUCCESSFUL"), Outcome::Passed),
        ("COMPLETED", Some("FAILED"), Outcome::Failed),
        ("COMPLETED", Some("TIMED_OUT"), Outcome::Failed),
        ("COMPLETED", Some("VALIDATING"), Outcome::Pending),
        ("FAILED", None, Outcome::Failed),
        ("ABORTED", None, Outcome::Failed),
        ("RUNNING", None, Outcome::Pending),
        ("PENDING", None, Outcome::Pending),
    ];
    for (status, v, want) in cases {
        assert_eq!(
            outcome(&restore("x", status, v, 0.0)),
            want,
            "{status} {v:?}"
        );
    }
    assert_eq!(plan_name(RTP), "nightly");
}

#[test]
fn restore_tests_per_plan_with_durations_and_the_latest_failure() {
    let mut other = restore("9", "COMPLETED", None, 5.0);
    other.restore_testing_plan_arn = None;
    let jobs = [
        restore("1", "COMPLETED", Some("SUCCESSFUL"), 100.0),
        restore("2", "COMPLETED", Some("FAILED"), 300.0),
        restore("3", "FAILED", None, 200.0),
        restore("4", "RUNNING", None, 400.0),
        other,
    ];
    let refs: Vec<&RestoreJob> = jobs.iter().collect();
    let r = restore_build(&refs, None, Some(1));
    assert_eq!((r.total, r.passed, r.failed, r.pending), (4, 1, 2, 1));
    assert_eq!(r.failed_tests, 2);
    assert!(r.exceeded);
    let p = &r.plans[0];
    assert_eq!(p.name, "nightly");
    assert_eq!(p.arn.as_deref(), Some(RTP));
    assert_eq!(p.address, None);
    assert_eq!(p.by_status["COMPLETED"], 2);
    assert_eq!(p.by_validation_status["(none)"], 2);
    assert_eq!(p.last_passed, Some(timestamp(100.0)));
    assert_eq!(p.last_duration_seconds, Some(90));
    assert_eq!(p.max_duration_seconds, Some(90));
    // The latest failure is a failed validation: its message.
    assert_eq!(p.last_failure, Some(timestamp(300.0)));
    assert_eq!(p.last_failure_message.as_deref(), Some("script failed"));
    assert!(!restore_build(&refs, None, Some(2)).exceeded);
}

#[test]
fn declared_restore_testing_plans_get_their_address_and_show_without_tests() {
    let jobs = [restore("1", "COMPLETED", None, 100.0)];
    let refs: Vec<&RestoreJob> = jobs.iter().collect();
    let declared = [
        Declared {
            address: "restore_testing_plan.nightly".into(),
            name: "nightly".into(),
            arn: Some(RTP.into()),
        },
        Declared {
            address: "restore_testing_plan.weekly".into(),
            name: "weekly".into(),
            arn: None,
        },
    ];
    let r = restore_build(&refs, Some(&declared), None);
    let got: Vec<(Option<&str>, &str, i64)> = r
        .plans
        .iter()
        .map(|p| (p.address.as_deref(), p.name.as_str(), p.total))
        .collect();
    assert_eq!(
        got,
        [
            (Some("restore_testing_plan.nightly"), "nightly", 1),
            (Some("restore_testing_plan.weekly"), "weekly", 0)
        ]
    );
}
