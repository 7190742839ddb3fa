//! IAM enforcement's dependent checks and assumed roles, through the real
//! SDKs: `iam:PassRole` on the role a selection hands to AWS Backup; KMS
//! and `backup-storage:MountCapsule` for a vault with a customer managed
//! key but not for the AWS managed one; sessions of a role with policies
//! evaluated as `assumed-role/NAME/SESSION`; `sts:AssumeRole` required of
//! an evaluated caller; GetCallerIdentity always allowed; the table
//! (`GET /__emulator/iam/table`) covers every operation.

use aws_sdk_backup::types::BackupSelection;
use aws_sdk_sts::config::ProvideCredentials;
use aws_sdk_sts::error::ProvideErrorMetadata;
use serde_json::{json, Value};
use testkit::admin::Admin;
use testkit::emulator::start;
use testkit::sdk::{client, plan_input, rule};

use crate::iam::{ci, denied, not_allowed, policy, CI_ARN, CI_KEY, VAULTS};
use crate::sts::{assume_role_provider, backup_with, sts, ROLE};

const SERVICE_ROLE: &str =
    "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole";
const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

#[tokio::test]
async fn selections_need_pass_role_on_their_role() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    let owner = client(&emu).await;
    owner
        .create_backup_vault()
        .backup_vault_name("vault1")
        .send()
        .await
        .unwrap();
    let plan = owner
        .create_backup_plan()
        .backup_plan(plan_input("p", vec![rule("r", "vault1")]))
        .send()
        .await
        .unwrap();
    let plan_id = plan.backup_plan_id().unwrap();
    let plan_arn = plan.backup_plan_arn().unwrap();
    let create = |p: &str| {
        BackupSelection::builder()
            .selection_name("s")
            .iam_role_arn(p)
            .resources("arn:aws:ec2:us-east-1:123456789012:volume/*")
            .build()
            .unwrap()
    };
    let backup_only =
        json!({"Effect": "Allow", "Action": "backup:CreateBackupSelection", "Resource": plan_arn});
    admin
        .attach_identity_policies(CI_KEY, CI_ARN, vec![policy(json!([backup_only]))])
        .await;
    let c = ci(&emu).await;
    let e = c
        .create_backup_selection()
        .backup_plan_id(plan_id)
        .backup_selection(create(SERVICE_ROLE))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        denied(&e),
        not_allowed(CI_ARN, "iam:PassRole", SERVICE_ROLE)
    );
    let listed = owner
        .list_backup_selections()
        .backup_plan_id(plan_id)
        .send()
        .await
        .unwrap();
    assert!(listed.backup_selections_list().is_empty());
    // PassRole on that role only.
    let pass = json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": SERVICE_ROLE});
    admin
        .attach_identity_policies(CI_KEY, CI_ARN, vec![policy(json!([backup_only, pass]))])
        .await;
    let other = "arn:aws:iam::123456789012:role/other";
    let e = c
        .create_backup_selection()
        .backup_plan_id(plan_id)
        .backup_selection(create(other))
        .send()
        .await
        .unwrap_err();
    assert_eq!(denied(&e), not_allowed(CI_ARN, "iam:PassRole", other));
    c.create_backup_selection()
        .backup_plan_id(plan_id)
        .backup_selection(create(SERVICE_ROLE))
        .send()
        .await
        .unwrap();
    // The plan is the resource of the selection's own action.
    let e = c
        .list_backup_selections()
        .backup_plan_id(plan_id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        denied(&e),
        not_allowed(CI_ARN, "backup:ListBackupSelections", plan_arn)
    );
}

