//! AWS access for backupctl: the only module that touches `aws-sdk-backup`.
//!
//! `connect` builds one client from `aws-config` (default credential chain,
//! profile, region, endpoint override, retries, timeouts) and bounds the
//! requests in flight with a semaphore. Every call goes through the
//! interceptor of `calls` (one log line per call at `-v`, run totals) and
//! the retry policy and paced HTTP client of `transport` (`pacing` holds
//! the per-operation send rates). `observe` reads live state into
//! `model::Live`; `mutate` holds the calls `apply` makes. Callers see
//! domain types (`model::*`) and [`AwsError`] only, never SDK types.

mod calls;
pub(crate) mod convert;
mod dr_jobs;
pub(crate) mod error;
mod identity;
mod jobs;
pub(crate) mod mutate;
pub mod pacing;
pub mod profile;
mod reads;
mod shared;
mod transport;

use std::sync::Arc;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_backup::config::retry::{RetryPartition, TokenBucket};
use aws_sdk_backup::config::{Credentials, ProvideCredentials};

pub use dr_jobs::{CopyJob, RestoreJob};
pub use error::AwsError;
pub use jobs::Job;
pub use shared::Stats;
pub use shared::{parse_duration, Timeouts};

/// How failed and throttled calls are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryMode {
    /// The SDK's standard retries, plus a send rate per operation once AWS
    /// throttles it, and throttled attempts retried at that rate instead
    /// of after an exponential backoff (see `pacing`). The default.
    #[default]
    Paced,
    /// The SDK's standard retries: exponential backoff with jitter (up to
    /// 1 s, 2 s, 4 s, ...) and a retry quota.
    Standard,
    /// The SDK's adaptive retries: standard plus one client-side rate
    /// limiter for all operations, which drops to 0.5 requests/s after an
    /// early throttle.
    Adaptive,
}

/// How to reach AWS (or the emulator).
#[derive(Debug, Clone)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Overrides the endpoint (the SDK also honours `AWS_ENDPOINT_URL_BACKUP`).
    pub endpoint_url: Option<String>,
    /// (access key id, secret access key), used instead of the credential chain.
    pub static_credentials: Option<(String, String)>,
    /// Attempts per call, first one included.
    pub max_attempts: u32,
    pub retry_mode: RetryMode,
    /// Connect, read and operation timeouts.
    pub timeouts: Timeouts,
    /// Requests in flight at once while observing.
    pub concurrency: usize,
    /// Assume this role (STS AssumeRole) with the credentials found above.
    pub assume_role: Option<AssumeRole>,
    /// A bound on requests in flight shared by several clients (one per
    /// target of a multi-target run), on top of `concurrency`.
    pub global: Option<Arc<tokio::sync::Semaphore>>,
    /// One HTTPS client (connection pool, TLS roots) shared by the clients
    /// of a multi-target run; `None` = a new one.
    pub http: Option<Http>,
}

/// An HTTPS client that several connected clients share. Building one
/// loads the TLS root certificates, which costs milliseconds: a run over
/// 150 targets builds it once instead of 300 times. Use it on the runtime
/// it was made on.
#[derive(Debug, Clone)]
pub struct Http(aws_smithy_runtime_api::client::http::SharedHttpClient);

impl Http {
    /// The SDK's default HTTPS client, `None` when this build has none.
    pub fn new() -> Option<Http> {
        transport::default_client().map(Http)
    }
}

/// A role to assume (a target's `role_arn`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRole {
    pub role_arn: String,
    pub external_id: Option<String>,
    /// STS session name (`backupctl` when `None`).
    pub session_name: Option<String>,
}

/// A slot for one request: the client's own and, in a multi-target run,
/// one of the global ones.
pub(crate) struct Permit<'a> {
    _local: tokio::sync::SemaphorePermit<'a>,
    _global: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl Default for AwsOptions {
    fn default() -> Self {
        AwsOptions {
            profile: None,
            region: None,
            endpoint_url: None,
            static_credentials: None,
            max_attempts: 5,
            retry_mode: RetryMode::Paced,
            timeouts: Timeouts::default(),
            concurrency: 16,
            assume_role: None,
            global: None,
            http: None,
        }
    }
}

