//! Backup selections through the real aws-sdk-backup client: their
//! lifecycle, the refusal to delete a plan that still has selections, and
//! validation.

use aws_sdk_backup::types::{BackupSelection, Condition, ConditionType};
use testkit::emulator::start;
use testkit::sdk::*;

fn selection(name: &str) -> BackupSelection {
    BackupSelection::builder()
        .selection_name(name)
        .iam_role_arn(ROLE)
        .resources("arn:aws:ec2:us-east-1:123456789012:volume/*")
        .list_of_tags(
            Condition::builder()
                .condition_type(ConditionType::Stringequals)
                .condition_key("backup")
                .condition_value("yes")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn selections_lifecycle_and_plan_delete_refusal() {
    let emu = start().await;
    let c = client(&emu).await;
    let plan = c
        .create_backup_plan()
        .backup_plan(plan_input("p", vec![rule("r", "v1")]))
        .send()
        .await
        .unwrap();
    let pid = plan.backup_plan_id().unwrap();
    let mut ids = Vec::new();
    for i in 0..3 {
        let s = c
            .create_backup_selection()
            .backup_plan_id(pid)
            .backup_selection(selection(&format!("sel-{i}")))
            .creator_request_id(format!("sel-req-{i}"))
            .send()
            .await
            .unwrap();
        assert_eq!(s.backup_plan_id(), Some(pid));
        ids.push(s.selection_id().unwrap().to_string());
    }
    // Idempotent retry returns the same selection.
    let again = c
        .create_backup_selection()
        .backup_plan_id(pid)
        .backup_selection(selection("sel-0"))
        .creator_request_id("sel-req-0")
        .send()
        .await
        .unwrap();
    assert_eq!(again.selection_id(), Some(ids[0].as_str()));
    let e = c
        .create_backup_selection()
        .backup_plan_id(pid)
        .backup_selection(selection("different"))
        .creator_request_id("sel-req-0")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "AlreadyExistsException");

    let got = c
        .get_backup_selection()
        .backup_plan_id(pid)
        .selection_id(&ids[1])
        .send()
        .await
        .unwrap();
    let sel = got.backup_selection().unwrap();
    assert_eq!(sel.selection_name(), "sel-1");
    assert_eq!(sel.iam_role_arn(), ROLE);
    assert_eq!(sel.list_of_tags()[0].condition_value(), "yes");
    assert!(sel.not_resources().is_empty());
    assert!(sel.conditions().unwrap().string_equals().is_empty());
    assert_eq!(got.creator_request_id(), Some("sel-req-1"));

    let listed: Vec<_> = c
        .list_backup_selections()
        .backup_plan_id(pid)
        .max_results(2)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(listed.len(), 3);
    assert!(listed.iter().all(|s| s.iam_role_arn() == Some(ROLE)));

    let e = c
        .delete_backup_plan()
        .backup_plan_id(pid)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidRequestException");
    assert_eq!(
        aws_sdk_backup::error::ProvideErrorMetadata::message(&e),
        Some("Related backup plan selections must be deleted prior to backup plan deletion")
    );
    for id in &ids {
        c.delete_backup_selection()
            .backup_plan_id(pid)
            .selection_id(id)
            .send()
            .await
            .unwrap();
    }
    let e = c
        .get_backup_selection()
        .backup_plan_id(pid)
        .selection_id(&ids[0])
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
    c.delete_backup_plan()
        .backup_plan_id(pid)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn selection_validation() {
    let emu = start().await;
    let c = client(&emu).await;
    let pid = c
        .create_backup_plan()
        .backup_plan(plan_input("p", vec![rule("r", "v1")]))
        .send()
        .await
        .unwrap()
        .backup_plan_id()
        .unwrap()
        .to_string();
    let bad_role = BackupSelection::builder()
        .selection_name("s")
        .iam_role_arn("arn:aws:iam::123:user/x")
        .build()
        .unwrap();
    let e = c
        .create_backup_selection()
        .backup_plan_id(&pid)
        .backup_selection(bad_role)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    let empty = BackupSelection::builder()
        .selection_name("s")
        .iam_role_arn(ROLE)
        .build()
        .unwrap();
    let e = c
        .create_backup_selection()
        .backup_plan_id(&pid)
        .backup_selection(empty)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        aws_sdk_backup::error::ProvideErrorMetadata::message(&e),
        Some("Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty.")
    );
    let e = c
        .create_backup_selection()
        .backup_plan_id("no-such-plan")
        .backup_selection(selection("s"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    let e = c
        .list_backup_selections()
        .backup_plan_id("no-such-plan")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
}
