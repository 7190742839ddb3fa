//! Restore testing plans and selections through the real aws-sdk-backup
//! client: lifecycle with the defaults AWS fills on read, CreatorRequestId
//! idempotency, updates in place, validation, pagination, tags on the plan
//! ARN, and the refusal to delete a plan that still has selections.

use aws_sdk_backup::types::{
    KeyValue, ProtectedResourceConditions, RestoreTestingPlanForCreate,
    RestoreTestingPlanForUpdate, RestoreTestingRecoveryPointSelection,
    RestoreTestingRecoveryPointSelectionAlgorithm as Algo,
    RestoreTestingRecoveryPointType as RpType, RestoreTestingSelectionForCreate,
    RestoreTestingSelectionForUpdate,
};
use testkit::emulator::start;
use testkit::sdk::*;

fn rps() -> RestoreTestingRecoveryPointSelection {
    RestoreTestingRecoveryPointSelection::builder()
        .algorithm(Algo::LatestWithinWindow)
        .include_vaults("*")
        .recovery_point_types(RpType::Snapshot)
        .build()
}

fn plan(name: &str) -> RestoreTestingPlanForCreate {
    RestoreTestingPlanForCreate::builder()
        .restore_testing_plan_name(name)
        .schedule_expression("cron(0 5 ? * * *)")
        .recovery_point_selection(rps())
        .build()
        .unwrap()
}

fn selection(name: &str) -> RestoreTestingSelectionForCreate {
    RestoreTestingSelectionForCreate::builder()
        .restore_testing_selection_name(name)
        .iam_role_arn(ROLE)
        .protected_resource_type("EBS")
        .protected_resource_arns("*")
        .build()
        .unwrap()
}

#[tokio::test]
async fn plan_lifecycle_defaults_idempotency_and_tags() {
    let emu = start().await;
    let c = client(&emu).await;
    let made = c
        .create_restore_testing_plan()
        .restore_testing_plan(plan("daily_test"))
        .creator_request_id("req-1")
        .tags("team", "ops")
        .send()
        .await
        .unwrap();
    let arn = made.restore_testing_plan_arn().to_string();
    assert!(
        arn.starts_with("arn:aws:backup:us-east-1:123456789012:restore-testing-plan:daily_test-"),
        "{arn}"
    );
    // A retry with the same CreatorRequestId answers the same plan.
    let again = c
        .create_restore_testing_plan()
        .restore_testing_plan(plan("daily_test"))
        .creator_request_id("req-1")
        .send()
        .await
        .unwrap();
    assert_eq!(again.restore_testing_plan_arn(), arn);
    let e = c
        .create_restore_testing_plan()
        .restore_testing_plan(plan("daily_test"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "AlreadyExistsException");

    let got = c
        .get_restore_testing_plan()
        .restore_testing_plan_name("daily_test")
        .send()
        .await
        .unwrap();
    let p = got.restore_testing_plan().unwrap();
    assert_eq!(p.schedule_expression_timezone(), Some("Etc/UTC"));
    assert_eq!(p.start_window_hours(), 24);
    assert_eq!(p.creator_request_id(), Some("req-1"));
    assert!(p.last_update_time().is_some());
    assert!(p.last_execution_time().is_none());
    let sel = p.recovery_point_selection().unwrap();
    assert_eq!(sel.selection_window_days(), 30);
    assert_eq!(sel.exclude_vaults(), &[] as &[String]);
    // Update in place: only what is sent changes.
    c.update_restore_testing_plan()
        .restore_testing_plan_name("daily_test")
        .restore_testing_plan(
            RestoreTestingPlanForUpdate::builder()
                .start_window_hours(48)
                .schedule_expression_timezone("Europe/Paris")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let p = c
        .get_restore_testing_plan()
        .restore_testing_plan_name("daily_test")
        .send()
        .await
        .unwrap()
        .restore_testing_plan
        .unwrap();
    assert_eq!(p.start_window_hours(), 48);
    assert_eq!(p.schedule_expression_timezone(), Some("Europe/Paris"));
    assert_eq!(p.schedule_expression(), "cron(0 5 ? * * *)");
    assert_eq!(p.restore_testing_plan_arn(), arn);

    // Tags live on the plan ARN.
    let tags = c.list_tags().resource_arn(&arn).send().await.unwrap();
    assert_eq!(tags.tags().unwrap()["team"], "ops");
    c.tag_resource()
        .resource_arn(&arn)
        .tags("env", "prod")
        .send()
        .await
        .unwrap();
    c.untag_resource()
        .resource_arn(&arn)
        .tag_key_list("team")
        .send()
        .await
        .unwrap();
    let tags = c.list_tags().resource_arn(&arn).send().await.unwrap();
    assert_eq!(tags.tags().unwrap().len(), 1);
    assert_eq!(tags.tags().unwrap()["env"], "prod");

    c.delete_restore_testing_plan()
        .restore_testing_plan_name("daily_test")
        .send()
        .await
        .unwrap();
    let e = c
        .get_restore_testing_plan()
        .restore_testing_plan_name("daily_test")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
}

#[tokio::test]
async fn plans_paginate() {
    let emu = start().await;
    let c = client(&emu).await;
    for i in 0..5 {
        c.create_restore_testing_plan()
            .restore_testing_plan(plan(&format!("p{i}")))
            .send()
            .await
            .unwrap();
    }
    let first = c
        .list_restore_testing_plans()
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first.restore_testing_plans().len(), 2);
    assert!(first.next_token().is_some());
    let all: Vec<_> = c
        .list_restore_testing_plans()
        .max_results(2)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|p| p.restore_testing_plan_name()).collect();
    assert_eq!(names, ["p0", "p1", "p2", "p3", "p4"]);
    assert!(all.iter().all(|p| p.start_window_hours() == 24));
    let e = c
        .list_restore_testing_plans()
        .max_results(1001)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
}

