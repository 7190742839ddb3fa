//! Accounts/regions, authentication, admin controls (counters, reset,
//! state dump/seed, faults, rate limits, fail_nth), settings and seeded
//! backup jobs, through the real SDK client (start options: options.rs).

use aws_sdk_backup::types::{AggregationPeriod, BackupJobState, BackupJobStatus};
use serde_json::{json, Value};
use testkit::emulator::start;
use testkit::sdk::*;

#[tokio::test]
async fn accounts_and_regions_are_isolated() {
    let emu = start().await;
    let a_east = client_for(&emu, "111111111111", "us-east-1", false).await;
    let a_west = client_for(&emu, "111111111111", "eu-west-1", false).await;
    let b_east = client_for(&emu, "222222222222", "us-east-1", false).await;
    let out = a_east
        .create_backup_vault()
        .backup_vault_name("vx")
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.backup_vault_arn(),
        Some("arn:aws:backup:us-east-1:111111111111:backup-vault:vx")
    );
    let w = a_west
        .create_backup_vault()
        .backup_vault_name("vx")
        .send()
        .await
        .unwrap();
    assert_eq!(
        w.backup_vault_arn(),
        Some("arn:aws:backup:eu-west-1:111111111111:backup-vault:vx")
    );
    assert!(b_east
        .list_backup_vaults()
        .send()
        .await
        .unwrap()
        .backup_vault_list()
        .is_empty());
    let e = b_east
        .describe_backup_vault()
        .backup_vault_name("vx")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "AccessDeniedException");
    // A non-numeric key id maps to the default account.
    let d = client(&emu).await;
    assert!(d
        .list_backup_vaults()
        .send()
        .await
        .unwrap()
        .backup_vault_list()
        .is_empty());
    // Tagging another account's ARN does not reach it.
    let e = b_east
        .list_tags()
        .resource_arn(out.backup_vault_arn().unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
    let state = admin(&emu, "GET", "state", Value::Null).await;
    assert!(state["accounts"]["111111111111"]["regions"]["eu-west-1"]["vaults"]["vx"].is_object());
}

#[tokio::test]
async fn requests_without_sigv4_are_refused() {
    let emu = start().await;
    let (status, headers, body) = raw(&emu, "GET", "/backup-vaults/", &[], "").await;
    assert_eq!(status, 403);
    assert!(headers
        .iter()
        .any(|(k, v)| k == "x-amzn-errortype" && v == "MissingAuthenticationTokenException"));
    assert!(body.contains("Missing Authentication Token"));
    let (status, headers, _) = raw(
        &emu,
        "GET",
        "/backup-vaults/",
        &[(
            "authorization",
            "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=x",
        )],
        "",
    )
    .await;
    assert_eq!(status, 403);
    assert!(headers
        .iter()
        .any(|(k, v)| k == "x-amzn-errortype" && v == "IncompleteSignatureException"));
    // Counted anyway.
    assert_eq!(counters(&emu).await["ListBackupVaults"], 2);
}

