use std::collections::BTreeMap;

use super::*;
use crate::model::{
    BackupPlan, Conditions, CopyAction, Lifecycle, LivePlan, LiveVault, Notifications, Rule,
    Selection, TagCondition, Tags, Vault, VaultLock,
};

const ACCOUNT: &str = "123456789012";

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn live_vault(name: &str, t: Tags) -> LiveVault {
    LiveVault {
        arn: format!("arn:aws:backup:eu-west-1:{ACCOUNT}:backup-vault:{name}"),
        vault: Vault {
            name: name.into(),
            tags: t,
            ..Default::default()
        },
        number_of_recovery_points: 0,
        locked: false,
    }
}

fn rule(vault: &str) -> Rule {
    Rule {
        target_vault: vault.into(),
        target_logically_air_gapped_backup_vault_arn: None,
        schedule: "cron(0 5 ? * * *)".into(),
        schedule_timezone: "Etc/UTC".into(),
        start_window_minutes: 480,
        completion_window_minutes: 10080,
        lifecycle: None,
        copy_actions: Default::default(),
        enable_continuous_backup: false,
        recovery_point_tags: Tags::new(),
        index_actions: Default::default(),
        scan_actions: Default::default(),
    }
}

fn live_plan(name: &str, t: Tags, rules: Vec<(&str, Rule)>) -> LivePlan {
    LivePlan {
        id: format!("id-{name}"),
        arn: format!("arn:aws:backup:eu-west-1:{ACCOUNT}:backup-plan:id-{name}"),
        version_id: "v1".into(),
        plan: BackupPlan {
            name: name.into(),
            tags: t,
            rules: rules.into_iter().map(|(n, r)| (n.to_string(), r)).collect(),
            ..Default::default()
        },
        selection_ids: BTreeMap::new(),
        duplicate_selections: Vec::new(),
    }
}

/// A live state with one of everything, including strings YAML would
/// otherwise read as other types.
fn rich_live() -> Live {
    let mut main = live_vault(
        "main",
        tags(&[
            ("cost-center", "4711"),
            ("enabled", "true"),
            ("mode", "off"),
            ("empty", ""),
            ("nothing", "null"),
            ("sci", "1e3"),
        ]),
    );
    main.vault.encryption_key_arn = Some(format!(
        "arn:aws:kms:eu-west-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    ));
    main.vault.access_policy = Some(crate::model::normalize::canonical_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}"#,
    ));
    main.vault.notifications = Some(Notifications {
        sns_topic_arn: format!("arn:aws:sns:eu-west-1:{ACCOUNT}:alerts"),
        events: ["BACKUP_JOB_FAILED".to_string()].into(),
    });
    main.vault.lock = Some(VaultLock {
        min_retention_days: Some(7),
        max_retention_days: Some(365),
        changeable_for_days: None,
        lock_date: None,
    });
    let mut r = rule("main");
    r.schedule = "cron(0 */6 ? * * *)".into();
    r.schedule_timezone = "Europe/Berlin".into();
    r.start_window_minutes = 60;
    r.completion_window_minutes = 120;
    r.lifecycle = Some(Lifecycle {
        move_to_cold_storage_after_days: Some(30),
        delete_after_days: Some(365),
        opt_in_to_archive_for_supported_resources: true,
        delete_after_event: None,
    });
    r.copy_actions.insert(CopyAction {
        destination_vault_arn: format!("arn:aws:backup:eu-central-1:{ACCOUNT}:backup-vault:dr"),
        lifecycle: Some(Lifecycle {
            delete_after_days: Some(35),
            ..Default::default()
        }),
    });
    r.recovery_point_tags = tags(&[("n", "007")]);
    let mut daily = live_plan(
        "daily",
        Tags::new(),
        vec![("r1", r), ("r2", rule("theirs"))],
    );
    daily.plan.advanced_backup_settings.insert(
        "EC2".into(),
        [("WindowsVSS".to_string(), "enabled".to_string())].into(),
    );
    daily.plan.selections.insert(
        "sel".into(),
        Selection {
            iam_role_arn: format!("arn:aws:iam::{ACCOUNT}:role/backup"),
            resources: ["*".to_string()].into(),
            not_resources: ["arn:aws:ec2:*:*:volume/*".to_string()].into(),
            list_of_tags: [TagCondition {
                condition_type: "STRINGEQUALS".into(),
                key: "backup".into(),
                value: "yes".into(),
            }]
            .into(),
            conditions: Conditions {
                string_like: [("aws:ResourceTag/team".to_string(), "platform-*".to_string())]
                    .into(),
                ..Default::default()
            },
        },
    );
    let mut live = Live {
        account_id: Some(ACCOUNT.into()),
        region: "eu-west-1".into(),
        ..Default::default()
    };
    live.vaults.insert("main".into(), main);
    live.vaults.insert(
        "theirs".into(),
        live_vault("theirs", tags(&[(STACK_TAG, "other")])),
    );
    live.plans.insert("daily".into(), daily);
    live.settings.global = tags(&[
        ("isCrossAccountBackupEnabled", "false"),
        ("isReadOnlyThing", "true"),
    ]);
    live.settings.resource_type_opt_in =
        [("EBS".to_string(), true), ("RDS".to_string(), false)].into();
    live
}

