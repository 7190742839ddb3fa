//! CreateBackupVault with a KMS alias: Describe and List report the key ARN
//! the alias names (registered through `POST /__emulator/kms-aliases`, or a
//! stable made-up key), through the real aws-sdk-backup client.

use serde_json::json;
use testkit::emulator::start;
use testkit::sdk::*;

const ALIAS_ARN: &str = "arn:aws:kms:us-east-1:123456789012:alias/backup-key";
const KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";

async fn key_of(c: &aws_sdk_backup::Client, vault: &str) -> (String, String) {
    let d = c
        .describe_backup_vault()
        .backup_vault_name(vault)
        .send()
        .await
        .unwrap();
    let list = c.list_backup_vaults().send().await.unwrap();
    let listed = list
        .backup_vault_list()
        .iter()
        .find(|v| v.backup_vault_name() == Some(vault))
        .unwrap();
    (
        d.encryption_key_arn().unwrap().to_string(),
        listed.encryption_key_arn().unwrap().to_string(),
    )
}

#[tokio::test]
async fn alias_arn_reads_back_as_a_key_arn() {
    let emu = start().await;
    let c = client(&emu).await;
    for v in ["v1", "v2"] {
        c.create_backup_vault()
            .backup_vault_name(v)
            .encryption_key_arn(ALIAS_ARN)
            .send()
            .await
            .unwrap();
    }
    let (described, listed) = key_of(&c, "v1").await;
    assert!(
        described.starts_with("arn:aws:kms:us-east-1:123456789012:key/"),
        "{described}"
    );
    assert_eq!(listed, described);
    // One alias, one key.
    assert_eq!(key_of(&c, "v2").await.0, described);
}

#[tokio::test]
async fn registered_alias_reads_back_as_the_registered_key() {
    let emu = start().await;
    let out = admin(
        &emu,
        "POST",
        "kms-aliases",
        json!({"alias": "alias/backup-key", "key_id": KEY_ID}),
    )
    .await;
    let want = format!("arn:aws:kms:us-east-1:123456789012:key/{KEY_ID}");
    assert_eq!(out["KeyArn"], want.as_str());
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("v1")
        .encryption_key_arn(ALIAS_ARN)
        .send()
        .await
        .unwrap();
    // The bare alias name resolves the same way.
    c.create_backup_vault()
        .backup_vault_name("v2")
        .encryption_key_arn("alias/backup-key")
        .send()
        .await
        .unwrap();
    assert_eq!(key_of(&c, "v1").await, (want.clone(), want.clone()));
    assert_eq!(key_of(&c, "v2").await, (want.clone(), want));
}

#[tokio::test]
async fn alias_of_another_account_resolves_there() {
    let emu = start().await;
    admin(
        &emu,
        "POST",
        "kms-aliases",
        json!({"account_id": "111122223333", "region": "eu-west-1",
               "alias": "alias/shared", "key_id": KEY_ID}),
    )
    .await;
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("v1")
        .encryption_key_arn("arn:aws:kms:eu-west-1:111122223333:alias/shared")
        .send()
        .await
        .unwrap();
    assert_eq!(
        key_of(&c, "v1").await.0,
        format!("arn:aws:kms:eu-west-1:111122223333:key/{KEY_ID}")
    );
}

#[tokio::test]
async fn aws_backup_alias_is_the_default_key() {
    let emu = start().await;
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("plain")
        .send()
        .await
        .unwrap();
    c.create_backup_vault()
        .backup_vault_name("aliased")
        .encryption_key_arn("arn:aws:kms:us-east-1:123456789012:alias/aws/backup")
        .send()
        .await
        .unwrap();
    assert_eq!(key_of(&c, "aliased").await, key_of(&c, "plain").await);
}

#[tokio::test]
async fn retried_create_with_the_alias_is_idempotent() {
    let emu = start().await;
    let c = client(&emu).await;
    for _ in 0..2 {
        c.create_backup_vault()
            .backup_vault_name("v1")
            .encryption_key_arn(ALIAS_ARN)
            .creator_request_id("req-1")
            .send()
            .await
            .unwrap();
    }
    assert_eq!(
        c.list_backup_vaults()
            .send()
            .await
            .unwrap()
            .backup_vault_list()
            .len(),
        1
    );
}

#[tokio::test]
async fn aliases_are_refused_when_configured_like_aws_in_2020() {
    let emu = start().await;
    admin(
        &emu,
        "PUT",
        "config",
        json!({"limits": {"refuse_kms_aliases": true}}),
    )
    .await;
    let c = client(&emu).await;
    for key in [ALIAS_ARN, "alias/backup-key"] {
        let e = c
            .create_backup_vault()
            .backup_vault_name("v1")
            .encryption_key_arn(key)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&e), "InvalidParameterValueException");
        assert_eq!(
            aws_sdk_backup::error::ProvideErrorMetadata::message(&e),
            Some("KMS key Alias is not supported by AWS Backup")
        );
    }
    assert!(c
        .list_backup_vaults()
        .send()
        .await
        .unwrap()
        .backup_vault_list()
        .is_empty());
}

#[tokio::test]
async fn admin_refuses_malformed_aliases_and_key_ids() {
    let emu = start().await;
    for body in [
        json!({"alias": "backup-key", "key_id": KEY_ID}),
        json!({"alias": "alias/backup-key", "key_id": "not-a-key"}),
        json!({"alias": "alias/backup-key"}),
    ] {
        let (status, _, out) = raw(
            &emu,
            "POST",
            "/__emulator/kms-aliases",
            &[],
            &body.to_string(),
        )
        .await;
        assert_eq!(status, 400, "{body}: {out}");
    }
}

#[tokio::test]
async fn registered_aliases_are_kept_in_the_state() {
    let emu = start().await;
    admin(
        &emu,
        "POST",
        "kms-aliases",
        json!({"alias": "alias/backup-key", "key_id": KEY_ID}),
    )
    .await;
    let state = admin(&emu, "GET", "state", serde_json::Value::Null).await;
    assert_eq!(
        state["accounts"]["123456789012"]["regions"]["us-east-1"]["kms_aliases"]
            ["alias/backup-key"],
        KEY_ID
    );
}