#[tokio::test]
async fn counters_reset_state_and_operations() {
    let emu = start().await;
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    let _ = c
        .describe_backup_vault()
        .backup_vault_name("nope")
        .send()
        .await;
    c.list_backup_vaults().send().await.unwrap();
    let n = counters(&emu).await;
    assert_eq!(
        n,
        json!({"CreateBackupVault": 1, "DescribeBackupVault": 1, "ListBackupVaults": 1})
    );
    admin(&emu, "POST", "counters/reset", Value::Null).await;
    assert_eq!(counters(&emu).await, json!({}));

    let dump = admin(&emu, "GET", "state", Value::Null).await;
    admin(&emu, "POST", "reset", Value::Null).await;
    assert!(c
        .list_backup_vaults()
        .send()
        .await
        .unwrap()
        .backup_vault_list()
        .is_empty());
    admin(&emu, "PUT", "state", dump).await;
    c.describe_backup_vault()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();

    // A minimal hand-written seed is completed (ids, versions, rule defaults).
    admin(
        &emu,
        "PUT",
        "state",
        json!({"accounts": {"123456789012": {"regions": {"us-east-1": {
            "vaults": {"seeded": {}},
            "plans": {"11111111-2222-3333-4444-555555555555": {"versions": [{"document":
                {"BackupPlanName": "seeded-plan", "Rules": [{"RuleName": "r", "TargetBackupVaultName": "seeded"}]}}]}}
        }}}}}),
    )
    .await;
    let p = c
        .get_backup_plan()
        .backup_plan_id("11111111-2222-3333-4444-555555555555")
        .send()
        .await
        .unwrap();
    assert_eq!(
        p.backup_plan().unwrap().rules()[0].start_window_minutes(),
        Some(480)
    );
    assert!(p.version_id().unwrap().len() >= 32);
    c.describe_backup_vault()
        .backup_vault_name("seeded")
        .send()
        .await
        .unwrap();

    let ops = admin(&emu, "GET", "operations", Value::Null).await;
    let ops: Vec<&str> = ops
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let table: Vec<&str> = backup_emulator::operations::names().collect();
    assert_eq!(ops, table, "the listing is the operation table, in order");
    assert!(ops.contains(&"UpdateTieringConfiguration"));
}

/// Outcome of each of `n` ListBackupVaults calls without retries.
async fn outcomes(c: &aws_sdk_backup::Client, n: usize) -> Vec<String> {
    let mut v = Vec::new();
    for _ in 0..n {
        v.push(match c.list_backup_vaults().send().await {
            Ok(_) => "ok".to_string(),
            Err(e) if e.raw_response().is_none() => "dropped".to_string(),
            Err(e) => code(&e),
        });
    }
    v
}

#[tokio::test]
async fn random_faults_are_reproducible_from_the_seed() {
    let emu = start().await;
    let c = client(&emu).await;
    let conf = json!({"faults": {"seed": 42, "throttle_rate": 0.2, "unavailable_rate": 0.2,
        "drop_rate": 0.1, "operations": ["ListBackupVaults"]}});
    admin(&emu, "PUT", "config", conf.clone()).await;
    let first = outcomes(&c, 40).await;
    // Other operations are unaffected.
    for _ in 0..10 {
        c.list_backup_plans().send().await.unwrap();
    }
    admin(&emu, "PUT", "config", conf).await;
    let second = outcomes(&c, 40).await;
    assert_eq!(first, second);
    for kind in [
        "ok",
        "ThrottlingException",
        "ServiceUnavailableException",
        "dropped",
    ] {
        assert!(
            first.iter().any(|o| o == kind),
            "{kind} never happened: {first:?}"
        );
    }
    assert_eq!(counters(&emu).await["ListBackupVaults"], 80);
    admin(&emu, "POST", "reset", Value::Null).await;
    assert!(outcomes(&c, 20).await.iter().all(|o| o == "ok"));
}

#[tokio::test]
async fn throttling_is_retried_by_the_sdk() {
    let emu = start().await;
    let retrying = client_for(&emu, "AKIDEXAMPLE", "us-east-1", true).await;
    let plain = client(&emu).await;
    admin(
        &emu,
        "PUT",
        "config",
        json!({"fail_nth": {"operation": "ListBackupPlans", "n": 1, "error": "ThrottlingException"}}),
    )
    .await;
    retrying.list_backup_plans().send().await.unwrap();
    assert_eq!(counters(&emu).await["ListBackupPlans"], 2);

    // A token bucket with burst 2 and a tiny refill rate: the third call is throttled.
    admin(
        &emu,
        "PUT",
        "config",
        json!({"rate_limits": {"ListBackupVaults": {"rate_per_sec": 0.001, "burst": 2}}}),
    )
    .await;
    plain.list_backup_vaults().send().await.unwrap();
    plain.list_backup_vaults().send().await.unwrap();
    let e = plain.list_backup_vaults().send().await.unwrap_err();
    assert_eq!(code(&e), "ThrottlingException");
    assert_eq!(e.raw_response().unwrap().status().as_u16(), 400);
}

