//! Fixtures of the `aws_*` tests: a stack name, domain values that use
//! every field the model has (vault and plan), writers that create them
//! through `aws` mutations, and a raw SDK client for writing what `aws`
//! never sends (AWS defaults left out).

use std::collections::BTreeSet;

use super::*;
use backupctl::model::{
    BackupPlan, Conditions, CopyAction, Lifecycle, Notifications, Rule, ScanAction, ScanSetting,
    Selection, TagCondition, Vault, VaultLock, DEFAULT_COMPLETION_WINDOW, DEFAULT_SCHEDULE,
    DEFAULT_START_WINDOW, DEFAULT_TIMEZONE, STACK_TAG,
};
use backupctl::resources::ObserveScope;
use serde_json::json;

/// The stack the fixtures belong to.
pub const STACK: &str = "prod";
/// A KMS key ARN.
pub const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// An observe scope of the named vaults and plans of [`STACK`].
pub fn scope(vaults: &[&str], plans: &[&str]) -> ObserveScope {
    ObserveScope {
        stack: STACK.into(),
        vault_names: vaults.iter().map(|s| s.to_string()).collect(),
        plan_names: plans.iter().map(|s| s.to_string()).collect(),
        framework_names: Default::default(),
        report_plan_names: Default::default(),
        settings: false,
        everything: false,
    }
}

/// The ARN of vault `name` in the default account and region.
pub fn vault_arn(name: &str) -> String {
    format!("arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:{name}")
}

/// A rule targeting `vault` with every other field at its AWS default.
pub fn rule(vault: &str) -> Rule {
    Rule {
        target_vault: vault.into(),
        target_logically_air_gapped_backup_vault_arn: None,
        schedule: DEFAULT_SCHEDULE.into(),
        schedule_timezone: DEFAULT_TIMEZONE.into(),
        start_window_minutes: DEFAULT_START_WINDOW,
        completion_window_minutes: DEFAULT_COMPLETION_WINDOW,
        lifecycle: None,
        copy_actions: BTreeSet::new(),
        enable_continuous_backup: false,
        recovery_point_tags: Default::default(),
        index_actions: BTreeSet::new(),
        scan_actions: BTreeSet::new(),
    }
}

/// A vault using every field (policy, notifications, lock, key, tags).
pub fn full_vault(name: &str) -> Vault {
    // Written re-indented, keys unordered and with a lone Statement object.
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": {"Effect": "Deny", "Principal": {"AWS": "*"},
                      "Action": "backup:DeleteRecoveryPoint", "Resource": "*"}
    });
    Vault {
        name: name.into(),
        encryption_key_arn: Some(KEY.into()),
        tags: tags(&[(STACK_TAG, STACK), ("team", "storage")]),
        access_policy: Some(policy),
        notifications: Some(Notifications {
            sns_topic_arn: TOPIC.into(),
            events: ["BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED"]
                .into_iter()
                .map(String::from)
                .collect(),
        }),
        lock: Some(VaultLock {
            min_retention_days: Some(7),
            max_retention_days: Some(365),
            changeable_for_days: None,
            lock_date: None,
        }),
    }
}

/// Creates the vault with its policy, notifications and lock; returns its ARN.
pub async fn write_vault(env: &Env, v: &Vault) -> String {
    let arn = env
        .aws
        .create_vault(v, &format!("v-{}", v.name))
        .await
        .unwrap();
    if let Some(p) = &v.access_policy {
        env.aws.put_access_policy(&v.name, p).await.unwrap();
    }
    if let Some(n) = &v.notifications {
        env.aws.put_notifications(&v.name, n).await.unwrap();
    }
    if let Some(l) = &v.lock {
        env.aws.put_lock(&v.name, l).await.unwrap();
    }
    arn
}

