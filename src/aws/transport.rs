//! How requests reach AWS: timeouts, which failures are retried, and the
//! paced HTTP client.
//!
//! - [`Timeouts`]: connect (TCP + TLS), read (request sent to first
//!   response byte) and operation (a whole call, retries and pacing waits
//!   included), from `--connect-timeout`, `--read-timeout` and
//!   `--operation-timeout`.
//! - [`RetryPolicy`], a retry classifier run after the SDK's own:
//!   a timeout is not retried while the endpoint has not answered a single
//!   request of this run (a dead or black-holed endpoint then fails after
//!   one timeout instead of `attempts x timeout`; once it has answered, a
//!   timeout is a transient stall and is retried). In paced mode a
//!   throttled attempt is retried without the SDK's exponential backoff:
//!   the [`Pacer`] gives it its slot.
//! - [`PacedClient`] wraps the SDK's default HTTPS client and holds each
//!   retry tagged with an operation ([`OpTag`]) until its operation's send
//!   slot (first attempts wait for theirs in `Aws::permit`, before taking
//!   a concurrency slot). The wait is outside the read timeout, inside the
//!   operation timeout.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_backup::config::retry::{ClassifyRetry, RetryAction};
use aws_sdk_backup::config::{ConfigBag, RuntimeComponents, RuntimeComponentsBuilder};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::retries::classifiers::{RetryClassifierPriority, RetryReason};
use aws_smithy_runtime_api::client::retries::ErrorKind;
use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;

use super::shared::Shared;

/// The operation a request belongs to (a request extension).
#[derive(Debug, Clone)]
pub(crate) struct OpTag(pub Arc<str>);

const THROTTLING: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
];

/// The AWS error code from an `x-amzn-ErrorType` header value
/// (`Code` or `Code:http://internal...`).
pub(crate) fn error_code(header: Option<&str>) -> Option<String> {
    let code = header?.split(':').next()?.trim();
    (!code.is_empty()).then(|| code.to_string())
}

/// Whether an answer is a throttle.
pub(crate) fn is_throttle(status: u16, code: Option<&str>) -> bool {
    status == 429 || code.is_some_and(|c| THROTTLING.contains(&c))
}

/// See the module comment.
#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    pub shared: Arc<Shared>,
}

impl ClassifyRetry for RetryPolicy {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        self.classify_retry_v2(ctx, &RetryAction::NoActionIndicated)
    }

    fn classify_retry_v2(&self, ctx: &InterceptorContext, previous: &RetryAction) -> RetryAction {
        if let Some(Err(e)) = ctx.output_or_error() {
            let timeout =
                e.is_timeout_error() || e.as_connector_error().is_some_and(|c| c.is_timeout());
            if timeout && !self.shared.answered.load(Ordering::Relaxed) {
                return RetryAction::RetryForbidden;
            }
        }
        if self.shared.pacer.is_some() {
            if let RetryAction::RetryIndicated(RetryReason::RetryableError {
                kind: ErrorKind::ThrottlingError,
                ..
            }) = previous
            {
                return RetryAction::retryable_error_with_explicit_delay(
                    ErrorKind::ThrottlingError,
                    Duration::ZERO,
                );
            }
        }
        RetryAction::NoActionIndicated
    }

    fn name(&self) -> &'static str {
        "backupctl::RetryPolicy"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

/// The SDK's default HTTPS client with per-operation pacing in front.
#[derive(Debug, Clone)]
pub(crate) struct PacedClient {
    inner: SharedHttpClient,
    shared: Arc<Shared>,
}

impl PacedClient {
    /// `None` when this build of the SDK has no default HTTPS client.
    pub(super) fn new(shared: Arc<Shared>, http: Option<&super::Http>) -> Option<Self> {
        let inner = match http {
            Some(h) => h.0.clone(),
            None => default_client()?,
        };
        Some(PacedClient { inner, shared })
    }
}

/// The SDK's default HTTPS client (`None` when this build has none).
pub(super) fn default_client() -> Option<SharedHttpClient> {
    let plugin = aws_smithy_runtime::client::defaults::default_http_client_plugin_v2(
        aws_config::BehaviorVersion::latest(),
    )?;
    plugin
        .runtime_components(&RuntimeComponentsBuilder::new("backupctl"))
        .http_client()
}

impl HttpClient for PacedClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(PacedConnector {
            inner: self.inner.http_connector(settings, components),
            shared: self.shared.clone(),
        })
    }

    fn validate_base_client_config(
        &self,
        runtime_components: &RuntimeComponentsBuilder,
        cfg: &ConfigBag,
    ) -> Result<(), BoxError> {
        self.inner
            .validate_base_client_config(runtime_components, cfg)
    }

    fn validate_final_config(
        &self,
        runtime_components: &RuntimeComponents,
        cfg: &ConfigBag,
    ) -> Result<(), BoxError> {
        self.inner.validate_final_config(runtime_components, cfg)
    }

    fn connector_metadata(&self) -> Option<ConnectorMetadata> {
        self.inner.connector_metadata()
    }
}

#[derive(Debug)]
struct PacedConnector {
    inner: SharedHttpConnector,
    shared: Arc<Shared>,
}

impl HttpConnector for PacedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let wait = match (&self.shared.pacer, request.extension::<OpTag>()) {
            (Some(pacer), Some(op)) => pacer.reserve_retry(&op.0, Instant::now()),
            _ => Duration::ZERO,
        };
        if wait.is_zero() {
            return self.inner.call(request);
        }
        let inner = self.inner.clone();
        HttpConnectorFuture::new(async move {
            tokio::time::sleep(wait).await;
            inner.call(request).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_drop_the_namespace_suffix() {
        assert_eq!(
            error_code(Some(
                "ThrottlingException:http://internal.amazon.com/coral/"
            ))
            .as_deref(),
            Some("ThrottlingException")
        );
        assert_eq!(error_code(Some("")), None);
        assert_eq!(error_code(None), None);
    }

    #[test]
    fn throttles_by_code_or_429() {
        assert!(is_throttle(400, Some("ThrottlingException")));
        assert!(is_throttle(429, None));
        assert!(!is_throttle(400, Some("InvalidParameterValueException")));
        assert!(!is_throttle(503, Some("ServiceUnavailableException")));
    }
}
