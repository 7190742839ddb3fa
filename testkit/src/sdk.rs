//! Real aws-sdk-backup clients pointed at an emulator, and the small SDK
//! vocabulary the emulator's own tests share (error codes, one-rule plan
//! inputs, admin calls by emulator handle).

use std::time::Duration;

use aws_sdk_backup::config::retry::RetryConfig;
use aws_sdk_backup::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_backup::types::{BackupPlanInput, BackupRuleInput};
use aws_sdk_backup::Client;
use backup_emulator::RunningEmulator;
use serde_json::Value;

use crate::admin::{Admin, Response};

pub use crate::ROLE;

/// The one SDK client builder: access key id `akid` (12 digits = that
/// account), `region`, static credentials, the emulator at `endpoint`, and
/// `retry` (`None`: the SDK's default).
pub fn client_at(endpoint: &str, akid: &str, region: &str, retry: Option<RetryConfig>) -> Client {
    let creds = Credentials::new(akid, "secret", None, None, "test");
    let mut conf = aws_sdk_backup::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .credentials_provider(creds)
        .endpoint_url(endpoint);
    if let Some(retry) = retry {
        conf = conf.retry_config(retry);
    }
    Client::from_conf(conf.build())
}

/// A client of `emu` whose access key id is `akid`; with `retries`, four
/// quick attempts, else none (so errors show).
pub async fn client_for(emu: &RunningEmulator, akid: &str, region: &str, retries: bool) -> Client {
    let retry = if retries {
        RetryConfig::standard()
            .with_max_attempts(4)
            .with_initial_backoff(Duration::from_millis(5))
    } else {
        RetryConfig::disabled()
    };
    client_at(&emu.endpoint(), akid, region, Some(retry))
}

/// Default account (123456789012), us-east-1, no retries (so errors show).
pub async fn client(emu: &RunningEmulator) -> Client {
    client_for(emu, "AKIDEXAMPLE", "us-east-1", false).await
}

/// One raw HTTP/1.1 request; returns status, headers (lower-case) and body.
pub async fn raw(
    emu: &RunningEmulator,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    let Response {
        status,
        headers,
        body,
    } = Admin::new(&emu.endpoint())
        .raw(method, path, headers, body)
        .await;
    (status, headers, body)
}

/// Calls `/__emulator/{path}` and parses the JSON answer; panics on non-200.
pub async fn admin(emu: &RunningEmulator, method: &str, path: &str, body: Value) -> Value {
    Admin::new(&emu.endpoint()).json(method, path, body).await
}

/// The request counters as JSON.
pub async fn counters(emu: &RunningEmulator) -> Value {
    admin(emu, "GET", "counters", Value::Null).await
}

/// The service error code of an SDK error.
pub fn code<E, R>(e: &aws_sdk_backup::error::SdkError<E, R>) -> String
where
    E: aws_sdk_backup::error::ProvideErrorMetadata,
{
    use aws_sdk_backup::error::ProvideErrorMetadata;
    e.code().unwrap_or("<none>").to_string()
}

/// A rule with only a name and a target vault.
pub fn rule(name: &str, vault: &str) -> BackupRuleInput {
    BackupRuleInput::builder()
        .rule_name(name)
        .target_backup_vault_name(vault)
        .build()
        .unwrap()
}

/// A plan input named `name` with `rules`.
pub fn plan_input(name: &str, rules: Vec<BackupRuleInput>) -> BackupPlanInput {
    BackupPlanInput::builder()
        .backup_plan_name(name)
        .set_rules(Some(rules))
        .build()
        .unwrap()
}
