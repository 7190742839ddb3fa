//! Shared test harness: starts an emulator on 127.0.0.1:0, builds real
//! aws-sdk-backup clients for any account/region, and calls the admin API.

#![allow(dead_code)]

use aws_config::retry::RetryConfig;
use aws_config::BehaviorVersion;
use aws_sdk_backup::config::{Credentials, Region};
use aws_sdk_backup::Client;
use backup_emulator::{Emulator, EmulatorOptions, RunningEmulator};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub async fn start() -> RunningEmulator {
    Emulator::start(EmulatorOptions::default())
        .await
        .expect("emulator starts")
}

/// A client whose access key id is `akid` (12 digits = that account).
pub async fn client_for(emu: &RunningEmulator, akid: &str, region: &str, retries: bool) -> Client {
    let retry = if retries {
        RetryConfig::standard()
            .with_max_attempts(4)
            .with_initial_backoff(std::time::Duration::from_millis(5))
    } else {
        RetryConfig::disabled()
    };
    let conf = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .credentials_provider(Credentials::new(akid, "secret", None, None, "test"))
        .endpoint_url(emu.endpoint())
        .retry_config(retry)
        .load()
        .await;
    Client::new(&conf)
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
    let mut s = tokio::net::TcpStream::connect(emu.addr()).await.unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\ncontent-length: {}\r\n",
        emu.addr(),
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, body.to_string())
}

/// Calls the admin API and parses the JSON answer; panics on non-200.
pub async fn admin(emu: &RunningEmulator, method: &str, path: &str, body: Value) -> Value {
    let text = if body.is_null() {
        String::new()
    } else {
        body.to_string()
    };
    let (status, _, out) = raw(emu, method, &format!("/__emulator/{path}"), &[], &text).await;
    assert_eq!(status, 200, "admin {method} {path}: {out}");
    serde_json::from_str(&out).unwrap()
}

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

pub fn rule(name: &str, vault: &str) -> aws_sdk_backup::types::BackupRuleInput {
    aws_sdk_backup::types::BackupRuleInput::builder()
        .rule_name(name)
        .target_backup_vault_name(vault)
        .build()
        .unwrap()
}

pub fn plan_input(
    name: &str,
    rules: Vec<aws_sdk_backup::types::BackupRuleInput>,
) -> aws_sdk_backup::types::BackupPlanInput {
    aws_sdk_backup::types::BackupPlanInput::builder()
        .backup_plan_name(name)
        .set_rules(Some(rules))
        .build()
        .unwrap()
}

pub const ROLE: &str = "arn:aws:iam::123456789012:role/backup";
