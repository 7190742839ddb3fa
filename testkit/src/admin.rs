//! The one client of the emulator's admin API (`/__emulator/...`), and of
//! raw HTTP/1.1 requests to its AWS endpoint: a hand-written request on a
//! `tokio::net::TcpStream` (a few lines; no HTTP client dependency needed).
//! Async, because the emulator may run on the caller's own runtime; the
//! blocking harness ([`crate::Emu`]) drives it on its runtime.

use std::collections::BTreeMap;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// An answer: status, headers (names lower-cased) and body (de-chunked).
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status code (0 if the answer had no status line).
    pub status: u16,
    /// Header names (lower-case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

/// The admin API of one running emulator.
#[derive(Debug, Clone)]
pub struct Admin {
    addr: String,
}

impl Admin {
    /// The emulator at `endpoint` (`http://127.0.0.1:PORT` or `127.0.0.1:PORT`).
    pub fn new(endpoint: &str) -> Admin {
        Admin {
            addr: endpoint.trim_start_matches("http://").to_string(),
        }
    }

    /// The emulator's `host:port`.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    /// One raw HTTP/1.1 request with exactly the given extra headers.
    pub async fn raw(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Response {
        let mut stream = tokio::net::TcpStream::connect(&self.addr)
            .await
            .expect("connect to the emulator");
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            request.push_str(&format!("{k}: {v}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.unwrap();
        parse(&String::from_utf8_lossy(&raw))
    }

    /// A request with a JSON body (`Content-Type: application/json`).
    pub async fn call(&self, method: &str, path: &str, body: &str) -> Response {
        self.raw(method, path, &[("Content-Type", "application/json")], body)
            .await
    }

    /// `METHOD /__emulator/{path}` with `body` (none if `Null`); asserts a
    /// 200 answer and parses its JSON.
    pub async fn json(&self, method: &str, path: &str, body: Value) -> Value {
        let text = if body.is_null() {
            String::new()
        } else {
            body.to_string()
        };
        let r = self
            .call(method, &format!("/__emulator/{path}"), &text)
            .await;
        assert_eq!(r.status, 200, "admin {method} {path}: {}", r.body);
        serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
    }

    /// API requests received per operation since the last reset.
    pub async fn counters(&self) -> BTreeMap<String, u64> {
        let v = self.json("GET", "counters", Value::Null).await;
        serde_json::from_value(v).expect("counters JSON")
    }

    /// Sets every counter back to zero.
    pub async fn reset_counters(&self) {
        self.ok("POST", "/__emulator/counters/reset", "").await;
    }

    /// `PUT /__emulator/config` (latency, faults, limits, ...).
    pub async fn configure(&self, config: Value) {
        self.ok("PUT", "/__emulator/config", &config.to_string())
            .await;
    }

    /// The whole emulated state (`GET /__emulator/state`).
    pub async fn state(&self) -> Value {
        self.json("GET", "state", Value::Null).await
    }

    /// Makes STS refuse every AssumeRole and AssumeRoleWithWebIdentity of
    /// `role_arn` with 403 AccessDenied (`POST /__emulator/sts/deny-role`).
    pub async fn deny_role(&self, role_arn: &str) -> Value {
        self.json(
            "POST",
            "sts/deny-role",
            serde_json::json!({ "role_arn": role_arn }),
        )
        .await
    }

    /// Makes AssumeRole of `role_arn` require exactly `external_id`
    /// (missing or wrong: 403 AccessDenied), like an `sts:ExternalId`
    /// trust-policy condition (`POST /__emulator/sts/require-external-id`).
    pub async fn require_external_id(&self, role_arn: &str, external_id: &str) -> Value {
        self.json(
            "POST",
            "sts/require-external-id",
            serde_json::json!({ "role_arn": role_arn, "external_id": external_id }),
        )
        .await
    }

    /// Drops every STS rule of `role_arn` (`POST /__emulator/sts/allow-role`).
    pub async fn allow_role(&self, role_arn: &str) -> Value {
        self.json(
            "POST",
            "sts/allow-role",
            serde_json::json!({ "role_arn": role_arn }),
        )
        .await
    }

    /// Makes every request signed with `access_key_id` be evaluated
    /// against `policies` (IAM policy documents) as the principal `arn`
    /// (`PUT /__emulator/iam/identities/{access_key_id}`). Panics if the
    /// emulator refuses them (e.g. a `Condition`); see
    /// [`Admin::try_attach_identity_policies`] to test the refusal.
    pub async fn attach_identity_policies(
        &self,
        access_key_id: &str,
        arn: &str,
        policies: Vec<Value>,
    ) -> Value {
        let r = self
            .try_attach_identity_policies(access_key_id, arn, policies)
            .await;
        assert_eq!(
            r.status, 200,
            "attach policies to {access_key_id}: {}",
            r.body
        );
        serde_json::from_str(&r.body).expect("JSON answer")
    }

    /// Like [`Admin::attach_identity_policies`], returning the raw answer
    /// (400 with `{"error": ...}` naming the refused member).
    pub async fn try_attach_identity_policies(
        &self,
        access_key_id: &str,
        arn: &str,
        policies: Vec<Value>,
    ) -> Response {
        let body = serde_json::json!({ "arn": arn, "policies": policies });
        self.call(
            "PUT",
            &format!("/__emulator/iam/identities/{access_key_id}"),
            &body.to_string(),
        )
        .await
    }

    /// Makes the sessions STS mints for `role_arn` be evaluated against
    /// `policies`, as `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`
    /// (`PUT /__emulator/iam/roles`).
    pub async fn attach_role_policies(&self, role_arn: &str, policies: Vec<Value>) -> Value {
        self.json(
            "PUT",
            "iam/roles",
            serde_json::json!({ "arn": role_arn, "policies": policies }),
        )
        .await
    }

    /// Makes `access_key_id` unrestricted again
    /// (`DELETE /__emulator/iam/identities/{access_key_id}`); answers
    /// `{"access_key_id", "removed": bool}`.
    pub async fn detach_identity(&self, access_key_id: &str) -> Value {
        self.json(
            "DELETE",
            &format!("iam/identities/{access_key_id}"),
            Value::Null,
        )
        .await
    }

    /// Drops the policies of `role_arn` (`DELETE /__emulator/iam/roles`);
    /// its sessions are unrestricted again.
    pub async fn detach_role(&self, role_arn: &str) -> Value {
        self.json(
            "DELETE",
            "iam/roles",
            serde_json::json!({ "arn": role_arn }),
        )
        .await
    }

    /// The authorization table (`GET /__emulator/iam/table`): per
    /// operation, the (action, resource) checks made when IAM is enforced.
    pub async fn iam_table(&self) -> Value {
        self.json("GET", "iam/table", Value::Null).await
    }

    /// Seeds backup jobs in `region` of the default account
    /// (`POST /__emulator/backup-jobs`); answers `{"BackupJobIds": [...]}`.
    pub async fn seed_backup_jobs(&self, region: &str, jobs: Vec<Value>) -> Value {
        self.seed("backup-jobs", region, jobs).await
    }

    /// Seeds copy jobs (`POST /__emulator/copy-jobs`): each needs `State`,
    /// `CreationDate`, `ResourceArn`, `ResourceType`,
    /// `SourceBackupVaultName` and `DestinationBackupVaultArn` (or
    /// `DestinationBackupVaultName`); answers `{"CopyJobIds": [...]}`.
    pub async fn seed_copy_jobs(&self, region: &str, jobs: Vec<Value>) -> Value {
        self.seed("copy-jobs", region, jobs).await
    }

    /// Seeds restore jobs (`POST /__emulator/restore-jobs`): each needs
    /// `Status`, `CreationDate` and `ResourceType`; `RestoreTestingPlanArn`
    /// becomes `CreatedBy`, `ValidationStatus` is kept; answers
    /// `{"RestoreJobIds": [...]}`.
    pub async fn seed_restore_jobs(&self, region: &str, jobs: Vec<Value>) -> Value {
        self.seed("restore-jobs", region, jobs).await
    }

    async fn seed(&self, path: &str, region: &str, jobs: Vec<Value>) -> Value {
        self.json(
            "POST",
            path,
            serde_json::json!({ "region": region, "jobs": jobs }),
        )
        .await
    }

    /// A JSON request that must answer 200; returns the body.
    pub async fn ok(&self, method: &str, path: &str, body: &str) -> String {
        let r = self.call(method, path, body).await;
        assert_eq!(r.status, 200, "{method} {path}: {}", r.body);
        r.body
    }
}

fn parse(text: &str) -> Response {
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = &after[n + 2..];
    }
    out
}
