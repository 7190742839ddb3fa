//! Reading vaults: ListBackupVaults (name, ARN, key, recovery points, lock
//! state, 1 call per page of 1,000), ListTags per vault, and for a vault
//! read in full GetBackupVaultAccessPolicy + GetBackupVaultNotifications.
//! A missing policy / notification configuration (ResourceNotFound) means
//! none; any other error fails the read (see `resources::observe`).

use std::collections::BTreeSet;

use futures_util::future::try_join_all;

use crate::aws::error::{code_of, from_sdk, unserved};
use crate::aws::{Aws, AwsError};
use crate::model::{
    is_aws_created_vault, normalize, LiveVault, Notifications, Tags, Vault, VaultLock,
};
use crate::resources::observe::{classify, ObserveScope, Seen};
use crate::resources::Kind;

/// A vault as ListBackupVaults / DescribeBackupVault report it.
struct VaultSummary {
    name: String,
    arn: String,
    encryption_key_arn: Option<String>,
    recovery_points: i64,
    locked: bool,
    min: Option<i64>,
    max: Option<i64>,
    /// `LockDate`: present only for a compliance-mode lock.
    lock_date: Option<String>,
}

/// A timestamp as RFC 3339 (seconds precision).
fn rfc3339(d: &aws_sdk_backup::primitives::DateTime) -> String {
    d.fmt(aws_sdk_backup::primitives::DateTimeFormat::DateTime)
        .unwrap_or_else(|_| d.secs().to_string())
}

/// A `BACKUP_VAULT` (or an endpoint that reports no type, such as moto).
fn is_standard(t: Option<&aws_sdk_backup::types::VaultType>) -> bool {
    t.is_none_or(|t| *t == aws_sdk_backup::types::VaultType::BackupVault)
}

/// For DescribeBackupVault only: AWS answers a missing vault with
/// AccessDenied (quirk 1), so both codes mean absent there.
fn vault_absent(code: Option<&str>) -> bool {
    matches!(
        code,
        Some("ResourceNotFoundException") | Some("AccessDeniedException")
    )
}

/// The documented "there is none" answer of the policy and notification
/// reads. Any other error (AccessDenied included) is a failure: reading it
/// as "none" would hide an allow-all policy from drift and make plan
/// propose a bogus Put.
fn none_there(code: Option<&str>) -> bool {
    code == Some("ResourceNotFoundException")
}

/// Name the vault in a failed read (the SDK error names only the call).
fn about_vault(name: &str, e: AwsError) -> AwsError {
    match e {
        AwsError::AccessDenied { operation, message } => AwsError::AccessDenied {
            operation,
            message: format!("{message} (vault \"{name}\")"),
        },
        AwsError::Service {
            operation,
            code,
            message,
        } => AwsError::Service {
            operation,
            code,
            message: format!("{message} (vault \"{name}\")"),
        },
        other => other,
    }
}

/// Say once per operation that the endpoint does not serve an optional
/// read, so "none" is assumed for it (moto_server has no vault access
/// policies or notifications).
fn warn_unserved(operation: &'static str) {
    static WARNED: std::sync::Mutex<BTreeSet<&'static str>> =
        std::sync::Mutex::new(BTreeSet::new());
    let first = WARNED
        .lock()
        .map(|mut w| w.insert(operation))
        .unwrap_or(true);
    if first {
        tracing::warn!(
            "the endpoint does not implement {operation}; vaults are read as having none"
        );
    }
}

impl Aws {
    async fn list_vaults(&self) -> Result<Vec<VaultSummary>, AwsError> {
        let pages = self
            .client
            .list_backup_vaults()
            .max_results(1000)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        for page in self.all_pages("ListBackupVaults", pages).await? {
            for v in page.backup_vault_list.unwrap_or_default() {
                // Air-gapped and restore access vaults are not this kind's
                // (`resources::air_gapped_vault`): never listed, never touched.
                if !is_standard(v.vault_type.as_ref()) {
                    continue;
                }
                let (Some(name), Some(arn)) = (v.backup_vault_name, v.backup_vault_arn) else {
                    continue;
                };
                out.push(VaultSummary {
                    name,
                    arn,
                    encryption_key_arn: v.encryption_key_arn.filter(|k| !k.is_empty()),
                    recovery_points: v.number_of_recovery_points,
                    locked: v.locked.unwrap_or(false),
                    min: v.min_retention_days,
                    max: v.max_retention_days,
                    lock_date: v.lock_date.as_ref().map(rfc3339),
                });
            }
        }
        Ok(out)
    }

