//! STS for organization scale (issue 14): the real aws-sdk-sts client and
//! aws-config's `AssumeRoleProvider` against the emulator. Assumed
//! credentials act in the role's account for Backup and STS;
//! AssumeRoleWithWebIdentity works unsigned; bad inputs are
//! ValidationError. The admin API's role rules are in `sts_rules`, which
//! shares this module's helpers.

use aws_config::sts::AssumeRoleProvider;
use aws_config::BehaviorVersion;
use aws_sdk_sts::config::retry::RetryConfig;
use aws_sdk_sts::config::{Credentials, ProvideCredentials, Region, SharedCredentialsProvider};
use aws_sdk_sts::error::ProvideErrorMetadata;
use backup_emulator::RunningEmulator;
use serde_json::json;
use testkit::admin::Admin;
use testkit::emulator::start;
use testkit::sdk::{client, client_for, raw};

pub(crate) const ROLE: &str = "arn:aws:iam::222222222222:role/org/backupctl";
pub(crate) const OTHER: &str = "222222222222";

/// An STS client of the emulator with static base credentials `akid`.
pub(crate) fn sts(emu: &RunningEmulator, akid: &str) -> aws_sdk_sts::Client {
    let conf = aws_sdk_sts::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(akid, "secret", None, None, "test"))
        .endpoint_url(emu.endpoint())
        .retry_config(RetryConfig::disabled())
        .build();
    aws_sdk_sts::Client::from_conf(conf)
}

/// The shared config a program would load: the emulator as endpoint,
/// static base credentials of the default account.
pub(crate) async fn sdk_config(emu: &RunningEmulator) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(emu.endpoint())
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "test",
        ))
        .retry_config(RetryConfig::disabled())
        .load()
        .await
}

pub(crate) async fn assume_role_provider(
    emu: &RunningEmulator,
    session: &str,
) -> AssumeRoleProvider {
    AssumeRoleProvider::builder(ROLE)
        .session_name(session)
        .configure(&sdk_config(emu).await)
        .build()
        .await
}

/// A Backup client whose credentials come from `provider`.
pub(crate) async fn backup_with(
    emu: &RunningEmulator,
    provider: impl ProvideCredentials + 'static,
) -> aws_sdk_backup::Client {
    let conf = aws_sdk_backup::config::Builder::from(&sdk_config(emu).await)
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .build();
    aws_sdk_backup::Client::from_conf(conf)
}

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// A GitHub-Actions-like OIDC token (unsigned: the emulator does not verify).
pub(crate) fn oidc_token(exp: u64) -> String {
    let claims = json!({
        "iss": "https://token.actions.githubusercontent.com",
        "sub": "repo:example/backups:ref:refs/heads/main",
        "aud": "sts.amazonaws.com",
        "exp": exp,
    });
    format!(
        "{}.{}.c2lnbmF0dXJl",
        b64url(br#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#),
        b64url(claims.to_string().as_bytes())
    )
}

pub(crate) const FAR_FUTURE: u64 = 4_102_444_800; // 2100-01-01

#[tokio::test]
async fn assumed_credentials_create_vaults_in_the_roles_account() {
    let emu = start().await;
    let provider = assume_role_provider(&emu, "apply-1").await;
    let org = backup_with(&emu, provider).await;
    let out = org
        .create_backup_vault()
        .backup_vault_name("org-vault")
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.backup_vault_arn(),
        Some("arn:aws:backup:us-east-1:222222222222:backup-vault:org-vault")
    );
    // The role's account sees it; the account the base credentials belong to does not.
    let listed = org.list_backup_vaults().send().await.unwrap();
    assert_eq!(listed.backup_vault_list().len(), 1);
    let default = client(&emu).await;
    assert!(default
        .list_backup_vaults()
        .send()
        .await
        .unwrap()
        .backup_vault_list()
        .is_empty());
    let by_account = client_for(&emu, OTHER, "us-east-1", false).await;
    let d = by_account
        .describe_backup_vault()
        .backup_vault_name("org-vault")
        .send()
        .await
        .unwrap();
    assert_eq!(d.backup_vault_name(), Some("org-vault"));
    let state = Admin::new(&emu.endpoint()).state().await;
    assert!(state["accounts"][OTHER]["regions"]["us-east-1"]["vaults"]["org-vault"].is_object());
    assert!(
        state["accounts"]["123456789012"]["regions"]["us-east-1"]["vaults"]
            .get("org-vault")
            .is_none()
    );
    let counters = Admin::new(&emu.endpoint()).counters().await;
    assert!(
        counters.get("AssumeRole").copied().unwrap_or(0) >= 1,
        "{counters:?}"
    );
}

#[tokio::test]
async fn caller_identity_of_an_assumed_role() {
    let emu = start().await;
    let provider = assume_role_provider(&emu, "plan-7").await;
    let conf = aws_sdk_sts::config::Builder::from(&sdk_config(&emu).await)
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .build();
    let id = aws_sdk_sts::Client::from_conf(conf)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(
        id.arn(),
        Some("arn:aws:sts::222222222222:assumed-role/backupctl/plan-7")
    );
    assert_eq!(id.account(), Some(OTHER));
    let user_id = id.user_id().unwrap();
    assert!(
        user_id.starts_with("AROA") && user_id.ends_with(":plan-7"),
        "{user_id}"
    );
    // The base credentials stay the emulator's user in the default account.
    let base = sts(&emu, "AKIDEXAMPLE")
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(base.arn(), Some("arn:aws:iam::123456789012:user/emulator"));
    assert_eq!(base.account(), Some("123456789012"));
}

