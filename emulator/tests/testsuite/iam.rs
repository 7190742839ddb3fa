//! IAM enforcement through the real aws-sdk-backup client: policies
//! attached to an access key through the admin API decide every request
//! signed with it (allow, implicit deny, explicit deny wins, NotAction,
//! NotResource, wildcards, resource-scoped allows), with AWS's 403
//! AccessDeniedException and message; a denied request changes nothing
//! but is counted; keys without policies stay unrestricted; what cannot be
//! evaluated (Condition, Principal) is refused at attach time. The
//! dependent checks (PassRole, KMS) and assumed roles are in `iam_checks`.

use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_backup::Client;
use serde_json::{json, Value};
use testkit::admin::Admin;
use testkit::emulator::start;
use testkit::sdk::{client, client_for, raw};

/// The access key the tests restrict, and who it is.
pub(crate) const CI_KEY: &str = "AKIDCI";
pub(crate) const CI_ARN: &str = "arn:aws:iam::123456789012:user/ci";
pub(crate) const VAULTS: &str = "arn:aws:backup:us-east-1:123456789012:backup-vault:";

/// A policy document of `statements`.
pub(crate) fn policy(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// The restricted client (default account, us-east-1, no retries).
pub(crate) async fn ci(emu: &backup_emulator::RunningEmulator) -> Client {
    client_for(emu, CI_KEY, "us-east-1", false).await
}

/// Asserts an SDK error is a 403 AccessDeniedException; its message.
pub(crate) fn denied<E: ProvideErrorMetadata + std::fmt::Debug, R>(e: &SdkError<E, R>) -> String
where
    SdkError<E, R>: ProvideErrorMetadata,
    R: std::fmt::Debug,
{
    assert_eq!(e.code(), Some("AccessDeniedException"), "{e:?}");
    e.message().unwrap_or_default().to_string()
}

/// AWS's message for an implicit deny.
pub(crate) fn not_allowed(caller: &str, action: &str, resource: &str) -> String {
    format!("User: {caller} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action")
}

#[tokio::test]
async fn allow_implicit_deny_and_awss_answer() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    let out = admin
        .attach_identity_policies(
            CI_KEY,
            CI_ARN,
            vec![policy(json!([
                {"Sid": "List", "Effect": "Allow", "Action": "backup:ListBackupVaults", "Resource": "*"},
                {"Effect": "Allow", "Action": ["backup:CreateBackupVault", "backup:Describe*"],
                 "Resource": format!("{VAULTS}prod-*")}
            ]))],
        )
        .await;
    assert_eq!(
        out,
        json!({"access_key_id": CI_KEY, "arn": CI_ARN, "policies": 1})
    );
    let c = ci(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("prod-a")
        .send()
        .await
        .unwrap();
    c.describe_backup_vault()
        .backup_vault_name("prod-a")
        .send()
        .await
        .unwrap();
    assert_eq!(
        c.list_backup_vaults()
            .send()
            .await
            .unwrap()
            .backup_vault_list()
            .len(),
        1
    );
    // The same action on another vault: no statement allows it.
    let e = c
        .create_backup_vault()
        .backup_vault_name("dev-a")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.raw_response().map(|r| r.status().as_u16()), Some(403));
    assert_eq!(
        denied(&e),
        not_allowed(
            CI_ARN,
            "backup:CreateBackupVault",
            &format!("{VAULTS}dev-a")
        )
    );
    // An action no statement names.
    let e = c
        .delete_backup_vault()
        .backup_vault_name("prod-a")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        denied(&e),
        not_allowed(
            CI_ARN,
            "backup:DeleteBackupVault",
            &format!("{VAULTS}prod-a")
        )
    );
    let e = c.list_backup_plans().send().await.unwrap_err();
    assert_eq!(
        denied(&e),
        not_allowed(CI_ARN, "backup:ListBackupPlans", "*")
    );
    // The wire answer: header and exactly `__type` and `Message`.
    let auth = format!("AWS4-HMAC-SHA256 Credential={CI_KEY}/20240101/us-east-1/backup/aws4_request, SignedHeaders=host, Signature=x");
    let (status, headers, body) = raw(
        &emu,
        "GET",
        "/backup/plans/",
        &[("Authorization", auth.as_str())],
        "",
    )
    .await;
    assert_eq!(status, 403);
    assert!(
        headers.contains(&("x-amzn-errortype".into(), "AccessDeniedException".into())),
        "{headers:?}"
    );
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body,
        json!({"__type": "AccessDeniedException",
               "Message": not_allowed(CI_ARN, "backup:ListBackupPlans", "*")})
    );
    // Denied requests are counted like any other; none reached the state.
    let counters = admin.counters().await;
    assert_eq!(counters["CreateBackupVault"], 2);
    assert_eq!(counters["ListBackupPlans"], 2);
    let state = admin.state().await;
    let vaults = &state["accounts"]["123456789012"]["regions"]["us-east-1"]["vaults"];
    assert!(
        vaults["prod-a"].is_object() && vaults.get("dev-a").is_none(),
        "{vaults}"
    );
}

