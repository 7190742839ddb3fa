use super::*;
use crate::model::{BackupPlan, Live, LivePlan, LiveVault, Rule, Selection, Vault, STACK_TAG};
use crate::render::report::{human, markdown};

const DAY: f64 = 86_400.0;
/// 2026-11-22T12:00:00Z.
const NOW: f64 = 1_795_348_800.0;

fn job(id: &str, state: &str, arn: &str, plan: Option<&str>, created: f64) -> Job {
    Job {
        id: id.into(),
        state: state.into(),
        message_category: Some(
            if state == "COMPLETED" {
                "SUCCESS"
            } else {
                "AccessDenied"
            }
            .into(),
        ),
        status_message: (state == "FAILED").then(|| "role cannot read the key".into()),
        resource_arn: arn.into(),
        resource_type: "EBS".into(),
        vault: "main".into(),
        plan_id: plan.map(str::to_string),
        created,
    }
}

fn rule(schedule: &str) -> Rule {
    Rule {
        target_vault: "main".into(),
        target_logically_air_gapped_backup_vault_arn: None,
        schedule: schedule.into(),
        schedule_timezone: "Etc/UTC".into(),
        start_window_minutes: 60,
        completion_window_minutes: 120,
        lifecycle: None,
        copy_actions: Default::default(),
        enable_continuous_backup: false,
        recovery_point_tags: Default::default(),
        index_actions: Default::default(),
        scan_actions: Default::default(),
    }
}

fn live() -> Live {
    let stack: crate::model::Tags = [(STACK_TAG.to_string(), "s".to_string())].into();
    let mut live = Live {
        account_id: Some("123456789012".into()),
        region: "us-east-1".into(),
        ..Default::default()
    };
    live.vaults.insert(
        "main".into(),
        LiveVault {
            arn: "arn:aws:backup:us-east-1:123456789012:backup-vault:main".into(),
            vault: Vault {
                name: "main".into(),
                tags: stack.clone(),
                ..Default::default()
            },
            number_of_recovery_points: 0,
            locked: false,
        },
    );
    let plan = |name: &str, schedule: &str, resources: &[&str]| LivePlan {
        id: format!("id-{name}"),
        arn: format!("arn:aws:backup:us-east-1:123456789012:backup-plan:id-{name}"),
        version_id: "v".into(),
        plan: BackupPlan {
            name: name.into(),
            tags: stack.clone(),
            rules: [("r".to_string(), rule(schedule))].into(),
            selections: [(
                "sel".to_string(),
                Selection {
                    iam_role_arn: "arn:aws:iam::123456789012:role/b".into(),
                    resources: resources.iter().map(|s| s.to_string()).collect(),
                    not_resources: ["arn:aws:ec2:*:*:volume/vol-excluded".to_string()].into(),
                    ..Default::default()
                },
            )]
            .into(),
            ..Default::default()
        },
        selection_ids: Default::default(),
        duplicate_selections: Vec::new(),
    };
    live.plans.insert(
        "daily".into(),
        plan(
            "daily",
            "cron(0 5 ? * * *)",
            &[
                "arn:aws:ec2:us-east-1:123456789012:volume/vol-ok",
                "arn:aws:ec2:us-east-1:123456789012:volume/vol-bad",
                "arn:aws:ec2:us-east-1:123456789012:volume/vol-none",
                "arn:aws:ec2:*:*:volume/vol-excluded",
                "arn:aws:ec2:*:*:volume/*",
            ],
        ),
    );
    // The 1st of the month: not due in a one-day window on the 22nd.
    live.plans.insert(
        "monthly".into(),
        plan(
            "monthly",
            "cron(0 5 1 * ? *)",
            &["arn:aws:ec2:us-east-1:123456789012:volume/vol-monthly"],
        ),
    );
    live
}

fn build_at(period: Period, now: f64, jobs: &[Job], max_failed: Option<i64>) -> JobReport {
    build(&Input {
        stack: "s",
        live: &live(),
        period,
        jobs,
        now,
        max_failed,
        copy_jobs: &[],
        restore_jobs: &[],
        max_failed_copies: None,
        max_failed_restore_tests: None,
        restore_testing_plans: None,
    })
}

const PERIODS: [(Period, f64); 3] = [
    (Period::OneDay, DAY),
    (Period::SevenDays, 7.0 * DAY),
    (Period::FourteenDays, 14.0 * DAY),
];

