//! Tiering configurations through the real aws-sdk-backup client: the
//! lifecycle (create with tags, get with the defaults filled, update in
//! place, list with pages, delete), CreatorRequestId idempotency, the
//! model's checks and the one-configuration-per-vault rule, and tags on the
//! configuration's ARN.

use aws_sdk_backup::types::{
    ResourceSelection, TieringConfigurationInputForCreate, TieringConfigurationInputForUpdate,
};
use aws_sdk_backup::Client;
use testkit::emulator::start;
use testkit::sdk::*;

fn sel(resources: &[&str], days: i32, ty: &str) -> ResourceSelection {
    let mut b = ResourceSelection::builder()
        .resource_type(ty)
        .tiering_down_settings_in_days(days);
    for r in resources {
        b = b.resources(*r);
    }
    b.build().unwrap()
}

fn input(name: &str, vault: &str, s: Vec<ResourceSelection>) -> TieringConfigurationInputForCreate {
    TieringConfigurationInputForCreate::builder()
        .tiering_configuration_name(name)
        .backup_vault_name(vault)
        .set_resource_selection(Some(s))
        .build()
        .unwrap()
}

async fn vault(c: &Client, name: &str) {
    c.create_backup_vault()
        .backup_vault_name(name)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn lifecycle_defaults_update_and_delete() {
    let emu = start().await;
    let c = client(&emu).await;
    vault(&c, "v1").await;
    vault(&c, "v2").await;
    let out = c
        .create_tiering_configuration()
        .tiering_configuration(input("t_one", "v1", vec![sel(&["*"], 60, "S3")]))
        .tiering_configuration_tags("team", "a")
        .creator_request_id("req-1")
        .send()
        .await
        .unwrap();
    let arn = out.tiering_configuration_arn().unwrap().to_string();
    assert!(
        arn.starts_with("arn:aws:backup:us-east-1:123456789012:tiering-configuration:t_one-"),
        "{arn}"
    );
    assert_eq!(out.tiering_configuration_name(), Some("t_one"));
    let created = out.creation_time().unwrap().as_secs_f64();

    let got = c
        .get_tiering_configuration()
        .tiering_configuration_name("t_one")
        .send()
        .await
        .unwrap();
    let t = got.tiering_configuration().unwrap();
    assert_eq!(t.backup_vault_name(), "v1");
    assert_eq!(t.tiering_configuration_arn(), Some(arn.as_str()));
    assert_eq!(t.creator_request_id(), Some("req-1"));
    assert_eq!(t.creation_time().unwrap().as_secs_f64(), created);
    assert_eq!(t.last_updated_time().unwrap().as_secs_f64(), created);
    let s = &t.resource_selection()[0];
    assert_eq!(
        (
            s.resource_type(),
            s.resources(),
            s.tiering_down_settings_in_days()
        ),
        ("S3", &["*".to_string()][..], 60)
    );

    // Update in place: vault and selections change, the ARN stays.
    let upd = c
        .update_tiering_configuration()
        .tiering_configuration_name("t_one")
        .tiering_configuration(
            TieringConfigurationInputForUpdate::builder()
                .backup_vault_name("v2")
                .resource_selection(sel(&["arn:aws:s3:::bucket-a"], 90, "S3"))
                .resource_selection(sel(&["arn:aws:s3:::bucket-b"], 365, "S3"))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(upd.tiering_configuration_arn(), Some(arn.as_str()));
    assert!(upd.last_updated_time().unwrap().as_secs_f64() >= created);
    let t = c
        .get_tiering_configuration()
        .tiering_configuration_name("t_one")
        .send()
        .await
        .unwrap()
        .tiering_configuration
        .unwrap();
    assert_eq!(t.backup_vault_name(), "v2");
    assert_eq!(t.resource_selection().len(), 2);
    assert_eq!(
        t.resource_selection()[1].tiering_down_settings_in_days(),
        365
    );

    // Tags live on the configuration's ARN.
    c.tag_resource()
        .resource_arn(&arn)
        .tags("env", "prod")
        .send()
        .await
        .unwrap();
    c.untag_resource()
        .resource_arn(&arn)
        .tag_key_list("team")
        .send()
        .await
        .unwrap();
    let tags = c.list_tags().resource_arn(&arn).send().await.unwrap();
    assert_eq!(
        tags.tags().unwrap().iter().collect::<Vec<_>>(),
        [(&"env".to_string(), &"prod".to_string())]
    );

    c.delete_tiering_configuration()
        .tiering_configuration_name("t_one")
        .send()
        .await
        .unwrap();
    for e in [
        code(
            &c.get_tiering_configuration()
                .tiering_configuration_name("t_one")
                .send()
                .await
                .unwrap_err(),
        ),
        code(
            &c.delete_tiering_configuration()
                .tiering_configuration_name("t_one")
                .send()
                .await
                .unwrap_err(),
        ),
        code(&c.list_tags().resource_arn(&arn).send().await.unwrap_err()),
    ] {
        assert_eq!(e, "ResourceNotFoundException");
    }
}

#[tokio::test]
async fn creator_request_id_and_uniqueness() {
    let emu = start().await;
    let c = client(&emu).await;
    vault(&c, "v1").await;
    let create = |name: &str, vault: &str, crid: &str| {
        c.create_tiering_configuration()
            .tiering_configuration(input(name, vault, vec![sel(&["*"], 60, "S3")]))
            .creator_request_id(crid)
            .send()
    };
    let first = create("a", "v1", "r1").await.unwrap();
    // A retry with the same token and content answers the same configuration.
    let again = create("a", "v1", "r1").await.unwrap();
    assert_eq!(
        again.tiering_configuration_arn(),
        first.tiering_configuration_arn()
    );
    assert_eq!(again.creation_time(), first.creation_time());
    // The same token with other content, or the same name: AlreadyExists.
    let e = create("b", "v1", "r1").await.unwrap_err();
    assert_eq!(code(&e), "AlreadyExistsException");
    let e = create("a", "*", "r2").await.unwrap_err();
    assert_eq!(code(&e), "AlreadyExistsException");
    // One configuration per vault; `*` has its own one.
    let e = create("b", "v1", "r3").await.unwrap_err();
    assert_eq!(code(&e), "AlreadyExistsException");
    assert!(format!("{e:?}").contains("already applies to backup vault v1"));
    create("all", "*", "r4").await.unwrap();
    let e = create("all2", "*", "r5").await.unwrap_err();
    assert_eq!(code(&e), "AlreadyExistsException");
    // An update may not move onto a vault that has one either.
    let e = c
        .update_tiering_configuration()
        .tiering_configuration_name("all")
        .tiering_configuration(
            TieringConfigurationInputForUpdate::builder()
                .backup_vault_name("v1")
                .resource_selection(sel(&["*"], 60, "S3"))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "AlreadyExistsException");
    let e = c
        .update_tiering_configuration()
        .tiering_configuration_name("nope")
        .tiering_configuration(
            TieringConfigurationInputForUpdate::builder()
                .backup_vault_name("v1")
                .resource_selection(sel(&["*"], 60, "S3"))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
}

#[tokio::test]
async fn validation_follows_the_model() {
    let emu = start().await;
    let c = client(&emu).await;
    vault(&c, "v1").await;
    let arns: Vec<String> = (0..101).map(|i| format!("arn:aws:s3:::b{i}")).collect();
    let many: Vec<&str> = arns.iter().map(String::as_str).collect();
    let cases: Vec<(&str, &str, Vec<ResourceSelection>, &str)> = vec![
        (
            "bad-name",
            "v1",
            vec![sel(&["*"], 60, "S3")],
            "tiering configuration name",
        ),
        (
            "ok",
            "v.1",
            vec![sel(&["*"], 60, "S3")],
            "backup vault name",
        ),
        ("ok", "missing", vec![sel(&["*"], 60, "S3")], "not found"),
        (
            "ok",
            "v1",
            vec![sel(&["*"], 59, "S3")],
            "between 60 and 36500",
        ),
        (
            "ok",
            "v1",
            vec![sel(&["*"], 36501, "S3")],
            "between 60 and 36500",
        ),
        (
            "ok",
            "v1",
            vec![sel(&["*"], 60, "EBS")],
            "not supported for tiering",
        ),
        (
            "ok",
            "v1",
            vec![sel(&["*"], 60, "S 3")],
            "Invalid resource type",
        ),
        (
            "ok",
            "v1",
            vec![sel(&["bucket"], 60, "S3")],
            "Invalid resource ARN",
        ),
        (
            "ok",
            "v1",
            vec![sel(&["*", "arn:aws:s3:::b"], 60, "S3")],
            "wildcard",
        ),
        ("ok", "v1", vec![], "1 to 5"),
        (
            "ok",
            "v1",
            (0..6).map(|i| sel(&[&arns[i]], 60, "S3")).collect(),
            "1 to 5",
        ),
        ("ok", "v1", vec![sel(&many, 60, "S3")], "at most 100"),
        (
            "ok",
            "v1",
            vec![
                sel(&["arn:aws:s3:::b"], 60, "S3"),
                sel(&["arn:aws:s3:::b"], 90, "S3"),
            ],
            "more than one resource selection",
        ),
    ];
    for (name, vault, s, msg) in cases {
        let e = c
            .create_tiering_configuration()
            .tiering_configuration(input(name, vault, s))
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&e), "InvalidParameterValueException", "{msg}");
        assert!(format!("{e:?}").contains(msg), "{msg}: {e:?}");
    }
    let e = c
        .get_tiering_configuration()
        .tiering_configuration_name("a-b")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    assert!(c
        .list_tiering_configurations()
        .send()
        .await
        .unwrap()
        .tiering_configurations()
        .is_empty());
}

#[tokio::test]
async fn list_pages() {
    let emu = start().await;
    let c = client(&emu).await;
    for i in 0..5 {
        let v = format!("vault{i}");
        vault(&c, &v).await;
        c.create_tiering_configuration()
            .tiering_configuration(input(&format!("t{i}"), &v, vec![sel(&["*"], 60, "S3")]))
            .send()
            .await
            .unwrap();
    }
    let first = c
        .list_tiering_configurations()
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first.tiering_configurations().len(), 2);
    assert!(first.next_token().is_some());
    let mut names = Vec::new();
    let mut pages = c
        .list_tiering_configurations()
        .max_results(2)
        .into_paginator()
        .send();
    let mut n = 0;
    while let Some(p) = pages.next().await {
        let p = p.unwrap();
        n += 1;
        for t in p.tiering_configurations() {
            assert!(t.tiering_configuration_arn().is_some());
            assert!(t.creation_time().is_some() && t.last_updated_time().is_some());
            names.push(format!(
                "{}@{}",
                t.tiering_configuration_name().unwrap(),
                t.backup_vault_name().unwrap()
            ));
        }
    }
    assert_eq!(n, 3);
    assert_eq!(
        names,
        [
            "t0@vault0",
            "t1@vault1",
            "t2@vault2",
            "t3@vault3",
            "t4@vault4"
        ]
    );
    let e = c
        .list_tiering_configurations()
        .max_results(1001)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
}