#[tokio::test]
async fn explicit_deny_wins_and_actions_ignore_case() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    for v in ["prod", "dev"] {
        client(&emu)
            .await
            .create_backup_vault()
            .backup_vault_name(v)
            .send()
            .await
            .unwrap();
    }
    admin
        .attach_identity_policies(
            CI_KEY,
            CI_ARN,
            vec![
                policy(json!({"Effect": "Allow", "Action": "*", "Resource": "*"})),
                policy(json!([{"Effect": "Deny", "Action": "BACKUP:delete*",
                               "Resource": "arn:aws:backup:*:*:backup-vault:pro?"}])),
            ],
        )
        .await;
    let c = ci(&emu).await;
    let e = c
        .delete_backup_vault()
        .backup_vault_name("prod")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        denied(&e),
        format!("User: {CI_ARN} is not authorized to perform: backup:DeleteBackupVault on resource: {VAULTS}prod with an explicit deny in an identity-based policy")
    );
    c.delete_backup_vault()
        .backup_vault_name("dev")
        .send()
        .await
        .unwrap();
    c.describe_backup_vault()
        .backup_vault_name("prod")
        .send()
        .await
        .unwrap();
    let names: Vec<String> = client(&emu)
        .await
        .list_backup_vaults()
        .send()
        .await
        .unwrap()
        .backup_vault_list()
        .iter()
        .filter_map(|v| v.backup_vault_name().map(str::to_string))
        .collect();
    assert_eq!(names, ["prod"]);
}

#[tokio::test]
async fn not_action_and_not_resource() {
    let emu = start().await;
    for v in ["keep-1", "other"] {
        client(&emu)
            .await
            .create_backup_vault()
            .backup_vault_name(v)
            .send()
            .await
            .unwrap();
    }
    Admin::new(&emu.endpoint())
        .attach_identity_policies(
            CI_KEY,
            CI_ARN,
            vec![policy(json!([
                {"Effect": "Allow", "NotAction": ["backup:Delete*", "backup:Put*"], "Resource": "*"},
                {"Effect": "Deny", "Action": "backup:DescribeBackupVault",
                 "NotResource": [format!("{VAULTS}keep-*")]}
            ]))],
        )
        .await;
    let c = ci(&emu).await;
    c.describe_backup_vault()
        .backup_vault_name("keep-1")
        .send()
        .await
        .unwrap();
    let e = c
        .describe_backup_vault()
        .backup_vault_name("other")
        .send()
        .await
        .unwrap_err();
    assert!(denied(&e).ends_with(&format!(
        "on resource: {VAULTS}other with an explicit deny in an identity-based policy"
    )));
    // NotAction leaves the named actions unallowed, not denied elsewhere.
    let e = c
        .delete_backup_vault()
        .backup_vault_name("keep-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        denied(&e),
        not_allowed(
            CI_ARN,
            "backup:DeleteBackupVault",
            &format!("{VAULTS}keep-1")
        )
    );
    // Allowed by NotAction: it reaches the operation (no policy set yet).
    let e = c
        .get_backup_vault_access_policy()
        .backup_vault_name("keep-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("ResourceNotFoundException"), "{e:?}");
    assert_eq!(
        c.list_backup_vaults()
            .send()
            .await
            .unwrap()
            .backup_vault_list()
            .len(),
        2
    );
}

#[tokio::test]
async fn unregistered_keys_stay_unrestricted_and_detach_frees_a_key() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    // No statement at all: everything is implicitly denied.
    admin.attach_identity_policies(CI_KEY, CI_ARN, vec![]).await;
    let e = ci(&emu)
        .await
        .list_backup_vaults()
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        denied(&e),
        not_allowed(CI_ARN, "backup:ListBackupVaults", "*")
    );
    client(&emu)
        .await
        .list_backup_vaults()
        .send()
        .await
        .unwrap();
    client_for(&emu, "111122223333", "eu-west-1", false)
        .await
        .list_backup_plans()
        .send()
        .await
        .unwrap();
    assert_eq!(
        admin.json("GET", "iam", Value::Null).await["identities"][CI_KEY]["arn"],
        CI_ARN
    );
    assert_eq!(
        admin.detach_identity(CI_KEY).await,
        json!({"access_key_id": CI_KEY, "removed": true})
    );
    ci(&emu).await.list_backup_vaults().send().await.unwrap();
    assert_eq!(admin.detach_identity(CI_KEY).await["removed"], false);
    // A reset clears attached policies like the rest of the state.
    admin.attach_identity_policies(CI_KEY, CI_ARN, vec![]).await;
    admin.ok("POST", "/__emulator/reset", "").await;
    ci(&emu).await.list_backup_vaults().send().await.unwrap();
}

