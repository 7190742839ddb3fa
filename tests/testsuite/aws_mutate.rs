//! The mutations `apply` makes, against the emulator through the real SDK:
//! creates are idempotent under a CreatorRequestId, every write reads back
//! through `observe`, zero values are never sent, and failures render as
//! one-line errors naming the operation.

use std::collections::{BTreeMap, BTreeSet};

use backupctl::aws::{self, AwsError};
use backupctl::model::{
    BackupPlan, Lifecycle, Notifications, Rule, Selection, Vault, VaultLock,
    DEFAULT_COMPLETION_WINDOW, DEFAULT_SCHEDULE, DEFAULT_START_WINDOW, DEFAULT_TIMEZONE, STACK_TAG,
};
use backupctl::resources::ObserveScope;
use serde_json::json;
use testkit::aws::*;

const STACK: &str = "prod";

fn scope() -> ObserveScope {
    ObserveScope {
        stack: STACK.into(),
        settings: true,
        ..Default::default()
    }
}

fn vault(name: &str) -> Vault {
    Vault {
        name: name.into(),
        tags: stack_tags(STACK),
        ..Default::default()
    }
}

fn rule(vault: &str) -> Rule {
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

fn plan(name: &str, vault: &str) -> BackupPlan {
    BackupPlan {
        name: name.into(),
        tags: stack_tags(STACK),
        rules: [("daily".to_string(), rule(vault))].into_iter().collect(),
        ..Default::default()
    }
}

fn selection() -> Selection {
    Selection {
        iam_role_arn: ROLE.into(),
        resources: BTreeSet::from(["arn:aws:s3:::bucket".to_string()]),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creates_are_idempotent_under_a_creator_request_id() {
    let env = start().await;
    let a = env
        .aws
        .create_vault(&vault("vault"), "crid-v")
        .await
        .unwrap();
    let b = env
        .aws
        .create_vault(&vault("vault"), "crid-v")
        .await
        .unwrap();
    assert_eq!(a, b);
    // Another id for an existing name is a real conflict, in one line.
    let err = env
        .aws
        .create_vault(&vault("vault"), "someone-else")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AlreadyExistsException"));
    assert!(err
        .to_string()
        .starts_with("CreateBackupVault failed: AlreadyExistsException"));
    assert!(!err.to_string().contains('\n'));

    let p = plan("main", "vault");
    let first = env.aws.create_plan(&p, &p.tags, "crid-p").await.unwrap();
    let again = env.aws.create_plan(&p, &p.tags, "crid-p").await.unwrap();
    assert_eq!(first, again);
    // AWS has been seen answering AlreadyExistsException (with our id and the
    // plan's Arn) instead of the plan: still the same plan, never a second.
    let mut changed = p.clone();
    changed.rules.get_mut("daily").unwrap().start_window_minutes = 90;
    let third = env
        .aws
        .create_plan(&changed, &p.tags, "crid-p")
        .await
        .unwrap();
    assert_eq!(third.0, first.0);
    assert_eq!(third.1, first.1);

    let sid = env
        .aws
        .create_selection(&first.0, "s", &selection(), "crid-s")
        .await
        .unwrap();
    let sid2 = env
        .aws
        .create_selection(&first.0, "s", &selection(), "crid-s")
        .await
        .unwrap();
    assert_eq!(sid, sid2);

    let live = env.aws.observe(&scope()).await.unwrap();
    assert_eq!(live.plans.len(), 1);
    assert!(live.duplicate_plan_names.is_empty());
    assert_eq!(live.plans["main"].id, first.0);
    assert_eq!(live.plans["main"].version_id, first.2);
    assert_eq!(live.plans["main"].selection_ids["s"], sid);
    assert_eq!(live.plans["main"].plan.selections.len(), 1);
    let calls = env.admin().counters().await;
    assert_eq!(calls["CreateBackupPlan"], 3);
    assert_eq!(calls["CreateBackupSelection"], 2);
    env.emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vault_attributes_put_and_delete() {
    let env = start().await;
    let arn = env.aws.create_vault(&vault("vault"), "v").await.unwrap();
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
        "Principal": "*", "Action": "backup:DeleteBackupVault", "Resource": "*"}]});
    let notes = Notifications {
        sns_topic_arn: TOPIC.into(),
        events: BTreeSet::from(["BACKUP_JOB_FAILED".to_string()]),
    };
    let lock = VaultLock {
        min_retention_days: Some(1),
        max_retention_days: None,
        changeable_for_days: None,
        lock_date: None,
    };
    env.aws.put_access_policy("vault", &policy).await.unwrap();
    env.aws.put_notifications("vault", &notes).await.unwrap();
    env.aws.put_lock("vault", &lock).await.unwrap();
    env.aws
        .tag(&arn, &tags(&[("team", "a"), ("cost", "1")]))
        .await
        .unwrap();
    env.aws.untag(&arn, &["cost".to_string()]).await.unwrap();

    let live = env.aws.observe(&scope()).await.unwrap();
    let v = &live.vaults["vault"].vault;
    assert_eq!(v.access_policy.as_ref(), Some(&policy));
    assert_eq!(v.notifications.as_ref(), Some(&notes));
    assert_eq!(v.lock.as_ref(), Some(&lock));
    assert_eq!(v.tags, tags(&[(STACK_TAG, STACK), ("team", "a")]));

    env.aws.delete_access_policy("vault").await.unwrap();
    env.aws.delete_notifications("vault").await.unwrap();
    env.aws.delete_lock("vault").await.unwrap();
    let live = env.aws.observe(&scope()).await.unwrap();
    let v = &live.vaults["vault"].vault;
    assert_eq!(
        (&v.access_policy, &v.notifications, &v.lock),
        (&None, &None, &None)
    );

    // A vault holding recovery points cannot be deleted: a clear one-line error.
    env.admin()
        .json(
            "POST",
            "recovery-points",
            json!({"region": REGION, "vault_name": "vault", "count": 2}),
        )
        .await;
    let err = env.aws.delete_vault("vault").await.unwrap_err();
    assert_eq!(err.operation(), Some("DeleteBackupVault"));
    assert_eq!(err.code(), Some("InvalidRequestException"));
    assert!(!err.to_string().contains('\n'));
    env.aws.create_vault(&vault("empty"), "e").await.unwrap();
    env.aws.delete_vault("empty").await.unwrap();
    let live = env.aws.observe(&scope()).await.unwrap();
    assert_eq!(live.vaults.keys().collect::<Vec<_>>(), vec!["vault"]);
    assert_eq!(live.vaults["vault"].number_of_recovery_points, 2);
    env.emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_update_selection_replace_and_delete() {
    let env = start().await;
    env.aws.create_vault(&vault("vault"), "v").await.unwrap();
    let mut p = plan("main", "vault");
    let (id, arn, v1) = env.aws.create_plan(&p, &p.tags, "p").await.unwrap();
    let sid = env
        .aws
        .create_selection(&id, "s", &selection(), "s1")
        .await
        .unwrap();

    // Zero lifecycle values are never sent (AWS rejects 0 days).
    p.rules.get_mut("daily").unwrap().lifecycle = Some(Lifecycle {
        move_to_cold_storage_after_days: Some(0),
        delete_after_days: Some(35),
        ..Default::default()
    });
    p.rules.insert("weekly".into(), rule("vault"));
    let v2 = env.aws.update_plan(&id, &p).await.unwrap();
    assert_ne!(v1, v2);
    env.aws.tag(&arn, &tags(&[("owner", "ops")])).await.unwrap();

    let live = env.aws.observe(&scope()).await.unwrap();
    let lp = &live.plans["main"];
    assert_eq!(lp.version_id, v2);
    assert_eq!(
        lp.plan.rules["daily"].lifecycle,
        Some(Lifecycle {
            delete_after_days: Some(35),
            ..Default::default()
        })
    );
    assert_eq!(lp.plan.rules.len(), 2);
    assert_eq!(lp.plan.tags["owner"], "ops");

    // A selection changes by delete + create.
    env.aws.delete_selection(&id, &sid).await.unwrap();
    let mut s2 = selection();
    s2.resources.insert("arn:aws:s3:::other".into());
    let sid2 = env.aws.create_selection(&id, "s", &s2, "s2").await.unwrap();
    assert_ne!(sid, sid2);
    let live = env.aws.observe(&scope()).await.unwrap();
    assert_eq!(live.plans["main"].plan.selections["s"], s2);

    env.aws.delete_selection(&id, &sid2).await.unwrap();
    env.aws.delete_plan(&id).await.unwrap();
    let live = env.aws.observe(&scope()).await.unwrap();
    assert!(live.plans.is_empty() && live.unmanaged_plans.is_empty());
    env.emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_settings_update() {
    let env = start().await;
    env.aws
        .update_global_settings(&BTreeMap::from([(
            "isCrossAccountBackupEnabled".to_string(),
            "true".to_string(),
        )]))
        .await
        .unwrap();
    env.aws
        .update_region_settings(
            &BTreeMap::from([("Aurora".to_string(), true)]),
            &BTreeMap::new(),
        )
        .await
        .unwrap();
    let live = env.aws.observe(&scope()).await.unwrap();
    assert_eq!(
        live.settings
            .global
            .get("isCrossAccountBackupEnabled")
            .map(String::as_str),
        Some("true")
    );
    assert_eq!(
        live.settings.resource_type_opt_in.get("Aurora"),
        Some(&true)
    );
    // Empty updates make no call.
    env.admin().reset_counters().await;
    env.aws
        .update_global_settings(&BTreeMap::new())
        .await
        .unwrap();
    env.aws
        .update_region_settings(&BTreeMap::new(), &BTreeMap::new())
        .await
        .unwrap();
    env.aws.tag("arn:x", &Default::default()).await.unwrap();
    env.aws.untag("arn:x", &[]).await.unwrap();
    assert!(env.admin().counters().await.values().all(|n| *n == 0));
    env.emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_are_one_line_errors_naming_the_operation() {
    let env = start().await;
    env.admin()
        .configure(json!({"fail_nth": {"operation": "ListBackupVaults", "n": 1,
                            "error": "AccessDeniedException"}}))
        .await;
    let err = env.aws.observe(&scope()).await.unwrap_err();
    assert!(matches!(err, AwsError::AccessDenied { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "access denied by AWS for ListBackupVaults: Injected failure"
    );

    // Throttled on every attempt: reported once the attempts run out. (One
    // attempt of the SDK's standard retries: paced retries do not count
    // throttles against the attempts, see tests/testsuite/ci_timeouts.rs.)
    let mut opts = options(&env.endpoint);
    opts.max_attempts = 1;
    opts.retry_mode = aws::RetryMode::Standard;
    let few_retries = aws::connect(&opts).await.unwrap();
    env.admin()
        .configure(
            json!({"faults": {"seed": 1, "throttle_rate": 1.0, "operations": ["ListBackupPlans"]}}),
        )
        .await;
    env.admin().reset_counters().await;
    let err = few_retries.observe(&scope()).await.unwrap_err();
    assert!(matches!(err, AwsError::Throttled { .. }), "{err:?}");
    assert!(err
        .to_string()
        .starts_with("ListBackupPlans was still throttled"));
    assert_eq!(env.admin().counters().await["ListBackupPlans"], 1);
    env.emu.shutdown().await;

    // Nothing listens: a transport error, in one line.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut opts = options(&format!("http://127.0.0.1:{port}"));
    opts.max_attempts = 1;
    let dead = aws::connect(&opts).await.unwrap();
    let err = dead.observe(&scope()).await.unwrap_err();
    assert!(matches!(err, AwsError::Transport { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "cannot reach AWS Backup endpoint http://127.0.0.1:{port} for "
        )),
        "{text}"
    );
    assert!(
        text.ends_with(": tcp connect error: Connection refused (os error 111)"),
        "{text}"
    );
    assert!(!text.contains('\n'));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standard_retries_ride_out_random_throttling() {
    let env = start().await;
    let vaults: serde_json::Map<String, serde_json::Value> = (0..40)
        .map(|i| (format!("vault-{i:02}"), json!({})))
        .collect();
    let state = json!({"accounts": {ACCOUNT: {"regions": {REGION: {"vaults": vaults}}}}});
    env.admin().json("PUT", "state", state).await;
    env.admin()
        .configure(json!({"faults": {"seed": 7, "throttle_rate": 0.3, "operations": ["ListTags"]}}))
        .await;
    let mut opts = options(&env.endpoint);
    opts.retry_mode = aws::RetryMode::Standard;
    opts.max_attempts = 10;
    let aws = aws::connect(&opts).await.unwrap();
    env.admin().reset_counters().await;
    let live = aws.observe(&scope()).await.unwrap();
    assert_eq!(live.unmanaged_vaults.len(), 40);
    // Throttled calls were retried: more requests than vaults.
    assert!(env.admin().counters().await["ListTags"] > 40);
    env.emu.shutdown().await;
}