#[tokio::test]
async fn fail_nth_fails_exactly_once() {
    let emu = start().await;
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    admin(
        &emu,
        "PUT",
        "config",
        json!({"fail_nth": {"operation": "DescribeBackupVault", "n": 3}}),
    )
    .await;
    let mut seen = Vec::new();
    for _ in 0..5 {
        // Other operations do not count towards n.
        c.list_backup_vaults().send().await.unwrap();
        seen.push(
            match c
                .describe_backup_vault()
                .backup_vault_name("v1")
                .send()
                .await
            {
                Ok(_) => "ok".to_string(),
                Err(e) => code(&e),
            },
        );
    }
    assert_eq!(
        seen,
        ["ok", "ok", "ServiceUnavailableException", "ok", "ok"]
    );
    admin(
        &emu,
        "PUT",
        "config",
        json!({"fail_nth": {"n": 1, "error": "drop"}}),
    )
    .await;
    let e = c.list_backup_vaults().send().await.unwrap_err();
    assert!(e.raw_response().is_none(), "connection should drop: {e:?}");
    c.list_backup_vaults().send().await.unwrap();
}

#[tokio::test]
async fn global_and_region_settings() {
    let emu = start().await;
    let c = client(&emu).await;
    let g = c.describe_global_settings().send().await.unwrap();
    assert_eq!(
        g.global_settings().unwrap()["isCrossAccountBackupEnabled"],
        "false"
    );
    assert!(g.last_update_time().is_none());
    c.update_global_settings()
        .global_settings("isCrossAccountBackupEnabled", "true")
        .send()
        .await
        .unwrap();
    let g = c.describe_global_settings().send().await.unwrap();
    assert_eq!(
        g.global_settings().unwrap()["isCrossAccountBackupEnabled"],
        "true"
    );
    assert!(g.last_update_time().is_some());
    let e = c
        .update_global_settings()
        .global_settings("isCrossAccountBackupEnabled", "yes")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");

    let r = c.describe_region_settings().send().await.unwrap();
    assert!(r.resource_type_opt_in_preference().unwrap()["EBS"]);
    c.update_region_settings()
        .resource_type_opt_in_preference("EBS", false)
        .resource_type_management_preference("DynamoDB", true)
        .send()
        .await
        .unwrap();
    let r = c.describe_region_settings().send().await.unwrap();
    assert!(!r.resource_type_opt_in_preference().unwrap()["EBS"]);
    assert!(r.resource_type_opt_in_preference().unwrap()["RDS"]);
    assert!(r.resource_type_management_preference().unwrap()["DynamoDB"]);
    let e = c
        .update_region_settings()
        .resource_type_opt_in_preference("Floppy", true)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    // Display names with spaces are accepted as AWS does (the model's key
    // pattern would refuse them); management only for the types AWS fully
    // manages.
    c.update_region_settings()
        .resource_type_opt_in_preference("Storage Gateway", true)
        .resource_type_opt_in_preference("SAP HANA on Amazon EC2", true)
        .resource_type_opt_in_preference("Redshift Serverless", false)
        .resource_type_management_preference("CloudFormation", true)
        .send()
        .await
        .unwrap();
    let r = c.describe_region_settings().send().await.unwrap();
    assert!(r.resource_type_opt_in_preference().unwrap()["Storage Gateway"]);
    assert!(r.resource_type_management_preference().unwrap()["CloudFormation"]);
    let e = c
        .update_region_settings()
        .resource_type_management_preference("RDS", true)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    // Region settings are per region.
    let west = client_for(&emu, "AKIDEXAMPLE", "eu-west-1", false).await;
    let r = west.describe_region_settings().send().await.unwrap();
    assert!(r.resource_type_opt_in_preference().unwrap()["EBS"]);
}