/// A plan using every field (four rules, settings, one selection).
pub fn full_plan(name: &str) -> BackupPlan {
    let mut daily = rule("prod-vault");
    daily.schedule = "cron(0 3 ? * MON-FRI *)".into();
    daily.schedule_timezone = "Europe/Paris".into();
    daily.start_window_minutes = 60;
    daily.completion_window_minutes = 180;
    daily.lifecycle = Some(Lifecycle {
        move_to_cold_storage_after_days: Some(30),
        delete_after_days: Some(120),
        ..Default::default()
    });
    daily.copy_actions = [
        CopyAction {
            destination_vault_arn: vault_arn("dr-vault"),
            lifecycle: Some(Lifecycle {
                delete_after_days: Some(35),
                ..Default::default()
            }),
        },
        CopyAction {
            destination_vault_arn: vault_arn("other-vault"),
            lifecycle: None,
        },
    ]
    .into_iter()
    .collect();
    daily.recovery_point_tags = tags(&[("origin", "backupctl")]);
    // Continuous backup, index and scan actions, an archive opt-in and a
    // delete-after-copy event: every remaining rule field.
    let mut continuous = rule("prod-vault");
    continuous.enable_continuous_backup = true;
    continuous.lifecycle = Some(Lifecycle {
        delete_after_days: Some(35),
        ..Default::default()
    });
    continuous.index_actions = BTreeSet::from([BTreeSet::from(["EBS".to_string()])]);
    continuous.scan_actions = BTreeSet::from([ScanAction {
        malware_scanner: Some("GUARDDUTY".into()),
        scan_mode: Some("INCREMENTAL_SCAN".into()),
    }]);
    let mut archive = rule("prod-vault");
    archive.lifecycle = Some(Lifecycle {
        move_to_cold_storage_after_days: Some(10),
        delete_after_days: Some(200),
        opt_in_to_archive_for_supported_resources: true,
        delete_after_event: Some("DELETE_AFTER_COPY".into()),
    });
    let selection = Selection {
        iam_role_arn: ROLE.into(),
        resources: [
            "arn:aws:ec2:us-east-1:123456789012:volume/*",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        not_resources: ["arn:aws:ec2:us-east-1:123456789012:volume/vol-0scratch"]
            .into_iter()
            .map(String::from)
            .collect(),
        list_of_tags: [TagCondition {
            condition_type: "STRINGEQUALS".into(),
            key: "backup".into(),
            value: "true".into(),
        }]
        .into_iter()
        .collect(),
        conditions: Conditions {
            string_equals: [("aws:ResourceTag/env".to_string(), "prod".to_string())]
                .into_iter()
                .collect(),
            ..Default::default()
        },
    };
    BackupPlan {
        name: name.into(),
        tags: tags(&[(STACK_TAG, STACK), ("owner", "ops")]),
        rules: [
            ("daily".to_string(), daily),
            ("weekly".to_string(), rule("prod-vault")),
            ("continuous".to_string(), continuous),
            ("archive".to_string(), archive),
        ]
        .into_iter()
        .collect(),
        advanced_backup_settings: [(
            "EC2".to_string(),
            [("WindowsVSS".to_string(), "enabled".to_string())]
                .into_iter()
                .collect(),
        )]
        .into_iter()
        .collect(),
        scan_settings: BTreeSet::from([ScanSetting {
            malware_scanner: Some("GUARDDUTY".into()),
            resource_types: BTreeSet::from(["EBS".to_string(), "EC2".to_string()]),
            scanner_role_arn: Some(ROLE.into()),
        }]),
        selections: [("databases".to_string(), selection)].into_iter().collect(),
    }
}

/// Creates the plan and its selections; returns the plan id.
pub async fn write_plan(env: &Env, p: &BackupPlan) -> String {
    let (id, _, _) = env
        .aws
        .create_plan(p, &p.tags, &format!("p-{}", p.name))
        .await
        .unwrap();
    for (name, s) in &p.selections {
        env.aws
            .create_selection(&id, name, s, &format!("s-{}-{name}", p.name))
            .await
            .unwrap();
    }
    id
}

/// A raw SDK client (SDK default retries), for writing what `aws` never
/// sends.
pub fn raw_client(endpoint: &str) -> aws_sdk_backup::Client {
    crate::sdk::client_at(endpoint, "AKIDEXAMPLE", REGION, None)
}
