//! A vault's attached configuration through the real aws-sdk-backup
//! client: access policy, notifications and vault lock (with compliance
//! locks past their lock date), and their error answers.

use aws_sdk_backup::types::BackupVaultEvent;
use serde_json::json;
use testkit::emulator::start;
use testkit::sdk::*;
#[tokio::test]
async fn access_policy_put_get_delete() {
    let emu = start().await;
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    let e = c
        .get_backup_vault_access_policy()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}"#;
    c.put_backup_vault_access_policy()
        .backup_vault_name("v1")
        .policy(policy)
        .send()
        .await
        .unwrap();
    let got = c
        .get_backup_vault_access_policy()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    assert_eq!(got.policy(), Some(policy));
    assert!(got
        .backup_vault_arn()
        .unwrap()
        .ends_with(":backup-vault:v1"));
    let e = c
        .put_backup_vault_access_policy()
        .backup_vault_name("v1")
        .policy("{not json")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    c.delete_backup_vault_access_policy()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    assert!(c
        .get_backup_vault_access_policy()
        .backup_vault_name("v1")
        .send()
        .await
        .is_err());
    let e = c
        .put_backup_vault_access_policy()
        .backup_vault_name("nope")
        .policy(policy)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
    // Reading the policy of a missing vault is AccessDenied, as on AWS.
    let e = c
        .get_backup_vault_access_policy()
        .backup_vault_name("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "AccessDeniedException");
}

#[tokio::test]
async fn notifications_put_get_delete() {
    let emu = start().await;
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    let topic = "arn:aws:sns:us-east-1:123456789012:backups";
    c.put_backup_vault_notifications()
        .backup_vault_name("v1")
        .sns_topic_arn(topic)
        .backup_vault_events(BackupVaultEvent::BackupJobFailed)
        .backup_vault_events(BackupVaultEvent::RestoreJobCompleted)
        .send()
        .await
        .unwrap();
    let got = c
        .get_backup_vault_notifications()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    assert_eq!(got.sns_topic_arn(), Some(topic));
    assert_eq!(
        got.backup_vault_events(),
        [
            BackupVaultEvent::BackupJobFailed,
            BackupVaultEvent::RestoreJobCompleted
        ]
    );
    let e = c
        .put_backup_vault_notifications()
        .backup_vault_name("v1")
        .sns_topic_arn(topic)
        .backup_vault_events(BackupVaultEvent::from("NOT_AN_EVENT"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    let e = c
        .put_backup_vault_notifications()
        .backup_vault_name("v1")
        .sns_topic_arn("topic")
        .backup_vault_events(BackupVaultEvent::BackupJobFailed)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    c.delete_backup_vault_notifications()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    let e = c
        .get_backup_vault_notifications()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
}

#[tokio::test]
async fn vault_lock_is_reflected_in_describe() {
    let emu = start().await;
    let c = client(&emu).await;
    for v in ["gov", "comp"] {
        c.create_backup_vault()
            .backup_vault_name(v)
            .send()
            .await
            .unwrap();
    }
    // Governance mode (no ChangeableForDays): locked at once, no LockDate.
    c.put_backup_vault_lock_configuration()
        .backup_vault_name("gov")
        .min_retention_days(7)
        .max_retention_days(365)
        .send()
        .await
        .unwrap();
    let d = c
        .describe_backup_vault()
        .backup_vault_name("gov")
        .send()
        .await
        .unwrap();
    assert_eq!(d.locked(), Some(true));
    assert_eq!(d.min_retention_days(), Some(7));
    assert_eq!(d.max_retention_days(), Some(365));
    assert!(d.lock_date().is_none());
    // Compliance mode: a LockDate ChangeableForDays ahead, not locked during the grace time.
    c.put_backup_vault_lock_configuration()
        .backup_vault_name("comp")
        .min_retention_days(1)
        .changeable_for_days(3)
        .send()
        .await
        .unwrap();
    let d = c
        .describe_backup_vault()
        .backup_vault_name("comp")
        .send()
        .await
        .unwrap();
    assert_eq!(d.locked(), Some(false));
    let lock = d.lock_date().unwrap().secs() - d.creation_date().unwrap().secs();
    assert!((3 * 86400 - 5..=3 * 86400 + 5).contains(&lock), "{lock}");
    let e = c
        .put_backup_vault_lock_configuration()
        .backup_vault_name("comp")
        .changeable_for_days(2)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    let e = c
        .put_backup_vault_lock_configuration()
        .backup_vault_name("comp")
        .min_retention_days(10)
        .max_retention_days(5)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    c.delete_backup_vault_lock_configuration()
        .backup_vault_name("gov")
        .send()
        .await
        .unwrap();
    let d = c
        .describe_backup_vault()
        .backup_vault_name("gov")
        .send()
        .await
        .unwrap();
    assert_eq!(d.locked(), Some(false));
    assert!(d.min_retention_days().is_none());
}

#[tokio::test]
async fn compliance_lock_after_lock_date_is_immutable() {
    let emu = start().await;
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    // Seed a lock whose LockDate has passed.
    let mut state = admin(&emu, "GET", "state", serde_json::Value::Null).await;
    state["accounts"]["123456789012"]["regions"]["us-east-1"]["vaults"]["v1"]["lock"] =
        json!({"min_retention_days": 1, "lock_date": 1000.0});
    admin(&emu, "PUT", "state", state).await;
    let d = c
        .describe_backup_vault()
        .backup_vault_name("v1")
        .send()
        .await
        .unwrap();
    assert_eq!(d.locked(), Some(true));
    for e in [
        c.delete_backup_vault_lock_configuration()
            .backup_vault_name("v1")
            .send()
            .await
            .map(|_| ())
            .unwrap_err()
            .into_service_error()
            .meta()
            .code()
            .map(str::to_string),
        c.put_backup_vault_lock_configuration()
            .backup_vault_name("v1")
            .min_retention_days(2)
            .send()
            .await
            .map(|_| ())
            .unwrap_err()
            .into_service_error()
            .meta()
            .code()
            .map(str::to_string),
    ] {
        assert_eq!(e.as_deref(), Some("InvalidRequestException"));
    }
}