#[tokio::test]
async fn a_customer_key_needs_kms_and_mount_capsule_the_default_key_does_not() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    let create = json!({"Effect": "Allow",
        "Action": ["backup:CreateBackupVault", "backup:CreateLogicallyAirGappedBackupVault"],
        "Resource": format!("{VAULTS}*")});
    admin
        .attach_identity_policies(CI_KEY, CI_ARN, vec![policy(json!([create]))])
        .await;
    let c = ci(&emu).await;
    // AWS managed key: no KMS permission asked for.
    c.create_backup_vault()
        .backup_vault_name("plain")
        .send()
        .await
        .unwrap();
    c.create_backup_vault()
        .backup_vault_name("managed")
        .encryption_key_arn("alias/aws/backup")
        .send()
        .await
        .unwrap();
    let e = c
        .create_backup_vault()
        .backup_vault_name("mine")
        .encryption_key_arn(KEY)
        .send()
        .await
        .unwrap_err();
    assert_eq!(denied(&e), not_allowed(CI_ARN, "kms:CreateGrant", KEY));
    let kms = json!({"Effect": "Allow", "Resource": KEY, "Action":
        ["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant", "kms:Decrypt", "kms:GenerateDataKey"]});
    let without_decrypt = json!({"Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*"});
    admin
        .attach_identity_policies(
            CI_KEY,
            CI_ARN,
            vec![policy(json!([create, kms, without_decrypt]))],
        )
        .await;
    let e = c
        .create_backup_vault()
        .backup_vault_name("mine")
        .encryption_key_arn(KEY)
        .send()
        .await
        .unwrap_err();
    assert!(denied(&e).starts_with(&format!("User: {CI_ARN} is not authorized to perform: kms:Decrypt on resource: {KEY} with an explicit deny")));
    admin
        .attach_identity_policies(CI_KEY, CI_ARN, vec![policy(json!([create, kms]))])
        .await;
    let e = c
        .create_backup_vault()
        .backup_vault_name("mine")
        .encryption_key_arn(KEY)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        denied(&e),
        not_allowed(CI_ARN, "backup-storage:MountCapsule", "*")
    );
    let e = c
        .create_logically_air_gapped_backup_vault()
        .backup_vault_name("lag")
        .min_retention_days(7)
        .max_retention_days(30)
        .encryption_key_arn(KEY)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        denied(&e),
        not_allowed(CI_ARN, "backup-storage:MountCapsule", "*")
    );
    let mount =
        json!({"Effect": "Allow", "Action": "backup-storage:MountCapsule", "Resource": "*"});
    admin
        .attach_identity_policies(CI_KEY, CI_ARN, vec![policy(json!([create, kms, mount]))])
        .await;
    let out = c
        .create_backup_vault()
        .backup_vault_name("mine")
        .encryption_key_arn(KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.backup_vault_arn(),
        Some(format!("{VAULTS}mine").as_str())
    );
    c.create_logically_air_gapped_backup_vault()
        .backup_vault_name("lag")
        .min_retention_days(7)
        .max_retention_days(30)
        .encryption_key_arn(KEY)
        .send()
        .await
        .unwrap();
    // An alias of a customer key is checked on the key it names.
    admin
        .json(
            "POST",
            "kms-aliases",
            json!({"alias": "alias/other",
        "key_id": "0000abcd-12ab-34cd-56ef-1234567890ab"}),
        )
        .await;
    let e = c
        .create_backup_vault()
        .backup_vault_name("aliased")
        .encryption_key_arn("alias/other")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        denied(&e),
        not_allowed(
            CI_ARN,
            "kms:CreateGrant",
            "arn:aws:kms:us-east-1:123456789012:key/0000abcd-12ab-34cd-56ef-1234567890ab"
        )
    );
}

#[tokio::test]
async fn assumed_roles_are_evaluated_with_the_roles_policies() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    admin
        .attach_role_policies(
            ROLE,
            vec![policy(json!(
        {"Effect": "Allow", "Action": "backup:ListBackupVaults", "Resource": "*"}))],
        )
        .await;
    let org = backup_with(&emu, assume_role_provider(&emu, "plan-1").await).await;
    org.list_backup_vaults().send().await.unwrap();
    let e = org
        .create_backup_vault()
        .backup_vault_name("xv")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        denied(&e),
        not_allowed(
            "arn:aws:sts::222222222222:assumed-role/backupctl/plan-1",
            "backup:CreateBackupVault",
            "arn:aws:backup:us-east-1:222222222222:backup-vault:xv"
        )
    );
    // The base key is not evaluated: only the role's sessions are.
    client(&emu)
        .await
        .create_backup_vault()
        .backup_vault_name("xv")
        .send()
        .await
        .unwrap();
    admin.detach_role(ROLE).await;
    org.create_backup_vault()
        .backup_vault_name("xv")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn an_evaluated_caller_needs_assume_role_on_the_role() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    admin.attach_identity_policies(CI_KEY, CI_ARN, vec![]).await;
    let s = sts(&emu, CI_KEY);
    // GetCallerIdentity needs no permission.
    let id = s.get_caller_identity().send().await.unwrap();
    assert_eq!(id.account(), Some("123456789012"));
    assert_eq!(id.arn(), Some(CI_ARN));
    let e = s
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("s1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("AccessDenied"));
    assert_eq!(e.raw_response().map(|r| r.status().as_u16()), Some(403));
    assert_eq!(
        e.message(),
        Some(not_allowed(CI_ARN, "sts:AssumeRole", ROLE).as_str())
    );
    admin
        .attach_identity_policies(
            CI_KEY,
            CI_ARN,
            vec![policy(json!(
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/org/*"}))],
        )
        .await;
    let out = s
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("s1")
        .send()
        .await
        .unwrap();
    assert!(out.credentials().is_some());
    // Other keys assume it freely, as before.
    let provider = assume_role_provider(&emu, "s2").await;
    assert!(provider.provide_credentials().await.is_ok());
    assert_eq!(admin.counters().await["AssumeRole"], 3);
}

#[tokio::test]
async fn the_table_has_a_row_for_every_operation() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    let table = admin.iam_table().await;
    let rows: Vec<(String, String)> = table
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["service"].as_str().unwrap().into(),
                r["operation"].as_str().unwrap().into(),
            )
        })
        .collect();
    for (service, path) in [("backup", "operations"), ("sts", "sts/operations")] {
        for op in admin
            .json("GET", path, Value::Null)
            .await
            .as_array()
            .unwrap()
        {
            assert!(
                rows.contains(&(service.into(), op.as_str().unwrap().into())),
                "{service} {op}"
            );
        }
    }
    let create = table
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["operation"] == "CreateBackupVault")
        .unwrap();
    let actions: Vec<&str> = create["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "backup:CreateBackupVault",
            "kms:CreateGrant",
            "kms:DescribeKey",
            "kms:RetireGrant",
            "kms:Decrypt",
            "kms:GenerateDataKey",
            "backup-storage:MountCapsule"
        ]
    );
}