#[tokio::test]
async fn backup_jobs_filters_pagination_and_summaries() {
    let emu = start().await;
    let c = client(&emu).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let mut jobs = Vec::new();
    for i in 0..6 {
        jobs.push(json!({"BackupVaultName": "v1",
            "ResourceArn": format!("arn:aws:ec2:us-east-1:123456789012:volume/vol-{i}"),
            "ResourceType": if i % 2 == 0 { "EBS" } else { "RDS" },
            "State": if i < 4 { "COMPLETED" } else { "FAILED" },
            "MessageCategory": if i < 4 { "SUCCESS" } else { "AccessDenied" },
            "CreationDate": now - 3600.0 * (i as f64 + 1.0),
            "CompletionDate": now - 3600.0 * (i as f64 + 1.0) + 60.0,
            "BackupPlanId": "plan-1"}));
    }
    jobs.push(json!({"BackupVaultName": "v1", "ResourceArn": "arn:aws:ec2:us-east-1:123456789012:volume/old",
        "ResourceType": "EBS", "State": "COMPLETED", "CreationDate": now - 86400.0 * 20.0}));
    let r = admin(
        &emu,
        "POST",
        "backup-jobs",
        json!({"region": "us-east-1", "jobs": jobs}),
    )
    .await;
    assert_eq!(r["BackupJobIds"].as_array().unwrap().len(), 7);

    let all: Vec<_> = c
        .list_backup_jobs()
        .max_results(2)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(all.len(), 7);
    assert!(all[0].creation_date().unwrap().secs() > all[1].creation_date().unwrap().secs());
    assert_eq!(
        all[0].created_by().unwrap().backup_plan_id(),
        Some("plan-1")
    );

    let failed = c
        .list_backup_jobs()
        .by_state(BackupJobState::Failed)
        .send()
        .await
        .unwrap();
    assert_eq!(failed.backup_jobs().len(), 2);
    let rds = c
        .list_backup_jobs()
        .by_resource_type("RDS")
        .send()
        .await
        .unwrap();
    assert_eq!(rds.backup_jobs().len(), 3);
    let recent = c
        .list_backup_jobs()
        .by_created_after(aws_sdk_backup::primitives::DateTime::from_secs(
            now as i64 - 3 * 3600 - 60,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(recent.backup_jobs().len(), 3);
    let one = c
        .list_backup_jobs()
        .by_resource_arn("arn:aws:ec2:us-east-1:123456789012:volume/vol-1")
        .send()
        .await
        .unwrap();
    assert_eq!(one.backup_jobs().len(), 1);
    assert_eq!(one.backup_jobs()[0].message_category(), Some("SUCCESS"));
    let none = c
        .list_backup_jobs()
        .by_backup_vault_name("other")
        .send()
        .await
        .unwrap();
    assert!(none.backup_jobs().is_empty());

    let s = c
        .list_backup_job_summaries()
        .aggregation_period(AggregationPeriod::FourteenDays)
        .state(BackupJobStatus::Completed)
        .send()
        .await
        .unwrap();
    assert_eq!(s.aggregation_period(), Some("FOURTEEN_DAYS"));
    let total: i32 = s.backup_job_summaries().iter().map(|x| x.count()).sum();
    assert_eq!(total, 4, "the 20-day-old job is outside the window");
    let agg = c
        .list_backup_job_summaries()
        .aggregation_period(AggregationPeriod::SevenDays)
        .state(BackupJobStatus::AggregateAll)
        .resource_type("AGGREGATE_ALL")
        .message_category("AGGREGATE_ALL")
        .send()
        .await
        .unwrap();
    assert_eq!(agg.backup_job_summaries().len(), 1);
    assert_eq!(agg.backup_job_summaries()[0].count(), 6);
    assert_eq!(agg.backup_job_summaries()[0].region(), Some("us-east-1"));
    let failed = c
        .list_backup_job_summaries()
        .message_category("AccessDenied")
        .send()
        .await
        .unwrap();
    let total: i32 = failed
        .backup_job_summaries()
        .iter()
        .map(|x| x.count())
        .sum();
    assert_eq!(total, 2);
    assert!(failed
        .backup_job_summaries()
        .iter()
        .all(|x| x.state() == Some(&BackupJobStatus::Failed)));
}