fn write(live: &Live, filter: &Filter) -> String {
    let import = select(live, "s", filter, true);
    to_yaml(
        &import,
        "s",
        live.account_id.as_deref(),
        &live.region,
        "backupctl.schema.json",
    )
}

#[test]
fn everything_round_trips_with_only_the_stack_tag_to_add() {
    let live = rich_live();
    let text = write(&live, &Filter::default());
    let residue =
        verify(&text, &live).unwrap_or_else(|d| panic!("{}\n{text}", d.render_text(false)));
    assert!(residue.is_empty(), "{residue:?}\n{text}");
    // Strings that look like other YAML types stay strings.
    for line in [
        "cost-center: '4711'",
        "enabled: 'true'",
        "mode: 'off'",
        "nothing: 'null'",
    ] {
        assert!(
            text.contains(line) || text.contains(&line.replace('\'', "\"")),
            "{line} in\n{text}"
        );
    }
}

#[test]
fn comments_name_sources_and_header_guards_account_and_region() {
    let live = rich_live();
    let text = write(&live, &Filter::default());
    assert!(text.starts_with("# yaml-language-server: $schema=backupctl.schema.json\n"));
    assert!(text.contains(&format!(
        "  # source: arn:aws:backup:eu-west-1:{ACCOUNT}:backup-vault:main\n  - name: main\n"
    )));
    assert!(text.contains(&format!(
        "  # source: arn:aws:backup:eu-west-1:{ACCOUNT}:backup-plan:id-daily (version v1)\n  - name: daily\n"
    )));
    assert!(
        text.contains("account_id: '123456789012'")
            || text.contains("account_id: \"123456789012\"")
    );
    assert!(text.contains("region: eu-west-1"));
    // The rule targeting another stack's vault needs it declared external.
    assert!(text.contains("external_vaults:\n- theirs"), "{text}");
    // Another stack's vault, the stack tag itself and read-only settings stay out.
    assert!(!text.contains("name: theirs"));
    assert!(!text.contains(STACK_TAG));
    assert!(!text.contains("isReadOnlyThing"));
    // AWS defaults are not spelled out.
    assert!(!text.contains("10080"));
    assert!(!text.contains("Etc/UTC"));
}

#[test]
fn other_stacks_are_skipped_with_a_reason() {
    let live = rich_live();
    let import = select(&live, "s", &Filter::default(), false);
    assert_eq!(
        import.skipped,
        ["vault \"theirs\" belongs to stack \"other\""]
    );
    let chosen = import.chosen("s");
    assert_eq!(chosen.len(), 2);
    assert!(chosen.iter().all(|c| c.adopt));
}

#[test]
fn filters_by_name_and_tag() {
    let live = rich_live();
    let by_name = select(
        &live,
        "s",
        &Filter {
            names: vec!["dai*".into()],
            tags: vec![],
        },
        false,
    );
    assert!(by_name.vaults.is_empty());
    assert_eq!(by_name.plans.len(), 1);
    // Its rule's vault is not imported, so it is external.
    assert_eq!(
        by_name.external_vaults,
        ["main".to_string(), "theirs".to_string()].into()
    );
    let by_tag = select(
        &live,
        "s",
        &Filter {
            names: vec![],
            tags: vec![("cost-center".into(), "4711".into())],
        },
        false,
    );
    assert_eq!(by_tag.vaults.len(), 1);
    assert!(by_tag.plans.is_empty());
    let text = to_yaml(&by_name, "s", Some(ACCOUNT), "eu-west-1", "x.json");
    assert!(verify(&text, &live).expect("valid").is_empty());
}

#[test]
fn a_managed_resource_needs_no_adoption() {
    let mut live = rich_live();
    live.vaults
        .get_mut("main")
        .unwrap()
        .vault
        .tags
        .insert(STACK_TAG.into(), "s".into());
    let import = select(&live, "s", &Filter::default(), false);
    let chosen = import.chosen("s");
    assert!(!chosen.iter().find(|c| c.name == "main").unwrap().adopt);
}
