//! Observe against the emulator through the real SDK: values written with
//! `aws` mutations read back equal (normalization), AWS defaults fill in,
//! ownership decides what is read in full, duplicates are reported, and the
//! API calls per resource kind are exactly the documented ones.

use std::collections::{BTreeMap, BTreeSet};

use backupctl::model::{normalize, BackupPlan, CopyAction, Rule, Selection, Vault, STACK_TAG};
use serde_json::json;
use testkit::aws::fixtures::*;
use testkit::aws::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn written_values_read_back_equal() {
    let env = start().await;
    let vault = full_vault("prod-vault");
    let arn = write_vault(&env, &vault).await;
    for extra in ["dr-vault", "other-vault"] {
        let v = Vault {
            name: extra.into(),
            tags: stack_tags(STACK),
            ..Default::default()
        };
        env.aws.create_vault(&v, extra).await.unwrap();
    }
    let plan = full_plan("main");
    let id = write_plan(&env, &plan).await;

    let live = env.aws.observe(&scope(&[], &[])).await.unwrap();
    assert_eq!(live.region, REGION);
    assert_eq!(live.account_id.as_deref(), Some(ACCOUNT));
    let lv = &live.vaults["prod-vault"];
    assert_eq!(lv.arn, arn);
    let mut expected = vault.clone();
    expected.access_policy = expected
        .access_policy
        .as_ref()
        .map(normalize::canonical_json);
    assert_eq!(lv.vault, expected);
    assert!(lv.locked);
    assert_eq!(lv.number_of_recovery_points, 0);
    // Policies compare as canonical JSON, however they were written.
    assert_eq!(
        lv.vault.access_policy.as_ref().unwrap()["Statement"][0]["Effect"],
        "Deny"
    );

    let lp = &live.plans["main"];
    assert_eq!(lp.id, id);
    assert!(!lp.version_id.is_empty());
    assert_eq!(lp.plan, plan);
    assert_eq!(
        lp.selection_ids.keys().collect::<Vec<_>>(),
        vec!["databases"]
    );
    assert!(live.unmanaged_vaults.is_empty() && live.unmanaged_plans.is_empty());
    assert!(live.duplicate_plan_names.is_empty());
    env.emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aws_defaults_and_empty_values_normalize() {
    use aws_sdk_backup::types as t;
    let env = start().await;
    let raw = raw_client(&env.endpoint);
    let v = Vault {
        name: "vv".into(),
        tags: stack_tags(STACK),
        ..Default::default()
    };
    env.aws.create_vault(&v, "vv").await.unwrap();
    // A bare rule, a copy action without lifecycle, a zero lifecycle value.
    let rule = t::BackupRuleInput::builder()
        .rule_name("bare")
        .target_backup_vault_name("vv")
        .copy_actions(
            t::CopyAction::builder()
                .destination_backup_vault_arn(vault_arn("vv"))
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let out = raw
        .create_backup_plan()
        .backup_plan(
            t::BackupPlanInput::builder()
                .backup_plan_name("bare")
                .rules(rule)
                .build()
                .unwrap(),
        )
        .backup_plan_tags(STACK_TAG, STACK)
        .send()
        .await
        .unwrap();
    let id = out.backup_plan_id.unwrap();
    raw.create_backup_selection()
        .backup_plan_id(&id)
        .backup_selection(
            t::BackupSelection::builder()
                .selection_name("s")
                .iam_role_arn(ROLE)
                .resources("arn:aws:s3:::bucket")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    let live = env.aws.observe(&scope(&[], &[])).await.unwrap();
    let lp = &live.plans["bare"];
    let mut want = rule_default("vv");
    want.copy_actions.insert(CopyAction {
        destination_vault_arn: vault_arn("vv"),
        lifecycle: None,
    });
    assert_eq!(lp.plan.rules["bare"], want);
    let s = &lp.plan.selections["s"];
    assert_eq!(
        *s,
        Selection {
            iam_role_arn: ROLE.into(),
            resources: BTreeSet::from(["arn:aws:s3:::bucket".to_string()]),
            ..Default::default()
        }
    );
    // The vault has no policy, notifications or lock: all absent.
    let lv = &live.vaults["vv"];
    assert_eq!(
        (
            &lv.vault.access_policy,
            &lv.vault.notifications,
            &lv.vault.lock
        ),
        (&None, &None, &None)
    );
    env.emu.shutdown().await;
}

fn rule_default(vault: &str) -> Rule {
    rule(vault)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ownership_decides_what_is_read() {
    let env = start().await;
    let mut mine = full_vault("mine");
    mine.lock = None;
    write_vault(&env, &mine).await;
    // Unmanaged: no stack tag, and another stack's.
    let mut theirs = full_vault("theirs");
    theirs.tags = tags(&[("team", "x")]);
    theirs.lock = None;
    write_vault(&env, &theirs).await;
    let other = Vault {
        name: "other-stack".into(),
        tags: stack_tags("staging"),
        ..Default::default()
    };
    env.aws.create_vault(&other, "o").await.unwrap();
    let mut plan = BackupPlan {
        name: "legacy".into(),
        rules: [("r".to_string(), rule("theirs"))].into_iter().collect(),
        ..Default::default()
    };
    write_plan(&env, &plan).await;
    plan.name = "managed".into();
    plan.tags = stack_tags(STACK);
    plan.rules.get_mut("r").unwrap().schedule = "cron(0 1 * * ? *)".into();
    write_plan(&env, &plan).await;

    let live = env.aws.observe(&scope(&[], &[])).await.unwrap();
    assert_eq!(live.vaults.keys().collect::<Vec<_>>(), vec!["mine"]);
    // Another stack's vault belongs somewhere: never "unmanaged".
    assert_eq!(
        live.unmanaged_vaults,
        BTreeSet::from(["theirs".to_string()])
    );
    assert_eq!(
        live.other_stack_vaults,
        BTreeMap::from([("other-stack".to_string(), "staging".to_string())])
    );
    assert_eq!(live.plans.keys().collect::<Vec<_>>(), vec!["managed"]);
    assert_eq!(live.unmanaged_plans, BTreeSet::from(["legacy".to_string()]));

    // Named in the config: read in full although unmanaged (for adoption).
    let live = env
        .aws
        .observe(&scope(&["theirs"], &["legacy"]))
        .await
        .unwrap();
    let mut expected = theirs.clone();
    expected.access_policy = expected
        .access_policy
        .as_ref()
        .map(normalize::canonical_json);
    assert_eq!(live.vaults["theirs"].vault, expected);
    assert!(!live.unmanaged_vaults.contains("theirs"));
    assert_eq!(live.plans["legacy"].plan.rules["r"].target_vault, "theirs");
    assert!(live.unmanaged_plans.is_empty());
    env.emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_plan_names_are_reported_not_read() {
    let env = start().await;
    let v = Vault {
        name: "vv".into(),
        tags: stack_tags(STACK),
        ..Default::default()
    };
    env.aws.create_vault(&v, "vv").await.unwrap();
    let mut p = BackupPlan {
        name: "twice".into(),
        tags: stack_tags(STACK),
        rules: [("r".to_string(), rule("vv"))].into_iter().collect(),
        ..Default::default()
    };
    env.aws.create_plan(&p, &p.tags, "first").await.unwrap();
    // A different document, so AWS accepts a second plan of that name.
    p.rules.get_mut("r").unwrap().start_window_minutes = 120;
    env.aws.create_plan(&p, &p.tags, "second").await.unwrap();
    // Someone else's duplicates, not named: just unmanaged names.
    let mut q = p.clone();
    q.name = "foreign".into();
    q.tags.clear();
    env.aws.create_plan(&q, &q.tags, "f1").await.unwrap();
    q.rules.get_mut("r").unwrap().start_window_minutes = 180;
    env.aws.create_plan(&q, &q.tags, "f2").await.unwrap();

    env.admin().reset_counters().await;
    let live = env.aws.observe(&scope(&[], &[])).await.unwrap();
    assert_eq!(
        live.duplicate_plan_names,
        BTreeSet::from(["twice".to_string()])
    );
    assert!(live.plans.is_empty());
    assert_eq!(
        live.unmanaged_plans,
        BTreeSet::from(["foreign".to_string()])
    );
    let calls = env.admin().counters().await;
    assert_eq!(calls.get("GetBackupPlan"), None, "{calls:?}");
    assert_eq!(calls.get("ListBackupSelections"), None, "{calls:?}");
    env.emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_calls_per_resource_kind_are_as_documented() {
    let env = start().await;
    for i in 0..3 {
        let mut v = full_vault(&format!("managed-{i}"));
        v.lock = None;
        write_vault(&env, &v).await;
    }
    for i in 0..2 {
        let v = Vault {
            name: format!("foreign-{i}"),
            ..Default::default()
        };
        env.aws.create_vault(&v, &format!("f{i}")).await.unwrap();
    }
    for i in 0..2 {
        let mut p = full_plan(&format!("plan-{i}"));
        for r in p.rules.values_mut() {
            r.target_vault = "managed-0".into();
            r.start_window_minutes = 60 + i;
        }
        let extra = p.selections["databases"].clone();
        p.selections.insert("second".into(), extra);
        write_plan(&env, &p).await;
    }
    let foreign = BackupPlan {
        name: "foreign-plan".into(),
        rules: [("r".to_string(), rule("foreign-0"))].into_iter().collect(),
        ..Default::default()
    };
    write_plan(&env, &foreign).await;

    env.admin().reset_counters().await;
    let mut s = scope(&[], &[]);
    s.settings = true;
    let live = env.aws.observe(&s).await.unwrap();
    assert_eq!(live.vaults.len(), 3);
    assert_eq!(live.plans.len(), 2);
    assert_eq!(live.plans["plan-1"].plan.selections.len(), 2);
    let calls = env.admin().counters().await;
    let expected: BTreeMap<String, u64> = [
        // One listing for the vault kind, one (ByVaultType) for the
        // air-gapped kind.
        ("ListBackupVaults", 2),
        ("ListTags", 5 + 3),
        ("GetBackupVaultAccessPolicy", 3),
        ("GetBackupVaultNotifications", 3),
        ("ListBackupPlans", 1),
        ("GetBackupPlan", 2),
        ("ListBackupSelections", 2),
        ("GetBackupSelection", 4),
        ("DescribeGlobalSettings", 1),
        ("DescribeRegionSettings", 1),
        // No restore testing plan: one listing.
        ("ListRestoreTestingPlans", 1),
        ("ListTieringConfigurations", 1),
        ("ListLegalHolds", 1),
        // Frameworks and report plans: one list each (none exist here).
        ("ListFrameworks", 1),
        ("ListReportPlans", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let nonzero: BTreeMap<String, u64> = calls.into_iter().filter(|(_, v)| *v > 0).collect();
    assert_eq!(nonzero, expected);
    env.emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_treats_access_denied_and_not_found_as_absent() {
    let env = start().await;
    // The emulator answers 403 AccessDeniedException for a missing vault, as AWS does.
    assert_eq!(env.aws.probe_vault("nowhere").await.unwrap(), None);
    let v = full_vault("here");
    write_vault(&env, &v).await;
    let got = env.aws.probe_vault("here").await.unwrap().expect("present");
    assert_eq!(got.vault.notifications, v.notifications);
    assert_eq!(got.vault.lock, v.lock);
    // moto's answer (ResourceNotFoundException) is absent too.
    env.admin()
        .configure(
            json!({"fail_nth": {"operation": "DescribeBackupVault", "n": 1,
                            "error": "ResourceNotFoundException"}}),
        )
        .await;
    assert_eq!(env.aws.probe_vault("here").await.unwrap(), None);
    env.emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_are_read_only_when_declared() {
    let env = start().await;
    env.aws
        .update_region_settings(
            &BTreeMap::from([("EFS".to_string(), false)]),
            &BTreeMap::from([("DynamoDB".to_string(), true)]),
        )
        .await
        .unwrap();
    env.admin().reset_counters().await;
    let live = env.aws.observe(&scope(&[], &[])).await.unwrap();
    assert!(live.settings.is_empty());
    assert!(env
        .admin()
        .counters()
        .await
        .keys()
        .all(|k| !k.starts_with("Describe")));
    let mut s = scope(&[], &[]);
    s.settings = true;
    let live = env.aws.observe(&s).await.unwrap();
    assert_eq!(live.settings.resource_type_opt_in.get("EFS"), Some(&false));
    assert_eq!(
        live.settings.resource_type_management.get("DynamoDB"),
        Some(&true)
    );
    env.emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vault_listing_follows_pages() {
    let env = start().await;
    // 1,001 vaults (seeded through the admin state API, past the quota): two
    // pages of ListBackupVaults at MaxResults 1,000.
    let vaults: serde_json::Map<String, serde_json::Value> = (0..1001)
        .map(|i| (format!("vault-{i:04}"), json!({})))
        .collect();
    let state = json!({"accounts": {ACCOUNT: {"regions": {REGION: {"vaults": vaults}}}}});
    env.admin().json("PUT", "state", state).await;
    env.admin().reset_counters().await;
    let live = env.aws.observe(&scope(&["vault-1000"], &[])).await.unwrap();
    assert_eq!(live.unmanaged_vaults.len(), 1000);
    assert!(live.vaults.contains_key("vault-1000"));
    let calls = env.admin().counters().await;
    // Two pages for the vault kind, one for the air-gapped kind.
    assert_eq!(calls["ListBackupVaults"], 3);
    assert_eq!(calls["ListTags"], 1001);
    assert_eq!(calls["GetBackupVaultAccessPolicy"], 1);
    env.emu.shutdown().await;
}