#[tokio::test]
async fn what_cannot_be_evaluated_is_refused_at_attach() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    let ok = json!({"Effect": "Allow", "Action": "*", "Resource": "*"});
    let cases = [
        (
            json!([ok, {"Effect": "Allow", "Action": "*", "Resource": "*",
                     "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}]),
            "policies[0].Statement[1].Condition: ",
        ),
        (
            json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}),
            "policies[0].Statement.Principal: ",
        ),
        (
            json!({"Effect": "Allow", "Action": "ListTags", "Resource": "*"}),
            "policies[0].Statement: invalid action \"ListTags\"",
        ),
    ];
    for (statements, want) in cases {
        let r = admin
            .try_attach_identity_policies(CI_KEY, CI_ARN, vec![policy(statements)])
            .await;
        assert_eq!(r.status, 400, "{}", r.body);
        let err: Value = serde_json::from_str(&r.body).unwrap();
        assert!(err["error"].as_str().unwrap().starts_with(want), "{err}");
    }
    let r = admin
        .try_attach_identity_policies(CI_KEY, "ci", vec![])
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    // Nothing was attached: the key is still unrestricted.
    assert_eq!(
        admin.json("GET", "iam", Value::Null).await,
        json!({"identities": {}, "roles": {}})
    );
    ci(&emu).await.list_backup_vaults().send().await.unwrap();
}

#[tokio::test]
async fn denied_requests_leave_the_state_unchanged() {
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
        .backup_plan(testkit::sdk::plan_input(
            "p",
            vec![testkit::sdk::rule("r", "vault1")],
        ))
        .send()
        .await
        .unwrap();
    admin
        .attach_identity_policies(CI_KEY, CI_ARN, vec![policy(json!(
            {"Effect": "Allow", "Action": ["backup:Get*", "backup:List*", "backup:Describe*"], "Resource": "*"}))])
        .await;
    let before = admin.state().await;
    let c = ci(&emu).await;
    let vault_arn = format!("{VAULTS}vault1");
    denied(
        &c.delete_backup_vault()
            .backup_vault_name("vault1")
            .send()
            .await
            .unwrap_err(),
    );
    denied(
        &c.tag_resource()
            .resource_arn(&vault_arn)
            .tags("k", "v")
            .send()
            .await
            .unwrap_err(),
    );
    denied(
        &c.put_backup_vault_access_policy()
            .backup_vault_name("vault1")
            .policy("{}")
            .send()
            .await
            .unwrap_err(),
    );
    denied(
        &c.delete_backup_plan()
            .backup_plan_id(plan.backup_plan_id().unwrap())
            .send()
            .await
            .unwrap_err(),
    );
    denied(
        &c.create_backup_plan()
            .backup_plan(testkit::sdk::plan_input(
                "p2",
                vec![testkit::sdk::rule("r", "vault1")],
            ))
            .send()
            .await
            .unwrap_err(),
    );
    denied(
        &c.update_global_settings()
            .global_settings("isCrossAccountBackupEnabled", "true")
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(admin.state().await, before);
    // Reads the policy allows still work, tags included.
    let tags = c.list_tags().resource_arn(&vault_arn).send().await.unwrap();
    assert!(tags.tags().is_none_or(|t| t.is_empty()));
}
