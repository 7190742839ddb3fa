//! Vaults AWS creates itself (`aws/efs/automatic-backup-vault`), seeded
//! through `POST /__emulator/aws-vaults` and read through the real
//! aws-sdk-backup client, which sends the name URL-encoded in the path.

use serde_json::json;
use testkit::emulator::start;
use testkit::sdk::*;

const EFS: &str = "aws/efs/automatic-backup-vault";
const EFS_ARN: &str =
    "arn:aws:backup:us-east-1:123456789012:backup-vault:aws/efs/automatic-backup-vault";

async fn seeded() -> backup_emulator::RunningEmulator {
    let emu = start().await;
    let out = admin(
        &emu,
        "POST",
        "aws-vaults",
        json!({"name": EFS, "tags": {"owner": "aws"}, "recovery_points": 2}),
    )
    .await;
    assert_eq!(out["BackupVaultArn"], EFS_ARN);
    assert_eq!(out["NumberOfRecoveryPoints"], 2);
    emu
}

#[tokio::test]
async fn aws_vault_is_listed_and_described_like_any_vault() {
    let emu = seeded().await;
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("mine")
        .send()
        .await
        .unwrap();
    let list = c.list_backup_vaults().send().await.unwrap();
    let found: Vec<_> = list
        .backup_vault_list()
        .iter()
        .map(|v| {
            (
                v.backup_vault_name().unwrap(),
                v.vault_type().unwrap().as_str(),
            )
        })
        .collect();
    assert_eq!(found, [(EFS, "BACKUP_VAULT"), ("mine", "BACKUP_VAULT")]);
    let listed = &list.backup_vault_list()[0];
    assert_eq!(listed.backup_vault_arn(), Some(EFS_ARN));
    assert_eq!(listed.number_of_recovery_points(), 2);

    let d = c
        .describe_backup_vault()
        .backup_vault_name(EFS)
        .send()
        .await
        .unwrap();
    assert_eq!(d.backup_vault_name(), Some(EFS));
    assert_eq!(d.backup_vault_arn(), Some(EFS_ARN));
    assert_eq!(d.number_of_recovery_points(), 2);
    // The region's default aws/backup key, the same as a vault created without one.
    let mine = c
        .describe_backup_vault()
        .backup_vault_name("mine")
        .send()
        .await
        .unwrap();
    assert!(d
        .encryption_key_arn()
        .unwrap()
        .starts_with("arn:aws:kms:us-east-1:123456789012:key/"));
    assert_eq!(d.encryption_key_arn(), mine.encryption_key_arn());

    let points = c
        .list_recovery_points_by_backup_vault()
        .backup_vault_name(EFS)
        .send()
        .await
        .unwrap();
    let types: Vec<_> = points
        .recovery_points()
        .iter()
        .map(|p| p.resource_type().unwrap())
        .collect();
    assert_eq!(types, ["EFS", "EFS"]);
}

