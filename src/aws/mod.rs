//! AWS access for backupctl: the only module that touches `aws-sdk-backup`.
//!
//! `connect` builds one client from `aws-config` (default credential chain,
//! profile, region, endpoint override, adaptive retries (standard on
//! request), timeouts) and bounds the requests in flight with a semaphore.
//! `observe` reads live state into `model::Live`; `mutate` holds the calls
//! `apply` makes. Callers see domain types (`model::*`) and [`AwsError`]
//! only, never SDK types.

mod convert;
mod error;
mod identity;
mod jobs;
mod mutate;
mod observe;
mod observe_plans;
mod reads;

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_backup::config::{Credentials, ProvideCredentials};

pub use error::AwsError;
pub use observe::ObserveScope;

/// How to reach AWS (or the emulator).
#[derive(Debug, Clone)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Overrides the endpoint (the SDK also honours `AWS_ENDPOINT_URL_BACKUP`).
    pub endpoint_url: Option<String>,
    /// (access key id, secret access key), used instead of the credential chain.
    pub static_credentials: Option<(String, String)>,
    /// Attempts per call, first one included (adaptive retry).
    pub max_attempts: u32,
    /// Limit for one operation, retries included.
    pub operation_timeout: Duration,
    /// Requests in flight at once while observing.
    pub concurrency: usize,
    /// Standard instead of adaptive retries (also chosen by
    /// `AWS_RETRY_MODE=standard`). Adaptive retries slow the client down
    /// when AWS throttles it for its rate; against throttling that does not
    /// depend on the rate (random fault injection) the adaptive rate limiter
    /// falls to its floor of 0.5 requests per second.
    pub standard_retries: bool,
}

impl Default for AwsOptions {
    fn default() -> Self {
        AwsOptions {
            profile: None,
            region: None,
            endpoint_url: None,
            static_credentials: None,
            max_attempts: 5,
            operation_timeout: Duration::from_secs(60),
            concurrency: 16,
            standard_retries: false,
        }
    }
}

/// A connected AWS Backup client for one account and region.
#[derive(Debug, Clone)]
pub struct Aws {
    client: aws_sdk_backup::Client,
    /// STS for GetCallerIdentity (the account guard); `None` when its
    /// endpoint would not match the Backup endpoint (see `identity`).
    sts: Option<aws_sdk_sts::Client>,
    region: String,
    /// Bounds the requests in flight (`AwsOptions::concurrency`).
    sem: std::sync::Arc<tokio::sync::Semaphore>,
}

/// Build the client. Fails with a one-line error when no region or no
/// credentials can be found (credentials are resolved once here so that the
/// failure is reported before any API call).
pub async fn connect(opts: &AwsOptions) -> Result<Aws, AwsError> {
    let standard = opts.standard_retries
        || matches!(
            std::env::var("AWS_RETRY_MODE").as_deref(),
            Ok("standard") | Ok("legacy")
        );
    let retry = if standard {
        RetryConfig::standard()
    } else {
        RetryConfig::adaptive()
    };
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(retry.with_max_attempts(opts.max_attempts.max(1)))
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(opts.operation_timeout)
                .connect_timeout(opts.operation_timeout.min(Duration::from_secs(10)))
                .build(),
        );
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &opts.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &opts.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if let Some((akid, secret)) = &opts.static_credentials {
        loader = loader.credentials_provider(Credentials::new(
            akid.clone(),
            secret.clone(),
            None,
            None,
            "backupctl-static",
        ));
    }
    let conf = loader.load().await;
    let region = match conf.region() {
        Some(r) if !r.as_ref().is_empty() => r.to_string(),
        _ => return Err(AwsError::NoRegion),
    };
    let Some(provider) = conf.credentials_provider() else {
        return Err(AwsError::NoCredentials(
            "no credential provider is configured".into(),
        ));
    };
    if let Err(e) = provider.provide_credentials().await {
        let detail = error::chain(&e);
        let detail = if detail.contains("no credentials found in chain") {
            "none in the environment, the shared config and credentials files, web identity, ECS or EC2 instance metadata".to_string()
        } else {
            detail
        };
        return Err(AwsError::NoCredentials(detail));
    }
    Ok(Aws {
        client: aws_sdk_backup::Client::new(&conf),
        sts: identity::sts_client(&conf, opts.endpoint_url.is_some()),
        region,
        sem: std::sync::Arc::new(tokio::sync::Semaphore::new(opts.concurrency.max(1))),
    })
}

impl Aws {
    /// The region every call goes to.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// A slot among the `concurrency` requests allowed in flight.
    pub(crate) async fn permit(&self) -> tokio::sync::SemaphorePermit<'_> {
        self.sem
            .acquire()
            .await
            .expect("the semaphore is never closed")
    }

    /// Every page of a paginated list call, each page fetched under a
    /// permit (so list pages count against `concurrency` too).
    pub(crate) async fn all_pages<O, E>(
        &self,
        operation: &'static str,
        mut pages: aws_smithy_async::future::pagination_stream::PaginationStream<
            Result<
                O,
                aws_sdk_backup::error::SdkError<E, aws_sdk_backup::config::http::HttpResponse>,
            >,
        >,
    ) -> Result<Vec<O>, AwsError>
    where
        E: aws_sdk_backup::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let mut out = Vec::new();
        loop {
            let page = {
                let _p = self.permit().await;
                pages.next().await
            };
            match page {
                None => return Ok(out),
                Some(page) => out.push(page.map_err(|e| error::from_sdk(operation, e))?),
            }
        }
    }
}
