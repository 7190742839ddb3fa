//! The admin API's STS role rules through the real SDK: a denied role and
//! a missing or wrong ExternalId answer AccessDenied with AWS's message
//! shape (also through aws-config's `AssumeRoleProvider`), and the rules
//! live in the emulator state (dump, seed, reset).

use aws_sdk_sts::config::ProvideCredentials;
use aws_sdk_sts::error::ProvideErrorMetadata;
use serde_json::json;
use testkit::admin::Admin;
use testkit::emulator::start;

use crate::sts::{
    assume_role_provider, backup_with, oidc_token, sdk_config, sts, FAR_FUTURE, ROLE,
};
use aws_config::sts::AssumeRoleProvider;

#[tokio::test]
async fn a_denied_role_is_access_denied_with_awss_message() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    let rule = admin.deny_role(ROLE).await;
    assert_eq!(
        rule,
        json!({"role_arn": ROLE, "denied": true, "external_id": null})
    );
    let e = sts(&emu, "111122223333")
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("s1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("AccessDenied"));
    assert_eq!(
        e.message(),
        Some("User: arn:aws:iam::111122223333:user/emulator is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/org/backupctl")
    );
    assert_eq!(e.raw_response().map(|r| r.status().as_u16()), Some(403));
    // Through the provider, the backup call fails with the same denial.
    let provider = assume_role_provider(&emu, "s1").await;
    let err = provider.provide_credentials().await.unwrap_err();
    assert!(format!("{err:?}").contains("AccessDenied"), "{err:?}");
    // Web identity is denied too, with AWS's wording for it.
    let e = sts(&emu, "AKIDEXAMPLE")
        .assume_role_with_web_identity()
        .role_arn(ROLE)
        .role_session_name("ci")
        .web_identity_token(oidc_token(FAR_FUTURE))
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("AccessDenied"));
    assert_eq!(
        e.message(),
        Some("Not authorized to perform sts:AssumeRoleWithWebIdentity")
    );
    // Allowed again, it can be assumed.
    admin.allow_role(ROLE).await;
    assert!(provider.provide_credentials().await.is_ok());
}

#[tokio::test]
async fn an_external_id_requirement_is_enforced() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    admin.require_external_id(ROLE, "tenant-42").await;
    let c = sts(&emu, "AKIDEXAMPLE");
    for given in [None, Some("tenant-41")] {
        let e = c
            .assume_role()
            .role_arn(ROLE)
            .role_session_name("s1")
            .set_external_id(given.map(str::to_string))
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some("AccessDenied"), "{given:?}");
        assert!(e
            .message()
            .unwrap()
            .ends_with(&format!("on resource: {ROLE}")));
    }
    let provider = AssumeRoleProvider::builder(ROLE)
        .session_name("s1")
        .external_id("tenant-42")
        .configure(&sdk_config(&emu).await)
        .build()
        .await;
    let org = backup_with(&emu, provider).await;
    let out = org
        .create_backup_vault()
        .backup_vault_name("tenant-vault")
        .send()
        .await
        .unwrap();
    assert!(out.backup_vault_arn().unwrap().contains(":222222222222:"));
}

#[tokio::test]
async fn role_rules_live_in_the_state_and_reset_clears_them() {
    let emu = start().await;
    let admin = Admin::new(&emu.endpoint());
    admin.deny_role(ROLE).await;
    admin
        .require_external_id("arn:aws:iam::333333333333:role/b", "ext-1")
        .await;
    let state = admin.state().await;
    assert_eq!(state["role_trust"][ROLE]["denied"], true);
    assert_eq!(
        state["role_trust"]["arn:aws:iam::333333333333:role/b"]["external_id"],
        "ext-1"
    );
    admin.ok("POST", "/__emulator/reset", "").await;
    assert!(admin.state().await.get("role_trust").is_none());
    let assume = || {
        sts(&emu, "AKIDEXAMPLE")
            .assume_role()
            .role_arn(ROLE)
            .role_session_name("s1")
    };
    assert!(assume().send().await.is_ok());
    admin
        .ok("PUT", "/__emulator/state", &state.to_string())
        .await;
    assert_eq!(
        assume().send().await.unwrap_err().code(),
        Some("AccessDenied")
    );
    // Malformed admin bodies are refused, nothing stored.
    let r = admin
        .call(
            "POST",
            "/__emulator/sts/deny-role",
            r#"{"role_arn":"arn:aws:iam::1:role/x"}"#,
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let r = admin
        .call(
            "POST",
            "/__emulator/sts/require-external-id",
            &json!({"role_arn": ROLE, "external_id": "bad id"}).to_string(),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let ops: Vec<String> = serde_json::from_value(
        admin
            .json("GET", "sts/operations", serde_json::Value::Null)
            .await,
    )
    .unwrap();
    assert_eq!(
        ops,
        [
            "GetCallerIdentity",
            "AssumeRole",
            "AssumeRoleWithWebIdentity"
        ]
    );
}
