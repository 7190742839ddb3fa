//! Legal holds through the real SDK: CREATING then ACTIVE, CancelLegalHold
//! (201, CancelDescription required, CANCELING then CANCELED), retries with
//! the same IdempotencyToken, tags, pagination and the recovery points a
//! hold's selection matches.

use aws_sdk_backup::primitives::DateTime;
use aws_sdk_backup::types::{DateRange, LegalHoldStatus, RecoveryPointSelection};
use serde_json::{json, Value};
use testkit::emulator::start;
use testkit::sdk::*;

#[tokio::test]
async fn legal_hold_lifecycle() {
    let emu = start().await;
    let c = client(&emu).await;
    for v in ["held", "other"] {
        c.create_backup_vault()
            .backup_vault_name(v)
            .send()
            .await
            .unwrap();
        admin(
            &emu,
            "POST",
            "recovery-points",
            json!({"vault_name": v, "count": 3}),
        )
        .await;
    }
    let selection = RecoveryPointSelection::builder()
        .vault_names("held")
        .date_range(
            DateRange::builder()
                .from_date(DateTime::from_secs(0))
                .to_date(DateTime::from_secs(4_000_000_000))
                .build()
                .unwrap(),
        )
        .build();
    let send = || {
        c.create_legal_hold()
            .title("case-42")
            .description("litigation")
            .idempotency_token("hold-1")
            .recovery_point_selection(selection.clone())
            .tags("case", "42")
            .send()
    };
    let h = send().await.unwrap();
    assert_eq!(h.status(), Some(&LegalHoldStatus::Creating));
    let id = h.legal_hold_id().unwrap().to_string();
    let arn = h.legal_hold_arn().unwrap().to_string();
    assert_eq!(
        arn,
        format!("arn:aws:backup:us-east-1:123456789012:legal-hold:{id}")
    );
    // The same token and request: the same hold, no second one.
    assert_eq!(send().await.unwrap().legal_hold_id(), Some(id.as_str()));
    let e = c
        .create_legal_hold()
        .title("other")
        .description("x")
        .idempotency_token("hold-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    let g = c.get_legal_hold().legal_hold_id(&id).send().await.unwrap();
    assert_eq!(g.status(), Some(&LegalHoldStatus::Creating));
    let g = c.get_legal_hold().legal_hold_id(&id).send().await.unwrap();
    assert_eq!(g.status(), Some(&LegalHoldStatus::Active));
    assert_eq!(
        g.recovery_point_selection().unwrap().vault_names(),
        ["held"]
    );
    let tags = c.list_tags().resource_arn(&arn).send().await.unwrap();
    assert_eq!(tags.tags().unwrap()["case"], "42");
    let points = c
        .list_recovery_points_by_legal_hold()
        .legal_hold_id(&id)
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(points.recovery_points().len(), 2);
    assert!(points.next_token().is_some());
    assert!(points
        .recovery_points()
        .iter()
        .all(|p| p.backup_vault_name() == Some("held")));
    c.cancel_legal_hold()
        .legal_hold_id(&id)
        .cancel_description("settled")
        .retain_record_in_days(30)
        .send()
        .await
        .unwrap();
    let g = c.get_legal_hold().legal_hold_id(&id).send().await.unwrap();
    assert_eq!(g.status(), Some(&LegalHoldStatus::Canceling));
    assert_eq!(g.cancel_description(), Some("settled"));
    let cancelled = g.cancellation_date().unwrap().secs();
    assert_eq!(
        g.retain_record_until().unwrap().secs() - cancelled,
        30 * 86400
    );
    let list = c.list_legal_holds().send().await.unwrap();
    assert_eq!(
        list.legal_holds()[0].status(),
        Some(&LegalHoldStatus::Canceled)
    );
    let e = c
        .cancel_legal_hold()
        .legal_hold_id(&id)
        .cancel_description("again")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidResourceStateException");
    let e = c
        .get_legal_hold()
        .legal_hold_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
}

#[tokio::test]
async fn cancel_answers_201_and_holds_paginate() {
    let emu = start().await;
    let c = client(&emu).await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let h = c
            .create_legal_hold()
            .title(format!("t{i}"))
            .description("d")
            .send()
            .await
            .unwrap();
        ids.push(h.legal_hold_id().unwrap().to_string());
    }
    let first = c.list_legal_holds().max_results(2).send().await.unwrap();
    assert_eq!(first.legal_holds().len(), 2);
    let rest = c
        .list_legal_holds()
        .max_results(2)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.legal_holds().len(), 1);
    assert!(rest.next_token().is_none());
    let auth = [(
        "authorization",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/backup/aws4_request, SignedHeaders=host, Signature=x",
    )];
    // CancelDescription is required (the SDK refuses to send without it).
    let path = format!("/legal-holds/{}", ids[0]);
    let (status, headers, _) = raw(&emu, "DELETE", &path, &auth, "").await;
    assert_eq!(status, 400);
    assert!(headers
        .iter()
        .any(|(k, v)| k == "x-amzn-errortype" && v.starts_with("MissingParameterValueException:")));
    let (status, _, _) = raw(
        &emu,
        "DELETE",
        &format!("{path}?cancelDescription=done"),
        &auth,
        "",
    )
    .await;
    assert_eq!(status, 201);
    let state = admin(&emu, "GET", "state", Value::Null).await;
    let holds = &state["accounts"]["123456789012"]["regions"]["us-east-1"]["legal_holds"];
    assert_eq!(holds[&ids[0]]["status"], "CANCELING");
    assert_eq!(holds[&ids[0]]["cancel_description"], "done");
}

#[tokio::test]
async fn minimal_seeds_are_completed() {
    let emu = start().await;
    let r = testkit::admin::Admin::new(&emu.endpoint())
        .call(
            "PUT",
            "/__emulator/state",
            &json!({"accounts": {"123456789012": {"regions": {"us-east-1": {
                "frameworks": {"seeded_fw": {}},
                "report_plans": {"seeded_rp": {"setting": {"ReportTemplate": "BACKUP_JOB_REPORT"},
                    "delivery_channel": {"S3BucketName": "b"}}},
                "legal_holds": {"hold-1": {"title": "t", "description": "d"}}}}}}})
            .to_string(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let c = client(&emu).await;
    let f = c
        .describe_framework()
        .framework_name("seeded_fw")
        .send()
        .await
        .unwrap();
    assert_eq!(f.deployment_status(), Some("COMPLETED"));
    assert!(f
        .framework_arn()
        .unwrap()
        .starts_with("arn:aws:backup:us-east-1:123456789012:framework:seeded_fw-"));
    let p = c
        .describe_report_plan()
        .report_plan_name("seeded_rp")
        .send()
        .await
        .unwrap();
    assert_eq!(
        p.report_plan().unwrap().deployment_status(),
        Some("COMPLETED")
    );
    let h = c
        .get_legal_hold()
        .legal_hold_id("hold-1")
        .send()
        .await
        .unwrap();
    assert_eq!(h.status(), Some(&LegalHoldStatus::Active));
    assert_eq!(
        h.legal_hold_arn(),
        Some("arn:aws:backup:us-east-1:123456789012:legal-hold:hold-1")
    );
}
