//! Vault operations through the real aws-sdk-backup client: create,
//! describe, list (paginated), delete, access policy, notifications, vault
//! lock, recovery points, and their error answers.

use aws_sdk_backup::operation::create_backup_vault::CreateBackupVaultError;
use serde_json::json;
use testkit::emulator::start;
use testkit::sdk::*;

#[tokio::test]
async fn create_describe_list_delete_round_trip() {
    let emu = start().await;
    let c = client(&emu).await;
    let out = c
        .create_backup_vault()
        .backup_vault_name("prod-vault")
        .backup_vault_tags("team", "data")
        .creator_request_id("req-1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.backup_vault_name(), Some("prod-vault"));
    assert_eq!(
        out.backup_vault_arn(),
        Some("arn:aws:backup:us-east-1:123456789012:backup-vault:prod-vault")
    );
    assert!(out.creation_date().unwrap().secs() > 1_600_000_000);

    let d = c
        .describe_backup_vault()
        .backup_vault_name("prod-vault")
        .send()
        .await
        .unwrap();
    assert_eq!(d.backup_vault_name(), Some("prod-vault"));
    assert_eq!(d.creator_request_id(), Some("req-1"));
    assert_eq!(d.number_of_recovery_points(), 0);
    assert_eq!(d.locked(), Some(false));
    assert_eq!(d.vault_type().map(|t| t.as_str()), Some("BACKUP_VAULT"));
    assert!(d
        .encryption_key_arn()
        .unwrap()
        .starts_with("arn:aws:kms:us-east-1:123456789012:key/"));

    let list = c.list_backup_vaults().send().await.unwrap();
    let names: Vec<_> = list
        .backup_vault_list()
        .iter()
        .filter_map(|v| v.backup_vault_name())
        .collect();
    assert_eq!(names, ["prod-vault"]);

    c.delete_backup_vault()
        .backup_vault_name("prod-vault")
        .send()
        .await
        .unwrap();
    assert!(c
        .list_backup_vaults()
        .send()
        .await
        .unwrap()
        .backup_vault_list()
        .is_empty());
    let e = c
        .delete_backup_vault()
        .backup_vault_name("prod-vault")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
    emu.shutdown().await;
}

#[tokio::test]
async fn describe_missing_vault_is_access_denied_like_aws() {
    let emu = start().await;
    let c = client(&emu).await;
    let e = c
        .describe_backup_vault()
        .backup_vault_name("absent")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "AccessDeniedException");
    assert_eq!(e.raw_response().unwrap().status().as_u16(), 403);
    let e = c
        .list_recovery_points_by_backup_vault()
        .backup_vault_name("absent")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "AccessDeniedException");
}

#[tokio::test]
async fn creator_request_id_makes_create_idempotent() {
    let emu = start().await;
    let c = client(&emu).await;
    let first = c
        .create_backup_vault()
        .backup_vault_name("v1")
        .creator_request_id("same")
        .send()
        .await
        .unwrap();
    let again = c
        .create_backup_vault()
        .backup_vault_name("v1")
        .creator_request_id("same")
        .send()
        .await
        .unwrap();
    assert_eq!(first.creation_date(), again.creation_date());
    // Same name, different request: AlreadyExists with the existing vault's members.
    let err = c
        .create_backup_vault()
        .backup_vault_name("v1")
        .creator_request_id("other")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        CreateBackupVaultError::AlreadyExistsException(x) => {
            assert_eq!(x.creator_request_id(), Some("same"));
            assert_eq!(
                x.arn(),
                Some("arn:aws:backup:us-east-1:123456789012:backup-vault:v1")
            );
        }
        other => panic!("expected AlreadyExists, got {other:?}"),
    }
    // Same id reused for another vault: AlreadyExists pointing at the first.
    let err = c
        .create_backup_vault()
        .backup_vault_name("v2")
        .creator_request_id("same")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        CreateBackupVaultError::AlreadyExistsException(x) => {
            assert!(x.arn().unwrap().ends_with(":backup-vault:v1"));
        }
        other => panic!("expected AlreadyExists, got {other:?}"),
    }
    let list = c.list_backup_vaults().send().await.unwrap();
    assert_eq!(list.backup_vault_list().len(), 1);
}