    pub(crate) async fn observe_vaults(
        &self,
        scope: &ObserveScope,
    ) -> Result<(Vec<Seen<LiveVault>>, Option<String>), AwsError> {
        let listed = self.list_vaults().await?;
        let first_arn = listed.first().map(|v| v.arn.clone());
        let seen = try_join_all(listed.into_iter().map(|v| async move {
            let named = scope.names(Kind::Vault).contains(&v.name);
            // AWS's own vaults cannot be managed: not even their tags are read.
            if is_aws_created_vault(&v.name) && !named {
                return Ok(Seen::AwsCreated(v.name));
            }
            let tags = self.list_tags(&v.arn).await?;
            if scope.reads_in_full(Kind::Vault, &v.name, &tags) {
                Ok(Seen::Full(self.read_vault(v, tags).await?))
            } else {
                Ok(classify(v.name, &tags))
            }
        }))
        .await?;
        Ok((seen, first_arn))
    }

    /// Policy and notifications of a listed vault, assembled into a LiveVault.
    async fn read_vault(&self, v: VaultSummary, tags: Tags) -> Result<LiveVault, AwsError> {
        let (access_policy, notifications) =
            tokio::try_join!(self.read_policy(&v.name), self.read_notifications(&v.name))?;
        // A compliance lock in its grace period is not `Locked` yet and may
        // have no min/max: its LockDate still tells that it exists.
        let lock = (v.locked || v.min.is_some() || v.max.is_some() || v.lock_date.is_some())
            .then_some(VaultLock {
                min_retention_days: v.min,
                max_retention_days: v.max,
                changeable_for_days: None,
                lock_date: v.lock_date,
            });
        Ok(LiveVault {
            arn: v.arn,
            number_of_recovery_points: v.recovery_points,
            locked: v.locked,
            vault: Vault {
                name: v.name,
                encryption_key_arn: v.encryption_key_arn,
                tags,
                access_policy,
                notifications,
                lock,
            },
        })
    }

    pub(crate) async fn read_policy(
        &self,
        name: &str,
    ) -> Result<Option<serde_json::Value>, AwsError> {
        let _p = self.permit("GetBackupVaultAccessPolicy").await;
        match self
            .client
            .get_backup_vault_access_policy()
            .backup_vault_name(name)
            .send()
            .await
        {
            Ok(out) => Ok(out
                .policy
                .filter(|p| !p.trim().is_empty())
                .map(|p| normalize::canonical_policy(&p))),
            Err(e) if none_there(code_of(&e)) => Ok(None),
            Err(e) if unserved(&e) => {
                warn_unserved("GetBackupVaultAccessPolicy");
                Ok(None)
            }
            Err(e) => Err(about_vault(name, from_sdk("GetBackupVaultAccessPolicy", e))),
        }
    }

    pub(crate) async fn read_notifications(
        &self,
        name: &str,
    ) -> Result<Option<Notifications>, AwsError> {
        let _p = self.permit("GetBackupVaultNotifications").await;
        match self
            .client
            .get_backup_vault_notifications()
            .backup_vault_name(name)
            .send()
            .await
        {
            Ok(out) => Ok(out
                .sns_topic_arn
                .filter(|t| !t.is_empty())
                .map(|topic| Notifications {
                    sns_topic_arn: topic,
                    events: out
                        .backup_vault_events
                        .unwrap_or_default()
                        .iter()
                        .map(|e| e.as_str().to_string())
                        .collect(),
                })),
            Err(e) if none_there(code_of(&e)) => Ok(None),
            Err(e) if unserved(&e) => {
                warn_unserved("GetBackupVaultNotifications");
                Ok(None)
            }
            Err(e) => Err(about_vault(
                name,
                from_sdk("GetBackupVaultNotifications", e),
            )),
        }
    }