#[tokio::test]
async fn plan_validation() {
    let emu = start().await;
    let c = client(&emu).await;
    let bad = |f: fn(RestoreTestingPlanForCreate) -> RestoreTestingPlanForCreate| f(plan("ok"));
    let cases: Vec<(RestoreTestingPlanForCreate, &str)> = vec![
        (plan("has-dash"), "InvalidParameterValueException"),
        (plan(&"x".repeat(51)), "InvalidParameterValueException"),
        (
            bad(|mut p| {
                p.schedule_expression = "rate(1 day)".into();
                p
            }),
            "InvalidParameterValueException",
        ),
        (
            bad(|mut p| {
                p.schedule_expression_timezone = Some("Mars/Base".into());
                p
            }),
            "InvalidParameterValueException",
        ),
        (
            bad(|mut p| {
                p.start_window_hours = 169;
                p
            }),
            "InvalidParameterValueException",
        ),
        (
            bad(|mut p| {
                p.recovery_point_selection = Some(
                    RestoreTestingRecoveryPointSelection::builder()
                        .algorithm(Algo::RandomWithinWindow)
                        .include_vaults("*")
                        .recovery_point_types(RpType::Continuous)
                        .selection_window_days(366)
                        .build(),
                );
                p
            }),
            "InvalidParameterValueException",
        ),
        (
            bad(|mut p| {
                p.recovery_point_selection = Some(
                    RestoreTestingRecoveryPointSelection::builder()
                        .algorithm(Algo::RandomWithinWindow)
                        .recovery_point_types(RpType::Continuous)
                        .build(),
                );
                p
            }),
            "MissingParameterValueException",
        ),
        (
            bad(|mut p| {
                p.recovery_point_selection = Some(
                    RestoreTestingRecoveryPointSelection::builder()
                        .algorithm(Algo::RandomWithinWindow)
                        .include_vaults("not-an-arn")
                        .recovery_point_types(RpType::Continuous)
                        .build(),
                );
                p
            }),
            "InvalidParameterValueException",
        ),
    ];
    for (p, want) in cases {
        let e = c
            .create_restore_testing_plan()
            .restore_testing_plan(p.clone())
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&e), want, "{p:?}");
    }
    let listed = c.list_restore_testing_plans().send().await.unwrap();
    assert!(listed.restore_testing_plans().is_empty());
}