#[tokio::test]
async fn invalid_names_and_limits() {
    let emu = start().await;
    let c = client(&emu).await;
    let e = c
        .create_backup_vault()
        .backup_vault_name("bad.name")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    let e = c
        .create_backup_vault()
        .backup_vault_name("v1")
        .encryption_key_arn("not-an-arn")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    admin(
        &emu,
        "PUT",
        "config",
        json!({"limits": {"vaults_per_region": 2}}),
    )
    .await;
    for n in ["a1", "a2"] {
        c.create_backup_vault()
            .backup_vault_name(n)
            .send()
            .await
            .unwrap();
    }
    let e = c
        .create_backup_vault()
        .backup_vault_name("a3")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "LimitExceededException");
}

#[tokio::test]
async fn list_paginates_with_opaque_tokens() {
    let emu = start().await;
    let c = client(&emu).await;
    for i in 0..7 {
        c.create_backup_vault()
            .backup_vault_name(format!("vault-{i}"))
            .send()
            .await
            .unwrap();
    }
    let page = c.list_backup_vaults().max_results(3).send().await.unwrap();
    assert_eq!(page.backup_vault_list().len(), 3);
    let token = page.next_token().unwrap().to_string();
    assert!(!token.contains("vault-"), "token must be opaque: {token}");
    let all: Vec<_> = c
        .list_backup_vaults()
        .max_results(3)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    let names: Vec<_> = all.iter().filter_map(|v| v.backup_vault_name()).collect();
    assert_eq!(names.len(), 7);
    assert_eq!(names[0], "vault-0");
    assert_eq!(names[6], "vault-6");
    let e = c
        .list_backup_vaults()
        .next_token("garbage")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    let e = c
        .list_backup_vaults()
        .max_results(0)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
}

#[tokio::test]
async fn vault_with_recovery_points_cannot_be_deleted() {
    let emu = start().await;
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    let r = admin(
        &emu,
        "POST",
        "recovery-points",
        json!({"region": "us-east-1", "vault_name": "v1", "count": 5}),
    )
    .await;
    assert_eq!(r["NumberOfRecoveryPoints"], 5);
    let d = c
        .describe_backup_vault()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    assert_eq!(d.number_of_recovery_points(), 5);
    let e = c
        .delete_backup_vault()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidRequestException");
    assert_eq!(
        aws_sdk_backup::error::ProvideErrorMetadata::message(&e),
        Some("Backup vault cannot be deleted because it contains recovery points.")
    );
    let points: Vec<_> = c
        .list_recovery_points_by_backup_vault()
        .backup_vault_name("v1")
        .max_results(2)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(points.len(), 5);
    assert!(points[0]
        .recovery_point_arn()
        .unwrap()
        .starts_with("arn:aws:backup:us-east-1:123456789012:recovery-point:"));
    assert_eq!(points[0].backup_vault_name(), Some("v1"));
    // Still there.
    c.describe_backup_vault()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_and_idempotent_retries_make_one_vault_each() {
    let emu = start().await;
    let c = client(&emu).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let c = c.clone();
        // Two requests per vault with the same CreatorRequestId, racing.
        tasks.push(tokio::spawn(async move {
            c.create_backup_vault()
                .backup_vault_name(format!("race-{}", i / 2))
                .creator_request_id(format!("req-{}", i / 2))
                .send()
                .await
                .map(|o| o.backup_vault_arn().unwrap().to_string())
        }));
    }
    let mut arns = Vec::new();
    for t in tasks {
        arns.push(t.await.unwrap().unwrap());
    }
    arns.sort();
    arns.dedup();
    assert_eq!(arns.len(), 20);
    let listed: Vec<_> = c
        .list_backup_vaults()
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(listed.len(), 20);
}
