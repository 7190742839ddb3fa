//! One error type for every AWS failure, each rendered as one human line
//! (the CLI prints it and exits 1). SDK errors are classified here, by the
//! error code AWS sent, so callers never match on SDK error enums.

use aws_sdk_backup::config::http::HttpResponse;
use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};

#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    #[error("no AWS region: pass --region or set AWS_REGION")]
    NoRegion,
    #[error("no AWS credentials found: {0} (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or try --emulator)")]
    NoCredentials(String),
    #[error("access denied by AWS for {operation}: {message}")]
    AccessDenied {
        operation: &'static str,
        message: String,
    },
    #[error("{operation} was still throttled by AWS after all retries ({code}); lower --concurrency or retry later")]
    Throttled {
        operation: &'static str,
        code: String,
    },
    #[error("{operation} failed: {code}: {message}")]
    Service {
        operation: &'static str,
        code: String,
        message: String,
    },
    #[error("{operation} timed out")]
    Timeout { operation: &'static str },
    #[error("cannot reach the AWS Backup endpoint for {operation}: {detail}")]
    Transport {
        operation: &'static str,
        detail: String,
    },
    #[error("{operation}: {detail}")]
    Other {
        operation: &'static str,
        detail: String,
    },
}

impl AwsError {
    /// The AWS error code when AWS answered with one
    /// (e.g. "InvalidRequestException").
    pub fn code(&self) -> Option<&str> {
        match self {
            AwsError::AccessDenied { .. } => Some("AccessDeniedException"),
            AwsError::Throttled { code, .. } | AwsError::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The operation that failed, when known.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            AwsError::AccessDenied { operation, .. }
            | AwsError::Throttled { operation, .. }
            | AwsError::Service { operation, .. }
            | AwsError::Timeout { operation }
            | AwsError::Transport { operation, .. }
            | AwsError::Other { operation, .. } => Some(operation),
            AwsError::NoRegion | AwsError::NoCredentials(_) => None,
        }
    }
}

/// Collapse whitespace runs (newlines included) so a message stays on one line.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An error and its sources as one line (`a: b: c`), without the Debug dump
/// the SDK's `DisplayErrorContext` appends, parts repeated by a wrapper
/// skipped, capped at 400 characters.
pub(crate) fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        let text = one_line(&e.to_string());
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    let mut line = parts.join(": ");
    if line.chars().count() > 400 {
        line = line.chars().take(399).collect::<String>() + "…";
    }
    line
}

const THROTTLING: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
];

/// Classify an SDK error for `operation`.
pub(crate) fn from_sdk<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &err {
        SdkError::ServiceError(_) | SdkError::ResponseError(_) if err.code().is_some() => {
            let code = err.code().unwrap_or_default().to_string();
            let message = one_line(err.message().unwrap_or("(no message)"));
            if code == "AccessDeniedException" || code == "AccessDenied" {
                AwsError::AccessDenied { operation, message }
            } else if THROTTLING.contains(&code.as_str()) {
                AwsError::Throttled { operation, code }
            } else {
                AwsError::Service {
                    operation,
                    code,
                    message,
                }
            }
        }
        SdkError::ServiceError(_) | SdkError::ResponseError(_)
            if err.raw_response().is_some_and(|r| !r.status().is_success()) =>
        {
            let status = err.raw_response().map_or(0, |r| r.status().as_u16());
            AwsError::Other {
                operation,
                detail: format!(
                    "HTTP {status} without an AWS error code (the endpoint may not implement this operation)"
                ),
            }
        }
        SdkError::TimeoutError(_) => AwsError::Timeout { operation },
        SdkError::DispatchFailure(d) if d.is_timeout() => AwsError::Timeout { operation },
        SdkError::DispatchFailure(_) => AwsError::Transport {
            operation,
            detail: chain(&err),
        },
        _ => {
            let detail = chain(&err);
            if detail.to_ascii_lowercase().contains("credentials") {
                AwsError::NoCredentials(detail)
            } else {
                AwsError::Other { operation, detail }
            }
        }
    }
}

/// The AWS error code of an SDK error, if AWS sent one.
pub(crate) fn code_of<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> Option<&str> {
    err.code()
}

/// Whether the endpoint does not serve the operation at all: it answered
/// `UnknownOperationException`, or HTTP 404 without any AWS error code (the
/// URL is not routed; AWS Backup answers a missing resource with a coded
/// ResourceNotFoundException). Emulators such as moto_server do this for
/// operations they do not implement. Only reads of optional vault
/// sub-resources use it: an endpoint without the operation cannot hold
/// that sub-resource.
pub(crate) fn unserved<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> bool {
    let status = match err {
        SdkError::ServiceError(_) | SdkError::ResponseError(_) => {
            err.raw_response().map(|r| r.status().as_u16())
        }
        _ => return false,
    };
    unserved_answer(err.code(), status)
}

fn unserved_answer(code: Option<&str>, status: Option<u16>) -> bool {
    match code {
        Some(code) => code == "UnknownOperationException",
        None => status == Some(404),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line() {
        let errs = [
            AwsError::NoRegion,
            AwsError::NoCredentials(one_line("chain\nfailed:  env")),
            AwsError::AccessDenied {
                operation: "ListBackupVaults",
                message: "Insufficient privileges".into(),
            },
            AwsError::Throttled {
                operation: "ListTags",
                code: "ThrottlingException".into(),
            },
        ];
        for e in errs {
            let s = e.to_string();
            assert!(!s.contains('\n'), "{s}");
        }
        assert_eq!(one_line("a\n  b\tc"), "a b c");
    }

    #[test]
    fn only_uncoded_404_and_unknown_operation_are_unserved() {
        assert!(unserved_answer(None, Some(404)));
        assert!(unserved_answer(
            Some("UnknownOperationException"),
            Some(400)
        ));
        // AWS's own answers for a missing or forbidden sub-resource are coded.
        assert!(!unserved_answer(
            Some("ResourceNotFoundException"),
            Some(404)
        ));
        assert!(!unserved_answer(Some("AccessDeniedException"), Some(403)));
        // A server error without a code is a failure, never "not there".
        assert!(!unserved_answer(None, Some(500)));
        assert!(!unserved_answer(None, Some(403)));
        assert!(!unserved_answer(None, None));
    }
}
