//! Copy and restore jobs seeded through the admin API (testkit's
//! `Admin::seed_copy_jobs` / `seed_restore_jobs`), read back with the real
//! SDK: By* filters, pagination, Describe, summaries, restore testing
//! plans' jobs, and seeds the admin API refuses.

use aws_sdk_backup::primitives::DateTime;
use aws_sdk_backup::types::{
    AggregationPeriod, CopyJobState, RestoreJobState, RestoreJobStatus, RestoreValidationStatus,
};
use serde_json::json;
use testkit::admin::Admin;
use testkit::emulator::start;
use testkit::sdk::*;

fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

const DEST: &str = "arn:aws:backup:eu-west-1:123456789012:backup-vault:dr";

#[tokio::test]
async fn copy_jobs_filter_paginate_and_summarize() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    let t = now();
    let jobs = (0..6)
        .map(|i| {
            json!({"SourceBackupVaultName": "v1",
                "DestinationBackupVaultArn": if i < 4 { DEST.to_string() } else {
                    "arn:aws:backup:us-east-1:123456789012:backup-vault:local".to_string() },
                "ResourceArn": format!("arn:aws:ec2:us-east-1:123456789012:volume/vol-{i}"),
                "ResourceType": if i % 2 == 0 { "EBS" } else { "RDS" },
                "State": if i < 5 { "COMPLETED" } else { "FAILED" },
                "CreationDate": t - 3600.0 * (i as f64 + 1.0),
                "CompletionDate": t - 3600.0 * (i as f64 + 1.0) + 60.0,
                "BackupPlanId": "plan-1"})
        })
        .collect();
    let ids = admin.seed_copy_jobs("us-east-1", jobs).await;
    let ids: Vec<String> = ids["CopyJobIds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 6);
    let c = client(&emu).await;
    let all = c.list_copy_jobs().send().await.unwrap();
    assert_eq!(all.copy_jobs().len(), 6);
    // Newest first.
    assert_eq!(all.copy_jobs()[0].copy_job_id(), Some(ids[0].as_str()));
    assert_eq!(all.copy_jobs()[0].message_category(), Some("SUCCESS"));
    assert_eq!(
        all.copy_jobs()[0].created_by().unwrap().backup_plan_id(),
        Some("plan-1")
    );
    let to_dr = c
        .list_copy_jobs()
        .by_destination_vault_arn(DEST)
        .send()
        .await
        .unwrap();
    assert_eq!(to_dr.copy_jobs().len(), 4);
    let failed = c
        .list_copy_jobs()
        .by_state(CopyJobState::Failed)
        .send()
        .await
        .unwrap();
    assert_eq!(failed.copy_jobs().len(), 1);
    let recent = c
        .list_copy_jobs()
        .by_created_after(DateTime::from_secs((t - 3.5 * 3600.0) as i64))
        .by_resource_type("EBS")
        .send()
        .await
        .unwrap();
    assert_eq!(recent.copy_jobs().len(), 2);
    let page = c.list_copy_jobs().max_results(4).send().await.unwrap();
    assert_eq!(page.copy_jobs().len(), 4);
    let rest = c
        .list_copy_jobs()
        .max_results(4)
        .next_token(page.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.copy_jobs().len(), 2);
    assert!(rest.next_token().is_none());
    let one = c
        .describe_copy_job()
        .copy_job_id(&ids[5])
        .send()
        .await
        .unwrap();
    assert_eq!(one.copy_job().unwrap().state(), Some(&CopyJobState::Failed));
    let e = c
        .describe_copy_job()
        .copy_job_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
    let s = c
        .list_copy_job_summaries()
        .aggregation_period(AggregationPeriod::SevenDays)
        .state(aws_sdk_backup::types::CopyJobStatus::AggregateAll)
        .resource_type("EBS")
        .send()
        .await
        .unwrap();
    // All three EBS jobs completed with SUCCESS: one group.
    assert_eq!(s.copy_job_summaries().len(), 1, "{s:?}");
    let total: i32 = s.copy_job_summaries().iter().map(|x| x.count()).sum();
    assert_eq!(total, 3);
}