/// A connected AWS Backup client for one account and region.
#[derive(Debug, Clone)]
pub struct Aws {
    pub(crate) client: aws_sdk_backup::Client,
    /// STS for GetCallerIdentity (the account guard); `None` when its
    /// endpoint would not match the Backup endpoint (see `identity`).
    sts: Option<aws_sdk_sts::Client>,
    pub(crate) region: String,
    /// Bounds the requests in flight (`AwsOptions::concurrency`).
    sem: Arc<tokio::sync::Semaphore>,
    /// The bound shared with the other clients of a multi-target run.
    global: Option<Arc<tokio::sync::Semaphore>>,
    /// Pacing, call counts and endpoint state shared with the SDK hooks.
    shared: Arc<shared::Shared>,
}

/// Build the client. Fails with a one-line error when the selected profile
/// does not exist, or when no region or no credentials can be found
/// (credentials are resolved once here so that the failure is reported
/// before any API call).
pub async fn connect(opts: &AwsOptions) -> Result<Aws, AwsError> {
    let selected = profile::selected(opts.profile.as_deref());
    let files = profile::Files::from_env();
    if opts.static_credentials.is_none() {
        profile::check(&selected, &files).map_err(AwsError::UnknownProfile)?;
    }
    let retry = match opts.retry_mode {
        RetryMode::Adaptive => RetryConfig::adaptive(),
        RetryMode::Standard | RetryMode::Paced => RetryConfig::standard(),
    };
    let t = opts.timeouts;
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(retry.with_max_attempts(opts.max_attempts.max(1)))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(t.connect)
                .read_timeout(t.read)
                .operation_timeout(t.operation)
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
    if let Some(http) = &opts.http {
        loader = loader.http_client(http.0.clone());
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
    let mut conf = loader.load().await;
    if let Some(role) = &opts.assume_role {
        let mut builder = aws_config::sts::AssumeRoleProvider::builder(role.role_arn.clone())
            .session_name(role.session_name.as_deref().unwrap_or("backupctl"))
            .configure(&conf);
        if let Some(id) = &role.external_id {
            builder = builder.external_id(id.clone());
        }
        let provider = builder.build().await;
        conf = conf
            .into_builder()
            .credentials_provider(aws_sdk_backup::config::SharedCredentialsProvider::new(
                provider,
            ))
            .build();
    }
    let region = match conf.region() {
        Some(r) if !r.as_ref().is_empty() => r.to_string(),
        _ => return Err(AwsError::NoRegion(error::no_region_hint(&selected, &files))),
    };
    let Some(provider) = conf.credentials_provider() else {
        return Err(AwsError::NoCredentials(
            "no credential provider is configured".into(),
        ));
    };
    if let Err(e) = provider.provide_credentials().await {
        if let Some(role) = &opts.assume_role {
            return Err(AwsError::AssumeRole {
                role: role.role_arn.clone(),
                detail: error::assume_role_detail(&error::chain(&e)),
            });
        }
        return Err(AwsError::NoCredentials(error::no_credentials_detail(
            &error::chain(&e),
            &selected,
            &files,
        )));
    }
    let paced = opts.retry_mode == RetryMode::Paced;
    let shared = Arc::new(shared::Shared::new(
        paced.then(pacing::Pacer::default),
        opts.timeouts,
    ));
    let log = calls::CallLog {
        shared: shared.clone(),
    };
    let policy = transport::RetryPolicy {
        shared: shared.clone(),
    };
    let mut backup = aws_sdk_backup::config::Builder::from(&conf)
        .interceptor(log.clone())
        .retry_classifier(policy.clone());
    if paced {
        if let Some(http) = transport::PacedClient::new(shared.clone(), opts.http.as_ref()) {
            backup = backup.http_client(http);
        }
        // Paced throttles do not drain the retry quota: the quota is the
        // SDK's brake for outages, and the pacer already slows throttled
        // operations down (transient errors and timeouts still cost).
        backup = backup.retry_partition(
            RetryPartition::custom("backupctl")
                .token_bucket(TokenBucket::builder().throttling_retry_cost(0).build())
                .build(),
        );
    }
    Ok(Aws {
        client: aws_sdk_backup::Client::from_conf(backup.build()),
        sts: identity::sts_client(&conf, opts.endpoint_url.is_some(), log, policy),
        region,
        sem: Arc::new(tokio::sync::Semaphore::new(opts.concurrency.max(1))),
        global: opts.global.clone(),
        shared,
    })
}

impl Aws {
    /// The region every call goes to.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Calls, attempts and throttles so far.
    pub fn stats(&self) -> Stats {
        self.shared.stats()
    }

    /// The operations AWS throttled, with the send rate each ended at.
    pub fn paced(&self) -> Vec<pacing::PaceSummary> {
        self.shared
            .pacer
            .as_ref()
            .map(pacing::Pacer::summary)
            .unwrap_or_default()
    }

    /// A slot among the `concurrency` requests allowed in flight, for a call
    /// of `operation`. In paced mode the call first waits for its
    /// operation's send slot, without holding a concurrency slot meanwhile
    /// (so a throttled operation does not hold up the others); retries are
    /// paced by the HTTP client (`transport::PacedClient`).
    pub(crate) async fn permit(&self, operation: &str) -> Permit<'_> {
        let mut paced = false;
        loop {
            if let Some(pacer) = &self.shared.pacer {
                paced |= pacer.wait_turn(operation).await;
            }
            let permit = self
                .sem
                .acquire()
                .await
                .expect("the semaphore is never closed");
            // AWS began throttling the operation while this call queued for
            // a concurrency slot: give the slot back and take a send slot.
            let now_paced = self
                .shared
                .pacer
                .as_ref()
                .is_some_and(|p| p.is_paced(operation));
            if paced || !now_paced {
                // The client's own slot first, then a global one, so a
                // client never holds a global slot while it waits.
                let global = match &self.global {
                    Some(g) => Some(
                        g.clone()
                            .acquire_owned()
                            .await
                            .expect("the semaphore is never closed"),
                    ),
                    None => None,
                };
                return Permit {
                    _local: permit,
                    _global: global,
                };
            }
        }
    }

    /// Every page of a paginated list call, each page fetched under a
    /// permit (so list pages count against `concurrency` too).
    pub(crate) async fn all_pages<O, E>(
        &self,
        operation: &'static str,
        pages: aws_smithy_async::future::pagination_stream::PaginationStream<
            Result<
                O,
                aws_sdk_backup::error::SdkError<E, aws_sdk_backup::config::http::HttpResponse>,
            >,
        >,
    ) -> Result<Vec<O>, AwsError>
    where
        E: aws_sdk_backup::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        Ok(self
            .pages_if_served(operation, pages, false)
            .await?
            .unwrap_or_default())
    }

    /// Like `all_pages`, but `None` when the endpoint does not serve the
    /// operation at all (its first page is answered as unrouted, see
    /// `error::unserved`): for listings of kinds an emulator such as
    /// moto_server lacks, so it reads as holding none of them.
    pub(crate) async fn all_pages_if_served<O, E>(
        &self,
        operation: &'static str,
        pages: aws_smithy_async::future::pagination_stream::PaginationStream<
            Result<
                O,
                aws_sdk_backup::error::SdkError<E, aws_sdk_backup::config::http::HttpResponse>,
            >,
        >,
    ) -> Result<Option<Vec<O>>, AwsError>
    where
        E: aws_sdk_backup::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        self.pages_if_served(operation, pages, true).await
    }

    async fn pages_if_served<O, E>(
        &self,
        operation: &'static str,
        mut pages: aws_smithy_async::future::pagination_stream::PaginationStream<
            Result<
                O,
                aws_sdk_backup::error::SdkError<E, aws_sdk_backup::config::http::HttpResponse>,
            >,
        >,
        tolerate_unserved: bool,
    ) -> Result<Option<Vec<O>>, AwsError>
    where
        E: aws_sdk_backup::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let mut out = Vec::new();
        loop {
            let page = {
                let _p = self.permit(operation).await;
                pages.next().await
            };
            match page {
                None => return Ok(Some(out)),
                Some(Ok(page)) => out.push(page),
                Some(Err(e)) if tolerate_unserved && out.is_empty() && error::unserved(&e) => {
                    tracing::debug!("the endpoint does not implement {operation}; read as none");
                    return Ok(None);
                }
                Some(Err(e)) => return Err(error::from_sdk(operation, e)),
            }
        }
    }
}