fn vol(id: &str) -> String {
    format!("arn:aws:ec2:us-east-1:123456789012:volume/vol-{id}")
}

#[test]
fn the_window_is_the_period_up_to_now_in_whole_seconds() {
    for (period, len) in PERIODS {
        assert_eq!(window(period, NOW), (NOW - len, NOW));
        // Mid-second: the window ends at the second the report started in.
        assert_eq!(window(period, NOW + 0.75), (NOW - len, NOW));
    }
}

#[test]
fn each_period_counts_exactly_the_jobs_created_inside_its_window_edges() {
    for (period, len) in PERIODS {
        let start = NOW - len;
        let at = |id: &str, t: f64| job(id, "FAILED", &vol(id), None, t);
        let jobs = [
            at("long-before", start - 3600.0),
            at("before", start - 0.001),
            at("start", start),
            at("inside", start + 1.0),
            at("end", NOW),
            // Created while the report runs: after the window.
            at("during-run", NOW + 0.5),
            at("later", NOW + 60.0),
        ];
        let r = build_at(period, NOW + 0.75, &jobs, Some(2));
        let name = period.name();
        assert_eq!(r.window.start, timestamp(start), "{name}");
        assert_eq!(r.window.end, "2026-11-22T12:00:00Z", "{name}");
        // Every figure covers the same jobs: the account's, the gate's, the
        // vault's and the failed resources.
        assert_eq!(r.account.total, 3, "{name}");
        assert_eq!(r.account.by_resource_type["EBS"], 3, "{name}");
        assert_eq!(r.failed_jobs, 3, "{name}");
        assert!(r.exceeded, "{name}");
        assert_eq!(r.vaults[0].counts.total, 3, "{name}");
        let failed: Vec<String> = r
            .failed_resources
            .iter()
            .map(|f| f.resource_arn.clone())
            .collect();
        assert_eq!(failed, [vol("end"), vol("inside"), vol("start")], "{name}");
    }
}

#[test]
fn one_day_is_the_last_24_hours_whatever_the_time_of_day() {
    let midnight = (NOW / DAY).floor() * DAY;
    for now in [midnight, midnight + 1800.0, NOW, midnight + DAY - 1.0] {
        let jobs = [
            job("23h", "FAILED", &vol("a"), None, now - 23.0 * 3600.0),
            job("25h", "FAILED", &vol("b"), None, now - 25.0 * 3600.0),
        ];
        let r = build_at(Period::OneDay, now, &jobs, Some(0));
        let at = timestamp(now);
        assert_eq!(r.account.total, 1, "{at}");
        assert_eq!(r.failed_jobs, 1, "{at}");
        assert_eq!(r.failed_resources[0].resource_arn, vol("a"), "{at}");
        assert_eq!(r.window.start, timestamp(now - DAY));
        assert_eq!(r.window.end, at);
    }
}

fn report(max_failed: Option<i64>) -> JobReport {
    let mut jobs = [
        job(
            "1",
            "COMPLETED",
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-ok",
            Some("id-daily"),
            NOW - DAY,
        ),
        job(
            "2",
            "FAILED",
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-bad",
            Some("id-daily"),
            NOW - 2.0 * DAY,
        ),
        job(
            "3",
            "RUNNING",
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-bad",
            Some("id-daily"),
            NOW - 100.0,
        ),
        job(
            "4",
            "FAILED",
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-other",
            Some("id-unmanaged"),
            NOW - DAY,
        ),
        job(
            "5",
            "EXPIRED",
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-other",
            None,
            NOW - 3.0 * DAY,
        ),
        job(
            "6",
            "COMPLETED",
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-ok",
            None,
            NOW - 30.0 * DAY,
        ),
    ];
    // An expired job AWS gave no message category.
    jobs[4].message_category = None;
    build_at(Period::SevenDays, NOW, &jobs, max_failed)
}

