//! Logically air-gapped vaults through the real aws-sdk-backup client:
//! creation and its validation, the CREATING -> AVAILABLE transition,
//! listing by type, policy/notifications, the MPA approval team, restore
//! access vaults, and deletion refused while recovery points exist.

use aws_sdk_backup::types::{BackupVaultEvent, VaultState, VaultType};
use serde_json::json;
use testkit::emulator::start;
use testkit::sdk::*;

const TEAM: &str = "arn:aws:mpa:us-east-1:123456789012:approval-team/team-1";

async fn lag(c: &aws_sdk_backup::Client, name: &str, min: i64, max: i64) {
    c.create_logically_air_gapped_backup_vault()
        .backup_vault_name(name)
        .min_retention_days(min)
        .max_retention_days(max)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn create_describe_list_by_type_and_state_transition() {
    let emu = start().await;
    let c = client(&emu).await;
    let out = c
        .create_logically_air_gapped_backup_vault()
        .backup_vault_name("lag-1")
        .min_retention_days(7)
        .max_retention_days(365)
        .backup_vault_tags("team", "sec")
        .creator_request_id("lag-req-1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.vault_state(), Some(&VaultState::Creating));
    assert_eq!(
        out.backup_vault_arn(),
        Some("arn:aws:backup:us-east-1:123456789012:backup-vault:lag-1")
    );
    // A retried create with the same CreatorRequestId answers the same vault.
    let again = c
        .create_logically_air_gapped_backup_vault()
        .backup_vault_name("lag-1")
        .min_retention_days(7)
        .max_retention_days(365)
        .backup_vault_tags("team", "sec")
        .creator_request_id("lag-req-1")
        .send()
        .await
        .unwrap();
    assert_eq!(again.creation_date(), out.creation_date());
    c.create_backup_vault()
        .backup_vault_name("std")
        .send()
        .await
        .unwrap();

    // First read still CREATING, the next AVAILABLE.
    let d = c
        .describe_backup_vault()
        .backup_vault_name("lag-1")
        .send()
        .await
        .unwrap();
    assert_eq!(d.vault_state(), Some(&VaultState::Creating));
    assert_eq!(
        d.vault_type(),
        Some(&VaultType::LogicallyAirGappedBackupVault)
    );
    assert_eq!(d.min_retention_days(), Some(7));
    assert_eq!(d.max_retention_days(), Some(365));
    assert_eq!(d.locked(), Some(true));
    assert_eq!(d.creator_request_id(), Some("lag-req-1"));
    let d = c
        .describe_backup_vault()
        .backup_vault_name("lag-1")
        .send()
        .await
        .unwrap();
    assert_eq!(d.vault_state(), Some(&VaultState::Available));

    let names = |l: &aws_sdk_backup::operation::list_backup_vaults::ListBackupVaultsOutput| {
        l.backup_vault_list()
            .iter()
            .map(|v| v.backup_vault_name().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let all = c.list_backup_vaults().send().await.unwrap();
    assert_eq!(names(&all), ["lag-1", "std"]);
    let only = c
        .list_backup_vaults()
        .by_vault_type(VaultType::LogicallyAirGappedBackupVault)
        .send()
        .await
        .unwrap();
    assert_eq!(names(&only), ["lag-1"]);
    assert_eq!(only.backup_vault_list()[0].max_retention_days(), Some(365));
    let std = c
        .list_backup_vaults()
        .by_vault_type(VaultType::BackupVault)
        .send()
        .await
        .unwrap();
    assert_eq!(names(&std), ["std"]);
    let shared = c.list_backup_vaults().by_shared(true).send().await.unwrap();
    assert!(names(&shared).is_empty());
    emu.shutdown().await;
}

#[tokio::test]
async fn create_validation_and_one_name_space() {
    let emu = start().await;
    let c = client(&emu).await;
    for (min, max, msg) in [
        (1, 30, "MinRetentionDays must be between 7 and 36500"),
        (7, 40_000, "MaxRetentionDays must be between 7 and 36500"),
        (
            30,
            7,
            "MinRetentionDays must not be greater than MaxRetentionDays",
        ),
    ] {
        let e = c
            .create_logically_air_gapped_backup_vault()
            .backup_vault_name("bad")
            .min_retention_days(min)
            .max_retention_days(max)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&e), "InvalidParameterValueException");
        assert_eq!(
            aws_sdk_backup::error::ProvideErrorMetadata::message(&e),
            Some(msg)
        );
    }
    c.create_backup_vault()
        .backup_vault_name("taken")
        .send()
        .await
        .unwrap();
    let e = c
        .create_logically_air_gapped_backup_vault()
        .backup_vault_name("taken")
        .min_retention_days(7)
        .max_retention_days(7)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "AlreadyExistsException");
    lag(&c, "lag-x", 7, 30).await;
    let e = c
        .put_backup_vault_lock_configuration()
        .backup_vault_name("lag-x")
        .min_retention_days(1)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidRequestException");
    emu.shutdown().await;
}

#[tokio::test]
async fn policy_notifications_mpa_and_delete_guard() {
    let emu = start().await;
    let c = client(&emu).await;
    lag(&c, "lag-2", 7, 30).await;
    let policy = r#"{"Version":"2012-10-17","Statement":[]}"#;
    c.put_backup_vault_access_policy()
        .backup_vault_name("lag-2")
        .policy(policy)
        .send()
        .await
        .unwrap();
    let p = c
        .get_backup_vault_access_policy()
        .backup_vault_name("lag-2")
        .send()
        .await
        .unwrap();
    assert_eq!(p.policy(), Some(policy));
    c.put_backup_vault_notifications()
        .backup_vault_name("lag-2")
        .sns_topic_arn("arn:aws:sns:us-east-1:123456789012:t")
        .backup_vault_events(BackupVaultEvent::BackupJobFailed)
        .send()
        .await
        .unwrap();

    let e = c
        .associate_backup_vault_mpa_approval_team()
        .backup_vault_name("lag-2")
        .mpa_approval_team_arn("arn:aws:iam::123456789012:role/x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    c.associate_backup_vault_mpa_approval_team()
        .backup_vault_name("lag-2")
        .mpa_approval_team_arn(TEAM)
        .requester_comment("why")
        .send()
        .await
        .unwrap();
    let d = c
        .describe_backup_vault()
        .backup_vault_name("lag-2")
        .send()
        .await
        .unwrap();
    assert_eq!(d.mpa_approval_team_arn(), Some(TEAM));
    c.disassociate_backup_vault_mpa_approval_team()
        .backup_vault_name("lag-2")
        .send()
        .await
        .unwrap();
    let d = c
        .describe_backup_vault()
        .backup_vault_name("lag-2")
        .send()
        .await
        .unwrap();
    assert_eq!(d.mpa_approval_team_arn(), None);
    let e = c
        .disassociate_backup_vault_mpa_approval_team()
        .backup_vault_name("lag-2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidRequestException");

    admin(
        &emu,
        "POST",
        "recovery-points",
        json!({"region": "us-east-1", "vault_name": "lag-2", "count": 2}),
    )
    .await;
    let e = c
        .delete_backup_vault()
        .backup_vault_name("lag-2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidRequestException");
    emu.shutdown().await;
}

#[tokio::test]
async fn restore_access_vaults_create_list_revoke() {
    let emu = start().await;
    let c = client(&emu).await;
    lag(&c, "lag-3", 7, 30).await;
    let src = "arn:aws:backup:us-east-1:123456789012:backup-vault:lag-3";
    let out = c
        .create_restore_access_backup_vault()
        .source_backup_vault_arn(src)
        .backup_vault_name("ra-1")
        .backup_vault_tags("k", "v")
        .requester_comment("drill")
        .send()
        .await
        .unwrap();
    let ra = out.restore_access_backup_vault_arn().unwrap().to_string();
    assert_eq!(
        ra,
        "arn:aws:backup:us-east-1:123456789012:backup-vault:ra-1"
    );
    assert_eq!(out.restore_access_backup_vault_name(), Some("ra-1"));
    let d = c
        .describe_backup_vault()
        .backup_vault_name("ra-1")
        .send()
        .await
        .unwrap();
    assert_eq!(d.vault_type(), Some(&VaultType::RestoreAccessBackupVault));
    assert_eq!(d.source_backup_vault_arn(), Some(src));
    let l = c
        .list_restore_access_backup_vaults()
        .backup_vault_name("lag-3")
        .send()
        .await
        .unwrap();
    let arns: Vec<_> = l
        .restore_access_backup_vaults()
        .iter()
        .map(|r| r.restore_access_backup_vault_arn().unwrap())
        .collect();
    assert_eq!(arns, [ra.as_str()]);

    // A standard vault cannot be a source.
    c.create_backup_vault()
        .backup_vault_name("plain")
        .send()
        .await
        .unwrap();
    let e = c
        .create_restore_access_backup_vault()
        .source_backup_vault_arn("arn:aws:backup:us-east-1:123456789012:backup-vault:plain")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidRequestException");
    let e = c
        .create_restore_access_backup_vault()
        .source_backup_vault_arn("arn:aws:backup:us-east-1:123456789012:backup-vault:nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");

    c.revoke_restore_access_backup_vault()
        .backup_vault_name("lag-3")
        .restore_access_backup_vault_arn(&ra)
        .requester_comment("done")
        .send()
        .await
        .unwrap();
    let l = c
        .list_restore_access_backup_vaults()
        .backup_vault_name("lag-3")
        .send()
        .await
        .unwrap();
    assert!(l.restore_access_backup_vaults().is_empty());
    let e = c
        .revoke_restore_access_backup_vault()
        .backup_vault_name("lag-3")
        .restore_access_backup_vault_arn(&ra)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
    emu.shutdown().await;
}