#[tokio::test]
async fn restore_jobs_carry_restore_testing_plans() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    let t = now();
    let plan = "arn:aws:backup:us-east-1:123456789012:restore-testing-plan:weekly-abc";
    let vol = "arn:aws:ec2:us-east-1:123456789012:volume/vol-1";
    let ids = admin
        .seed_restore_jobs(
            "us-east-1",
            vec![
                json!({"Status": "COMPLETED", "CreationDate": t - 7200.0, "ResourceType": "EBS",
                    "CompletionDate": t - 7000.0, "SourceResourceArn": vol,
                    "RecoveryPointCreationDate": t - 86400.0, "BackupVaultName": "v1",
                    "RestoreTestingPlanArn": plan, "ValidationStatus": "SUCCESSFUL",
                    "DeletionStatus": "SUCCESSFUL"}),
                json!({"Status": "FAILED", "CreationDate": t - 3600.0, "ResourceType": "RDS",
                    "StatusMessage": "no access"}),
            ],
        )
        .await;
    let first = ids["RestoreJobIds"][0].as_str().unwrap().to_string();
    let c = client(&emu).await;
    let by_plan = c
        .list_restore_jobs()
        .by_restore_testing_plan_arn(plan)
        .send()
        .await
        .unwrap();
    assert_eq!(by_plan.restore_jobs().len(), 1);
    let j = &by_plan.restore_jobs()[0];
    assert_eq!(j.restore_job_id(), Some(first.as_str()));
    assert_eq!(
        j.created_by().unwrap().restore_testing_plan_arn(),
        Some(plan)
    );
    assert_eq!(
        j.validation_status(),
        Some(&RestoreValidationStatus::Successful)
    );
    assert_eq!(
        j.backup_vault_arn(),
        Some("arn:aws:backup:us-east-1:123456789012:backup-vault:v1")
    );
    let failed = c
        .list_restore_jobs()
        .by_status(RestoreJobStatus::Failed)
        .send()
        .await
        .unwrap();
    assert_eq!(failed.restore_jobs().len(), 1);
    assert_eq!(failed.restore_jobs()[0].status_message(), Some("no access"));
    let by_resource = c
        .list_restore_jobs_by_protected_resource()
        .resource_arn(vol)
        .send()
        .await
        .unwrap();
    assert_eq!(by_resource.restore_jobs().len(), 1);
    let d = c
        .describe_restore_job()
        .restore_job_id(&first)
        .send()
        .await
        .unwrap();
    assert_eq!(d.status(), Some(&RestoreJobStatus::Completed));
    assert_eq!(d.source_resource_arn(), Some(vol));
    let s = c
        .list_restore_job_summaries()
        .state(RestoreJobState::Any)
        .send()
        .await
        .unwrap();
    let states: Vec<&str> = s
        .restore_job_summaries()
        .iter()
        .map(|x| x.state().unwrap().as_str())
        .collect();
    assert!(
        states.contains(&"COMPLETED") && states.contains(&"FAILED"),
        "{states:?}"
    );
}

#[tokio::test]
async fn bad_job_seeds_are_refused() {
    let emu = start().await;
    let a = Admin::new(&emu.endpoint());
    for (path, job) in [
        ("copy-jobs", json!({"State": "DONE", "CreationDate": 1.0})),
        (
            "copy-jobs",
            json!({"State": "COMPLETED", "CreationDate": 1.0,
            "SourceBackupVaultName": "v", "ResourceArn": "a", "ResourceType": "EBS"}),
        ),
        (
            "restore-jobs",
            json!({"Status": "COMPLETED", "CreationDate": 1.0,
            "ResourceType": "EBS", "ValidationStatus": "MAYBE"}),
        ),
        (
            "restore-jobs",
            json!({"Status": "COMPLETED", "CreationDate": 1.0,
            "ResourceType": "EBS", "Typo": 1}),
        ),
    ] {
        let r = a
            .call(
                "POST",
                &format!("/__emulator/{path}"),
                &json!({ "jobs": [job] }).to_string(),
            )
            .await;
        assert_eq!(r.status, 400, "{path} {job}: {}", r.body);
    }
}