#[test]
fn counts_per_account_vault_and_plan() {
    let r = report(None);
    // Job 6 is older than the window: the account counts the same 5 jobs
    // as the vault.
    assert_eq!(r.account.total, 5);
    assert_eq!(r.account.state("FAILED"), 2);
    assert_eq!(r.account.state("EXPIRED"), 1);
    assert_eq!(r.account.by_message_category["(none)"], 1);
    assert_eq!(r.account.by_resource_type["EBS"], 5);
    assert_eq!(r.failed_jobs, 3);
    assert!(!r.exceeded);
    // Job 6 is older than the window.
    assert_eq!(r.vaults[0].counts.total, 5);
    assert_eq!(r.vaults[0].address, "vault.main");
    assert_eq!(r.vaults[0].plan_id, None);
    let daily = r.plans.iter().find(|p| p.name == "daily").unwrap();
    assert_eq!(daily.address, "plan.daily");
    assert_eq!(daily.plan_id.as_deref(), Some("id-daily"));
    assert_eq!(daily.counts.total, 3);
    assert_eq!(daily.counts.by_state["RUNNING"], 1);
    assert_eq!(
        r.plans
            .iter()
            .find(|p| p.name == "monthly")
            .unwrap()
            .counts
            .total,
        0
    );
}

#[test]
fn failed_resources_name_managed_plans_and_keep_other_ids() {
    let r = report(None);
    let arns: Vec<&str> = r
        .failed_resources
        .iter()
        .map(|f| f.resource_arn.as_str())
        .collect();
    assert_eq!(
        arns,
        [
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-bad",
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-other"
        ]
    );
    let bad = &r.failed_resources[0];
    assert_eq!((bad.failed, bad.expired), (1, 0));
    assert_eq!(bad.last_state, "RUNNING");
    assert_eq!(
        bad.last_failure_message.as_deref(),
        Some("role cannot read the key")
    );
    assert_eq!(bad.plans, ["plan.daily".to_string()].into());
    assert!(bad.other_plan_ids.is_empty());
    assert_eq!(bad.vaults, ["vault.main".to_string()].into());
    let other = &r.failed_resources[1];
    assert_eq!((other.failed, other.expired), (1, 1));
    assert!(other.plans.is_empty());
    assert_eq!(other.other_plan_ids, ["id-unmanaged".to_string()].into());
}

#[test]
fn only_due_explicit_resources_without_a_completed_job_are_unprotected() {
    let r = report(None);
    // vol-ok, vol-bad, vol-none of daily; vol-monthly (wildcards and the
    // excluded one are not counted).
    assert_eq!(r.explicit_resources, 4);
    let u: Vec<(&str, Option<&str>)> = r
        .unprotected_resources
        .iter()
        .map(|u| (u.resource_arn.as_str(), u.last_state.as_deref()))
        .collect();
    // The monthly rule last ran on the 1st, before the 7-day window.
    assert_eq!(
        u,
        [
            (
                "arn:aws:ec2:us-east-1:123456789012:volume/vol-bad",
                Some("RUNNING")
            ),
            ("arn:aws:ec2:us-east-1:123456789012:volume/vol-none", None),
        ]
    );
    assert_eq!(r.unprotected_resources[0].due, "2026-11-16T05:00:00Z");
    assert_eq!(
        r.unprotected_resources[0].address,
        "plan.daily.selection.sel"
    );
    // No job at all: `last_state` is left out of the JSON, not null.
    let none = serde_json::to_value(&r.unprotected_resources[1]).unwrap();
    assert!(none.get("last_state").is_none(), "{none}");
}

#[test]
fn the_gate_compares_failed_and_expired_jobs() {
    assert!(!report(Some(3)).exceeded);
    let r = report(Some(2));
    assert!(r.exceeded);
    assert!(human(&r).ends_with(
        "0 failed copy jobs.\n0 failed restore tests.\nFAIL: 3 failed or expired jobs, more than --max-failed 2.\n"
    ));
    assert!(markdown(&r).starts_with("## ❌ Backup jobs"));
    assert!(markdown(&report(Some(3))).starts_with("## ✅ Backup jobs"));
    // Failures without a gate are a warning.
    assert!(markdown(&report(None)).starts_with("## ⚠️ Backup jobs"));
}

#[test]
fn tables_line_up() {
    let text = human(&report(None));
    assert!(text.contains("  PLAN     JOBS  COMPLETED  FAILED  EXPIRED  ABORTED  PARTIAL  OTHER\n  daily    3     1          1       0        0        0        1\n  monthly  0     0          0       0        0        0        0\n"), "{text}");
    assert!(
        text.contains(
            "  arn:aws:ec2:us-east-1:123456789012:volume/vol-bad: role cannot read the key\n"
        ),
        "{text}"
    );
}
