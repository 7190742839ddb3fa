//! Who the credentials belong to: STS GetCallerIdentity, for the account
//! guard when no ARN in the account tells it (an empty account, the first
//! apply). It is called only then, and only when the STS endpoint matches
//! the Backup endpoint: with `AWS_ENDPOINT_URL_BACKUP` pointing somewhere
//! (a local emulator) but no STS override, STS would go to real AWS with
//! credentials meant for something else, so the check is skipped instead.

use super::error::from_sdk;
use super::{Aws, AwsError};

/// The STS client, unless only the Backup endpoint is overridden.
pub(super) fn sts_client(
    conf: &aws_config::SdkConfig,
    global_endpoint: bool,
    log: super::calls::CallLog,
    policy: super::transport::RetryPolicy,
) -> Option<aws_sdk_sts::Client> {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    let backup_only = !global_endpoint
        && set("AWS_ENDPOINT_URL_BACKUP")
        && !set("AWS_ENDPOINT_URL_STS")
        && !set("AWS_ENDPOINT_URL");
    (!backup_only).then(|| {
        aws_sdk_sts::Client::from_conf(
            aws_sdk_sts::config::Builder::from(conf)
                .interceptor(log)
                .retry_classifier(policy)
                .build(),
        )
    })
}

impl Aws {
    /// The account of the credentials, or `None` when STS is not reachable
    /// at a matching endpoint (see the module comment).
    pub async fn caller_account(&self) -> Result<Option<String>, AwsError> {
        let Some(sts) = &self.sts else {
            return Ok(None);
        };
        let _p = self.permit("GetCallerIdentity").await;
        let out = sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| from_sdk("GetCallerIdentity", e))?;
        Ok(out.account.filter(|a| !a.is_empty()))
    }
}
