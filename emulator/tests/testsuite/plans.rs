//! Plan and selection operations through the real aws-sdk-backup client:
//! defaults read back, RuleIds, versions, deletion and includeDeleted,
//! idempotent creates, validation, selections and plan tags.

use aws_sdk_backup::operation::create_backup_plan::CreateBackupPlanError;
use aws_sdk_backup::types::AdvancedBackupSetting;
use testkit::emulator::start;
use testkit::sdk::*;

#[tokio::test]
async fn create_get_fills_aws_defaults_and_rule_ids() {
    let emu = start().await;
    let c = client(&emu).await;
    let created = c
        .create_backup_plan()
        .backup_plan(
            aws_sdk_backup::types::BackupPlanInput::builder()
                .backup_plan_name("daily")
                .rules(rule("r1", "v1"))
                .advanced_backup_settings(
                    AdvancedBackupSetting::builder()
                        .resource_type("EC2")
                        .backup_options("WindowsVSS", "enabled")
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .backup_plan_tags("env", "prod")
        .creator_request_id("plan-req")
        .send()
        .await
        .unwrap();
    let id = created.backup_plan_id().unwrap().to_string();
    assert_eq!(id.len(), 36, "plan ids are UUIDs: {id}");
    assert_eq!(
        created.backup_plan_arn().unwrap(),
        format!("arn:aws:backup:us-east-1:123456789012:backup-plan:{id}")
    );
    assert!(created.version_id().unwrap().len() >= 32);
    assert_eq!(created.advanced_backup_settings().len(), 1);

    let got = c
        .get_backup_plan()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(got.version_id(), created.version_id());
    assert_eq!(got.creator_request_id(), Some("plan-req"));
    assert!(got.deletion_date().is_none());
    assert_eq!(got.advanced_backup_settings().len(), 1);
    let plan = got.backup_plan().unwrap();
    assert_eq!(plan.backup_plan_name(), "daily");
    let r = &plan.rules()[0];
    assert_eq!(r.rule_name(), "r1");
    assert_eq!(r.target_backup_vault_name(), "v1");
    assert_eq!(r.schedule_expression(), Some("cron(0 5 ? * * *)"));
    assert_eq!(r.start_window_minutes(), Some(480));
    assert_eq!(r.completion_window_minutes(), Some(10080));
    assert_eq!(r.schedule_expression_timezone(), Some("Etc/UTC"));
    assert_eq!(r.rule_id().unwrap().len(), 36);

    let tags = c
        .list_tags()
        .resource_arn(created.backup_plan_arn().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().unwrap()["env"], "prod");
}

#[tokio::test]
async fn update_makes_versions_and_keeps_rule_ids_by_name() {
    let emu = start().await;
    let c = client(&emu).await;
    let created = c
        .create_backup_plan()
        .backup_plan(plan_input(
            "p",
            vec![rule("keep", "v1"), rule("drop", "v1")],
        ))
        .send()
        .await
        .unwrap();
    let id = created.backup_plan_id().unwrap();
    let v1 = created.version_id().unwrap().to_string();
    let before = c.get_backup_plan().backup_plan_id(id).send().await.unwrap();
    let keep_id = before.backup_plan().unwrap().rules()[0]
        .rule_id()
        .unwrap()
        .to_string();

    let mut changed = rule("keep", "v1");
    changed.start_window_minutes = Some(60);
    changed.completion_window_minutes = Some(120);
    let upd = c
        .update_backup_plan()
        .backup_plan_id(id)
        .backup_plan(plan_input("p", vec![changed, rule("new", "v2")]))
        .send()
        .await
        .unwrap();
    let v2 = upd.version_id().unwrap().to_string();
    assert_ne!(v1, v2);

    let now = c.get_backup_plan().backup_plan_id(id).send().await.unwrap();
    assert_eq!(now.version_id(), Some(v2.as_str()));
    let rules = now.backup_plan().unwrap().rules();
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0].rule_id(), Some(keep_id.as_str()));
    assert_eq!(rules[0].start_window_minutes(), Some(60));
    assert_eq!(rules[1].rule_name(), "new");

    let old = c
        .get_backup_plan()
        .backup_plan_id(id)
        .version_id(&v1)
        .send()
        .await
        .unwrap();
    let names: Vec<_> = old
        .backup_plan()
        .unwrap()
        .rules()
        .iter()
        .map(|r| r.rule_name())
        .collect();
    assert_eq!(names, ["keep", "drop"]);
    let e = c
        .get_backup_plan()
        .backup_plan_id(id)
        .version_id("bm9wZQ==")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");

    let versions: Vec<_> = c
        .list_backup_plan_versions()
        .backup_plan_id(id)
        .max_results(1)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    let ids: Vec<_> = versions.iter().filter_map(|v| v.version_id()).collect();
    assert_eq!(ids, [v2.as_str(), v1.as_str()]);
    let e = c
        .update_backup_plan()
        .backup_plan_id("00000000-0000-0000-0000-000000000000")
        .backup_plan(plan_input("p", vec![rule("a", "v1")]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
}

#[tokio::test]
async fn delete_plan_sets_deletion_date_and_include_deleted_lists_it() {
    let emu = start().await;
    let c = client(&emu).await;
    let id = c
        .create_backup_plan()
        .backup_plan(plan_input("gone", vec![rule("r", "v1")]))
        .send()
        .await
        .unwrap()
        .backup_plan_id()
        .unwrap()
        .to_string();
    c.create_backup_plan()
        .backup_plan(plan_input("stays", vec![rule("r", "v1")]))
        .send()
        .await
        .unwrap();
    let del = c
        .delete_backup_plan()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap();
    assert!(del.deletion_date().is_some());
    assert_eq!(del.backup_plan_id(), Some(id.as_str()));
    let live = c.list_backup_plans().send().await.unwrap();
    let names: Vec<_> = live
        .backup_plans_list()
        .iter()
        .filter_map(|p| p.backup_plan_name())
        .collect();
    assert_eq!(names, ["stays"]);
    let all = c
        .list_backup_plans()
        .include_deleted(true)
        .send()
        .await
        .unwrap();
    assert_eq!(all.backup_plans_list().len(), 2);
    let gone = all
        .backup_plans_list()
        .iter()
        .find(|p| p.backup_plan_id() == Some(id.as_str()))
        .unwrap();
    assert!(gone.deletion_date().is_some());
    let got = c
        .get_backup_plan()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap();
    assert!(got.deletion_date().is_some());
    let e = c
        .delete_backup_plan()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
}

#[tokio::test]
async fn plan_idempotency_and_duplicates() {
    let emu = start().await;
    let c = client(&emu).await;
    let send = |name: &'static str, req: &'static str| {
        let c = c.clone();
        async move {
            c.create_backup_plan()
                .backup_plan(plan_input(name, vec![rule("r", "v1")]))
                .creator_request_id(req)
                .send()
                .await
        }
    };
    let a = send("p1", "req-a").await.unwrap();
    let again = send("p1", "req-a").await.unwrap();
    assert_eq!(a.backup_plan_id(), again.backup_plan_id());
    assert_eq!(a.version_id(), again.version_id());
    match send("p2", "req-a").await.unwrap_err().into_service_error() {
        CreateBackupPlanError::AlreadyExistsException(x) => {
            assert_eq!(x.creator_request_id(), Some("req-a"));
            assert_eq!(x.arn(), a.backup_plan_arn());
        }
        other => panic!("expected AlreadyExists, got {other:?}"),
    }
    // Same document under another request id: AlreadyExists too.
    match send("p1", "req-b").await.unwrap_err().into_service_error() {
        CreateBackupPlanError::AlreadyExistsException(x) => {
            assert_eq!(x.arn(), a.backup_plan_arn());
        }
        other => panic!("expected AlreadyExists, got {other:?}"),
    }
    assert_eq!(
        c.list_backup_plans()
            .send()
            .await
            .unwrap()
            .backup_plans_list()
            .len(),
        1
    );
}

#[tokio::test]
async fn plan_tags_and_list_pagination() {
    let emu = start().await;
    let c = client(&emu).await;
    let mut arns = Vec::new();
    for i in 0..5 {
        let p = c
            .create_backup_plan()
            .backup_plan(plan_input(&format!("plan-{i}"), vec![rule("r", "v1")]))
            .send()
            .await
            .unwrap();
        arns.push(p.backup_plan_arn().unwrap().to_string());
    }
    let all: Vec<_> = c
        .list_backup_plans()
        .max_results(2)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    c.tag_resource()
        .resource_arn(&arns[0])
        .tags("k", "v")
        .send()
        .await
        .unwrap();
    let t = c.list_tags().resource_arn(&arns[0]).send().await.unwrap();
    assert_eq!(t.tags().unwrap()["k"], "v");
    let t = c.list_tags().resource_arn(&arns[1]).send().await.unwrap();
    assert!(t.tags().is_none_or(|t| t.is_empty()));
}

#[tokio::test]
async fn get_plan_previews_scheduled_runs() {
    let emu = start().await;
    let c = client(&emu).await;
    let mut r = rule("daily", "v1");
    r.schedule_expression = Some("cron(0 5 ? * * *)".into());
    let id = c
        .create_backup_plan()
        .backup_plan(plan_input("p", vec![r]))
        .send()
        .await
        .unwrap()
        .backup_plan_id()
        .unwrap()
        .to_string();
    let plain = c
        .get_backup_plan()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap();
    assert!(plain.scheduled_runs_preview().is_empty());
    let rule_id = plain.backup_plan().unwrap().rules()[0]
        .rule_id()
        .unwrap()
        .to_string();
    let got = c
        .get_backup_plan()
        .backup_plan_id(&id)
        .max_scheduled_runs_preview(3)
        .send()
        .await
        .unwrap();
    let runs = got.scheduled_runs_preview();
    assert_eq!(runs.len(), 3);
    let times: Vec<i64> = runs
        .iter()
        .map(|r| r.execution_time().unwrap().secs())
        .collect();
    assert!(times.iter().all(|t| t % 86400 == 5 * 3600), "{times:?}");
    assert_eq!(times[1] - times[0], 86400);
    assert_eq!(times[2] - times[1], 86400);
    assert!(runs.iter().all(|r| r.rule_id() == Some(rule_id.as_str())));
    assert!(runs
        .iter()
        .all(|r| r.rule_execution_type().map(|t| t.as_str()) == Some("SNAPSHOTS")));
}