#[tokio::test]
// PackedPolicySize is deprecated in the SDK but still a member of the
// model's AssumeRoleResponse, which the emulator answers.
#[allow(deprecated)]
async fn assume_role_answers_credentials_and_the_assumed_role_user() {
    let emu = start().await;
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let out = sts(&emu, "AKIDEXAMPLE")
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("s-1")
        .duration_seconds(900)
        .send()
        .await
        .unwrap();
    let c = out.credentials().unwrap();
    assert_eq!(c.access_key_id().len(), 20);
    assert!(
        c.access_key_id().starts_with("ASIA222222222222"),
        "{}",
        c.access_key_id()
    );
    assert_eq!(c.secret_access_key().len(), 40);
    assert!(!c.session_token().is_empty());
    let expires = c.expiration().secs();
    assert!(
        (before + 899..=before + 905).contains(&expires),
        "{expires} vs {before}"
    );
    let user = out.assumed_role_user().unwrap();
    assert_eq!(
        user.arn(),
        "arn:aws:sts::222222222222:assumed-role/backupctl/s-1"
    );
    assert!(user.assumed_role_id().ends_with(":s-1"));
    assert_eq!(out.packed_policy_size(), None);
    // The same role keeps its id across sessions; a session policy is sized.
    let again = sts(&emu, "AKIDEXAMPLE")
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("s-2")
        .policy(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .send()
        .await
        .unwrap();
    let role_id = |s: &str| s.split(':').next().unwrap().to_string();
    assert_eq!(
        role_id(again.assumed_role_user().unwrap().assumed_role_id()),
        role_id(user.assumed_role_id())
    );
    assert!(again
        .packed_policy_size()
        .is_some_and(|n| (1..=100).contains(&n)));
}

#[tokio::test]
async fn web_identity_works_unsigned() {
    let emu = start().await;
    // A raw request without any Authorization header, as AWS allows.
    let body = format!(
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn={}&RoleSessionName=ci-run&WebIdentityToken={}",
        ROLE.replace(':', "%3A").replace('/', "%2F"),
        oidc_token(FAR_FUTURE)
    );
    let (status, headers, xml) = raw(
        &emu,
        "POST",
        "/",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &body,
    )
    .await;
    assert_eq!(status, 200, "{xml}");
    assert!(headers
        .iter()
        .any(|(k, v)| k == "content-type" && v == "text/xml"));
    for part in [
        "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIA222222222222",
        "<SubjectFromWebIdentityToken>repo:example/backups:ref:refs/heads/main</SubjectFromWebIdentityToken>",
        "<Arn>arn:aws:sts::222222222222:assumed-role/backupctl/ci-run</Arn>",
        "<Provider>https://token.actions.githubusercontent.com</Provider>",
        "<Audience>sts.amazonaws.com</Audience>",
    ] {
        assert!(xml.contains(part), "{part} not in {xml}");
    }
    // The SDK sends it unsigned (no credentials configured at all).
    let conf = aws_sdk_sts::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(emu.endpoint())
        .retry_config(RetryConfig::disabled())
        .build();
    let out = aws_sdk_sts::Client::from_conf(conf)
        .assume_role_with_web_identity()
        .role_arn(ROLE)
        .role_session_name("ci-run")
        .web_identity_token(oidc_token(FAR_FUTURE))
        .send()
        .await
        .unwrap();
    let c = out.credentials().unwrap();
    let creds = Credentials::new(
        c.access_key_id(),
        c.secret_access_key(),
        Some(c.session_token().to_string()),
        None,
        "web-identity",
    );
    let org = backup_with(&emu, creds).await;
    org.create_backup_vault()
        .backup_vault_name("ci-vault")
        .send()
        .await
        .unwrap();
    let listed = client_for(&emu, OTHER, "us-east-1", false)
        .await
        .list_backup_vaults()
        .send()
        .await
        .unwrap();
    assert_eq!(
        listed.backup_vault_list()[0].backup_vault_name(),
        Some("ci-vault")
    );
    // An expired token is refused.
    let e = sts(&emu, "AKIDEXAMPLE")
        .assume_role_with_web_identity()
        .role_arn(ROLE)
        .role_session_name("ci-run")
        .web_identity_token(oidc_token(1_600_000_000))
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("ExpiredTokenException"));
}

#[tokio::test]
async fn invalid_inputs_are_validation_errors() {
    let emu = start().await;
    let c = sts(&emu, "AKIDEXAMPLE");
    let e = c
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("has space")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("ValidationError"));
    assert_eq!(
        e.message(),
        Some(
            r"1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*"
        )
    );
    assert_eq!(e.raw_response().map(|r| r.status().as_u16()), Some(400));
    let e = c
        .assume_role()
        .role_arn("arn:aws:iam::222222222222:user/someone")
        .role_session_name("s1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.message()),
        (Some("ValidationError"), Some("Request ARN is invalid"))
    );
    let e = c
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("s1")
        .duration_seconds(43_201)
        .external_id("x")
        .send()
        .await
        .unwrap_err();
    let msg = e.message().unwrap();
    assert!(msg.starts_with("2 validation errors detected: "), "{msg}");
    assert!(
        msg.contains("at 'durationSeconds'") && msg.contains("at 'externalId'"),
        "{msg}"
    );
}