    /// One vault by name (DescribeBackupVault), read in full; `None` when it
    /// does not exist, whether AWS says AccessDenied or ResourceNotFound.
    pub async fn probe_vault(&self, name: &str) -> Result<Option<LiveVault>, AwsError> {
        let out = {
            let _p = self.permit("DescribeBackupVault").await;
            match self
                .client
                .describe_backup_vault()
                .backup_vault_name(name)
                .send()
                .await
            {
                Ok(out) => out,
                Err(e) if vault_absent(code_of(&e)) => return Ok(None),
                Err(e) => return Err(from_sdk("DescribeBackupVault", e)),
            }
        };
        let Some(arn) = out
            .backup_vault_arn
            .filter(|_| is_standard(out.vault_type.as_ref()))
        else {
            return Ok(None);
        };
        let summary = VaultSummary {
            name: out.backup_vault_name.unwrap_or_else(|| name.to_string()),
            arn,
            encryption_key_arn: out.encryption_key_arn.filter(|k| !k.is_empty()),
            recovery_points: out.number_of_recovery_points,
            locked: out.locked.unwrap_or(false),
            min: out.min_retention_days,
            max: out.max_retention_days,
            lock_date: out.lock_date.as_ref().map(rfc3339),
        };
        let tags = self.list_tags(&summary.arn).await?;
        Ok(Some(self.read_vault(summary, tags).await?))
    }
}

#[cfg(test)]
mod tests {
    //! Optional vault reads against a stub HTTP server on 127.0.0.1 that
    //! answers the way moto_server does for operations it lacks (an HTML
    //! 404 page, no AWS error code), and the way AWS does.

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;
    use crate::aws::{connect, AwsOptions};

    /// Serve every request with `status`, `headers` and `body` until dropped.
    pub(crate) async fn stub(
        status: &'static str,
        headers: &'static str,
        body: &'static str,
    ) -> Aws {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let reply = format!(
                        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = sock.write_all(reply.as_bytes()).await;
                });
            }
        });
        connect(&AwsOptions {
            region: Some("us-east-1".into()),
            endpoint_url: Some(format!("http://{addr}")),
            static_credentials: Some(("AKIDTEST".into(), "secret".into())),
            max_attempts: 1,
            ..Default::default()
        })
        .await
        .unwrap()
    }

    const HTML_404: &str = "<!doctype html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n";

    #[tokio::test]
    pub(crate) async fn an_endpoint_without_the_operation_holds_no_policy_or_notifications() {
        let aws = stub("404 NOT FOUND", "Content-Type: text/html\r\n", HTML_404).await;
        assert_eq!(aws.read_policy("v").await.unwrap(), None);
        assert_eq!(aws.read_notifications("v").await.unwrap(), None);
    }

    #[tokio::test]
    pub(crate) async fn aws_resource_not_found_is_none() {
        let aws = stub(
            "404 Not Found",
            "Content-Type: application/json\r\nx-amzn-errortype: ResourceNotFoundException\r\n",
            r#"{"Message":"no policy"}"#,
        )
        .await;
        assert_eq!(aws.read_policy("v").await.unwrap(), None);
        assert_eq!(aws.read_notifications("v").await.unwrap(), None);
    }

    #[tokio::test]
    pub(crate) async fn an_uncoded_server_error_is_a_failure() {
        let aws = stub(
            "500 INTERNAL SERVER ERROR",
            "Content-Type: text/html\r\n",
            "<h1>oops</h1>",
        )
        .await;
        let err = aws.read_policy("v").await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "GetBackupVaultAccessPolicy: HTTP 500 without an AWS error code (the endpoint may not implement this operation)"
        );
        let err = aws.read_notifications("v").await.unwrap_err();
        assert_eq!(err.operation(), Some("GetBackupVaultNotifications"));
    }

    #[tokio::test]
    pub(crate) async fn other_coded_errors_are_failures() {
        let aws = stub(
            "400 Bad Request",
            "Content-Type: application/json\r\nx-amzn-errortype: InvalidParameterValueException\r\n",
            r#"{"Message":"bad name"}"#,
        )
        .await;
        let err = aws.read_policy("v").await.unwrap_err();
        assert_eq!(err.code(), Some("InvalidParameterValueException"));
    }
}