#[tokio::test]
async fn selections_lifecycle_update_and_plan_delete_refusal() {
    let emu = start().await;
    let c = client(&emu).await;
    c.create_restore_testing_plan()
        .restore_testing_plan(plan("rt"))
        .send()
        .await
        .unwrap();
    for i in 0..3 {
        let s = c
            .create_restore_testing_selection()
            .restore_testing_plan_name("rt")
            .restore_testing_selection(selection(&format!("s{i}")))
            .creator_request_id(format!("sreq-{i}"))
            .send()
            .await
            .unwrap();
        assert_eq!(s.restore_testing_selection_name(), format!("s{i}"));
        assert_eq!(s.restore_testing_plan_name(), "rt");
    }
    let again = c
        .create_restore_testing_selection()
        .restore_testing_plan_name("rt")
        .restore_testing_selection(selection("s0"))
        .creator_request_id("sreq-0")
        .send()
        .await
        .unwrap();
    assert_eq!(again.restore_testing_selection_name(), "s0");
    let e = c
        .create_restore_testing_selection()
        .restore_testing_plan_name("rt")
        .restore_testing_selection(selection("s0"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "AlreadyExistsException");
    let e = c
        .create_restore_testing_selection()
        .restore_testing_plan_name("nope")
        .restore_testing_selection(selection("s9"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");

    let got = c
        .get_restore_testing_selection()
        .restore_testing_plan_name("rt")
        .restore_testing_selection_name("s1")
        .send()
        .await
        .unwrap()
        .restore_testing_selection
        .unwrap();
    assert_eq!(got.protected_resource_arns(), ["*"]);
    let cond = got.protected_resource_conditions().unwrap();
    assert!(cond.string_equals().is_empty() && cond.string_not_equals().is_empty());
    assert!(got.restore_metadata_overrides().unwrap().is_empty());
    assert_eq!(got.creator_request_id(), Some("sreq-1"));

    c.update_restore_testing_selection()
        .restore_testing_plan_name("rt")
        .restore_testing_selection_name("s1")
        .restore_testing_selection(
            RestoreTestingSelectionForUpdate::builder()
                .protected_resource_conditions(
                    ProtectedResourceConditions::builder()
                        .string_equals(
                            KeyValue::builder()
                                .key("aws:ResourceTag/restore")
                                .value("yes")
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .validation_window_hours(12)
                .restore_metadata_overrides("availabilityZone", "us-east-1a")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let got = c
        .get_restore_testing_selection()
        .restore_testing_plan_name("rt")
        .restore_testing_selection_name("s1")
        .send()
        .await
        .unwrap()
        .restore_testing_selection
        .unwrap();
    assert_eq!(got.validation_window_hours(), 12);
    assert_eq!(got.protected_resource_type(), "EBS");
    assert_eq!(
        got.protected_resource_conditions().unwrap().string_equals()[0].value(),
        "yes"
    );
    assert_eq!(
        got.restore_metadata_overrides().unwrap()["availabilityZone"],
        "us-east-1a"
    );

    let listed: Vec<_> = c
        .list_restore_testing_selections()
        .restore_testing_plan_name("rt")
        .max_results(2)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[1].validation_window_hours(), 12);

    let e = c
        .delete_restore_testing_plan()
        .restore_testing_plan_name("rt")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidRequestException");
    for i in 0..3 {
        c.delete_restore_testing_selection()
            .restore_testing_plan_name("rt")
            .restore_testing_selection_name(format!("s{i}"))
            .send()
            .await
            .unwrap();
    }
    let e = c
        .delete_restore_testing_selection()
        .restore_testing_plan_name("rt")
        .restore_testing_selection_name("s0")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
    c.delete_restore_testing_plan()
        .restore_testing_plan_name("rt")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn selection_validation() {
    let emu = start().await;
    let c = client(&emu).await;
    c.create_restore_testing_plan()
        .restore_testing_plan(plan("rt"))
        .send()
        .await
        .unwrap();
    let base = || {
        RestoreTestingSelectionForCreate::builder()
            .restore_testing_selection_name("s")
            .iam_role_arn(ROLE)
            .protected_resource_type("EBS")
    };
    let cond = ProtectedResourceConditions::builder()
        .string_equals(KeyValue::builder().key("k").value("v").build().unwrap())
        .build();
    let arns: Vec<String> = (0..31)
        .map(|i| format!("arn:aws:ec2:us-east-1:123456789012:volume/vol-{i}"))
        .collect();
    let cases = vec![
        // Neither ARNs nor conditions.
        base().build().unwrap(),
        base()
            .protected_resource_type("Tape")
            .protected_resource_arns("*")
            .build()
            .unwrap(),
        base()
            .iam_role_arn("arn:aws:s3:::bucket")
            .protected_resource_arns("*")
            .build()
            .unwrap(),
        base()
            .restore_testing_selection_name("a-b")
            .protected_resource_arns("*")
            .build()
            .unwrap(),
        base()
            .protected_resource_arns("*")
            .validation_window_hours(169)
            .build()
            .unwrap(),
        base()
            .set_protected_resource_arns(Some(arns))
            .build()
            .unwrap(),
        // Conditions with specific ARNs.
        base()
            .protected_resource_arns("arn:aws:ec2:us-east-1:123456789012:volume/vol-1")
            .protected_resource_conditions(cond.clone())
            .build()
            .unwrap(),
    ];
    for s in cases {
        let e = c
            .create_restore_testing_selection()
            .restore_testing_plan_name("rt")
            .restore_testing_selection(s.clone())
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&e), "InvalidParameterValueException", "{s:?}");
    }
    // Conditions alone, and conditions with ["*"], are accepted.
    for (name, with_star) in [("c1", false), ("c2", true)] {
        let mut b = base()
            .restore_testing_selection_name(name)
            .protected_resource_conditions(cond.clone());
        if with_star {
            b = b.protected_resource_arns("*");
        }
        c.create_restore_testing_selection()
            .restore_testing_plan_name("rt")
            .restore_testing_selection(b.build().unwrap())
            .send()
            .await
            .unwrap();
    }
}
