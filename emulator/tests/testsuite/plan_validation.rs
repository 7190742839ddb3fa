//! CreateBackupPlan validation through the real SDK client: the documented
//! rule checks and AWS's wording of their errors.

use aws_sdk_backup::operation::create_backup_plan::CreateBackupPlanError;
use aws_sdk_backup::types::Lifecycle;
use testkit::emulator::start;
use testkit::sdk::*;

const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/backup/aws4_request, SignedHeaders=host, Signature=abc";

#[tokio::test]
async fn plan_validation_errors() {
    let emu = start().await;
    let c = client(&emu).await;
    let try_rule = |r: aws_sdk_backup::types::BackupRuleInput| {
        let c = c.clone();
        async move {
            let e = c
                .create_backup_plan()
                .backup_plan(plan_input("p", vec![r]))
                .send()
                .await
                .unwrap_err();
            code(&e)
        }
    };
    let mut r = rule("r", "v1");
    r.start_window_minutes = Some(59);
    assert_eq!(try_rule(r).await, "InvalidParameterValueException");
    let mut r = rule("r", "v1");
    r.start_window_minutes = Some(120);
    r.completion_window_minutes = Some(120);
    assert_eq!(try_rule(r).await, "InvalidParameterValueException");
    let mut r = rule("r", "v1");
    r.lifecycle = Some(
        Lifecycle::builder()
            .move_to_cold_storage_after_days(30)
            .delete_after_days(100)
            .build(),
    );
    assert_eq!(try_rule(r).await, "InvalidParameterValueException");
    let mut r = rule("r", "v1");
    r.schedule_expression = Some("cron(0 5 * * * *)".into());
    assert_eq!(try_rule(r).await, "InvalidParameterValueException");
    let mut r = rule("r", "v1");
    r.schedule_expression = Some("rate(1 day)".into());
    assert_eq!(try_rule(r).await, "InvalidParameterValueException");
    let mut r = rule("r", "v1");
    r.schedule_expression_timezone = Some("Mars/Olympus_Mons".into());
    assert_eq!(try_rule(r).await, "InvalidParameterValueException");
    let mut r = rule("r", "v1");
    r.schedule_expression = Some("cron(61 5 ? * * *)".into());
    assert_eq!(try_rule(r).await, "InvalidParameterValueException");
    assert_eq!(
        try_rule(rule("bad name", "v1")).await,
        "InvalidParameterValueException"
    );
    assert_eq!(
        try_rule(rule("r", "x")).await,
        "InvalidParameterValueException"
    );
    let e = c
        .create_backup_plan()
        .backup_plan(plan_input("p", vec![rule("Daily", "Random Backups")]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        aws_sdk_backup::error::ProvideErrorMetadata::message(&e),
        Some("Error in rule Daily : Backup vault name Random Backups is not valid")
    );
    let e = c
        .create_backup_plan()
        .backup_plan(plan_input(
            "p",
            vec![rule("same", "v1"), rule("same", "v1")],
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    // Continuous backup and cold storage: AWS answers with Code and Context.
    let mut r = rule("Yearly", "v1");
    r.enable_continuous_backup = Some(true);
    r.lifecycle = Some(
        Lifecycle::builder()
            .move_to_cold_storage_after_days(730)
            .delete_after_days(2555)
            .build(),
    );
    let e = c
        .create_backup_plan()
        .backup_plan(plan_input("p", vec![r]))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match e {
        CreateBackupPlanError::InvalidParameterValueException(x) => {
            assert_eq!(
                x.message(),
                Some("Error in rule Yearly : Invalid lifecycle. MoveToColdStorageAfterDays is unavailable")
            );
            assert_eq!(x.code(), Some("ERROR_3015"));
            assert_eq!(
                x.context(),
                Some(
                    r#"["Yearly","Invalid lifecycle. MoveToColdStorageAfterDays is unavailable"]"#
                )
            );
        }
        other => panic!("expected InvalidParameterValue, got {other:?}"),
    }
    // A valid lifecycle and a full cron are accepted.
    let mut r = rule("r", "v1");
    r.schedule_expression = Some("cron(0 3 ? * MON-FRI *)".into());
    r.lifecycle = Some(
        Lifecycle::builder()
            .move_to_cold_storage_after_days(30)
            .delete_after_days(120)
            .build(),
    );
    c.create_backup_plan()
        .backup_plan(plan_input("ok", vec![r]))
        .send()
        .await
        .unwrap();
    // MissingParameterValue reaches the server when the body lacks a member.
    let (status, headers, _) = raw(
        &emu,
        "PUT",
        "/backup/plans/",
        &[("authorization", AUTH)],
        "{}",
    )
    .await;
    assert_eq!(status, 400);
    assert!(headers
        .iter()
        .any(|(k, v)| k == "x-amzn-errortype"
            && v == "MissingParameterValueException:http://internal.amazon.com/coral/com.amazonaws.services.cryo/"));
}