#[tokio::test]
async fn describe_decodes_percent_2f_in_the_path_label_without_splitting() {
    let emu = seeded().await;
    let auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/backup/aws4_request, SignedHeaders=host, Signature=x";
    let (status, _, body) = raw(
        &emu,
        "GET",
        "/backup-vaults/aws%2Fefs%2Fautomatic-backup-vault",
        &[("authorization", auth)],
        "",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["BackupVaultName"], EFS);
    // Unencoded, the name's slashes are path separators: no such route.
    let (status, _, _) = raw(
        &emu,
        "GET",
        "/backup-vaults/aws/efs/automatic-backup-vault",
        &[("authorization", auth)],
        "",
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn tags_by_arn_work_on_aws_vaults() {
    let emu = seeded().await;
    let c = client(&emu).await;
    c.tag_resource()
        .resource_arn(EFS_ARN)
        .tags("team", "storage")
        .send()
        .await
        .unwrap();
    let t = c.list_tags().resource_arn(EFS_ARN).send().await.unwrap();
    let mut tags: Vec<_> = t.tags().unwrap().iter().collect();
    tags.sort();
    assert_eq!(
        tags,
        [
            (&"owner".to_string(), &"aws".to_string()),
            (&"team".to_string(), &"storage".to_string())
        ]
    );
    c.untag_resource()
        .resource_arn(EFS_ARN)
        .tag_key_list("team")
        .send()
        .await
        .unwrap();
    let t = c.list_tags().resource_arn(EFS_ARN).send().await.unwrap();
    assert_eq!(t.tags().unwrap().len(), 1);
}

#[tokio::test]
async fn aws_vault_without_policy_or_notifications_answers_resource_not_found() {
    let emu = seeded().await;
    let c = client(&emu).await;
    let e = c
        .get_backup_vault_access_policy()
        .backup_vault_name(EFS)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
    let e = c
        .get_backup_vault_notifications()
        .backup_vault_name(EFS)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
}

#[tokio::test]
async fn aws_vault_seeded_with_a_policy_reads_it_back() {
    let emu = start().await;
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
        "Principal": {"AWS": "*"}, "Action": ["backup:DeleteBackupVault"], "Resource": "*"}]});
    admin(
        &emu,
        "POST",
        "aws-vaults",
        json!({"name": EFS, "access_policy": policy}),
    )
    .await;
    let c = client(&emu).await;
    let p = c
        .get_backup_vault_access_policy()
        .backup_vault_name(EFS)
        .send()
        .await
        .unwrap();
    let got: serde_json::Value = serde_json::from_str(p.policy().unwrap()).unwrap();
    assert_eq!(got, policy);
}

#[tokio::test]
async fn aws_vault_names_cannot_be_created_changed_or_deleted() {
    let emu = seeded().await;
    let c = client(&emu).await;
    let e = c
        .create_backup_vault()
        .backup_vault_name("aws/efs/another-vault")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    let e = c
        .create_backup_vault()
        .backup_vault_name(EFS)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    let e = c
        .put_backup_vault_access_policy()
        .backup_vault_name(EFS)
        .policy("{}")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    let e = c
        .delete_backup_vault()
        .backup_vault_name(EFS)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidRequestException");
    let list = c.list_backup_vaults().send().await.unwrap();
    assert_eq!(list.backup_vault_list().len(), 1, "still there");
}

#[tokio::test]
async fn admin_refuses_names_outside_aws_prefix_and_duplicates() {
    let emu = seeded().await;
    for (body, want) in [
        (json!({"name": "plain"}), "invalid AWS vault name"),
        (json!({"name": "aws/"}), "invalid AWS vault name"),
        (json!({"name": EFS}), "already exists"),
        (json!({"name": "aws/x", "bogus": 1}), "unknown field"),
    ] {
        let (status, _, out) = raw(
            &emu,
            "POST",
            "/__emulator/aws-vaults",
            &[],
            &body.to_string(),
        )
        .await;
        assert_eq!(status, 400, "{body}: {out}");
        assert!(out.contains(want), "{body}: {out}");
    }
}

#[tokio::test]
async fn aws_vault_in_another_account_and_region() {
    let emu = start().await;
    admin(
        &emu,
        "POST",
        "aws-vaults",
        json!({"account_id": "111122223333", "region": "eu-west-1", "name": EFS}),
    )
    .await;
    let there = client_for(&emu, "111122223333", "eu-west-1", false).await;
    let d = there
        .describe_backup_vault()
        .backup_vault_name(EFS)
        .send()
        .await
        .unwrap();
    assert_eq!(
        d.backup_vault_arn(),
        Some("arn:aws:backup:eu-west-1:111122223333:backup-vault:aws/efs/automatic-backup-vault")
    );
    let here = client(&emu).await;
    assert!(here
        .list_backup_vaults()
        .send()
        .await
        .unwrap()
        .backup_vault_list()
        .is_empty());
}
