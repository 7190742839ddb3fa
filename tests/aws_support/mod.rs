//! Shared harness of the `aws_*` integration tests: the emulator in-process
//! on 127.0.0.1:0, an `aws::Aws` connected to it with static credentials,
//! and the emulator's admin API through a hand-written HTTP/1.1 request on a
//! `tokio::net::TcpStream` (a few lines; no HTTP client dependency needed).
#![allow(dead_code)]

pub mod fixtures;

use std::collections::BTreeMap;

use backupctl::aws::{self, Aws, AwsOptions};
use backupctl::model::{Tags, STACK_TAG};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "123456789012";
pub const ROLE: &str = "arn:aws:iam::123456789012:role/backup";
pub const TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:backup-events";

pub struct Env {
    pub emu: backup_emulator::RunningEmulator,
    pub endpoint: String,
    pub aws: Aws,
}

pub fn options(endpoint: &str) -> AwsOptions {
    AwsOptions {
        endpoint_url: Some(endpoint.to_string()),
        region: Some(REGION.into()),
        static_credentials: Some(("AKIDEXAMPLE".into(), "secret".into())),
        ..Default::default()
    }
}

pub async fn start() -> Env {
    let emu = backup_emulator::Emulator::start(backup_emulator::EmulatorOptions::default())
        .await
        .expect("emulator starts");
    let endpoint = emu.endpoint();
    assert!(endpoint.starts_with("http://127.0.0.1:"));
    let aws = aws::connect(&options(&endpoint)).await.expect("connect");
    Env { emu, endpoint, aws }
}

/// One admin request; returns (status, body).
pub async fn admin(endpoint: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let addr = endpoint.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8(raw).expect("utf-8 answer");
    let (head, rest) = text.split_once("\r\n\r\n").expect("http answer");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    (status, body)
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    loop {
        let Some((size, after)) = rest.split_once("\r\n") else {
            return out;
        };
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            return out;
        }
        out.push_str(&after[..n]);
        rest = &after[n + 2..];
    }
}

/// API requests received per operation since the last reset.
pub async fn counters(endpoint: &str) -> BTreeMap<String, u64> {
    let (status, body) = admin(endpoint, "GET", "/__emulator/counters", "").await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("counters JSON")
}

pub async fn reset_counters(endpoint: &str) {
    let (status, body) = admin(endpoint, "POST", "/__emulator/counters/reset", "").await;
    assert!(status < 300, "{body}");
}

pub async fn configure(endpoint: &str, config: serde_json::Value) {
    let (status, body) = admin(endpoint, "PUT", "/__emulator/config", &config.to_string()).await;
    assert!(status < 300, "{body}");
}

pub fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub fn stack_tags(stack: &str) -> Tags {
    tags(&[(STACK_TAG, stack)])
}
