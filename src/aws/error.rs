//! One error type for every AWS failure, each rendered as one human line
//! (the CLI prints it and exits 1). SDK errors are classified here, by the
//! error code AWS sent, so callers never match on SDK error enums.

use aws_sdk_backup::config::http::HttpResponse;
use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};

use super::profile::{self, Files, Selected};

#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    /// The selected profile is in neither AWS config file (message names
    /// it and the known ones).
    #[error("{0}")]
    UnknownProfile(String),
    #[error("no AWS region: pass --region or set AWS_REGION ({0})")]
    NoRegion(String),
    #[error("no AWS credentials found: {0} (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or try --emulator)")]
    NoCredentials(String),
    /// STS refused the role (AccessDenied, a wrong external id) or could
    /// not be reached.
    #[error("cannot assume role {role}: {detail}")]
    AssumeRole { role: String, detail: String },
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
    /// No answer in time; the message names the endpoint and the limit.
    #[error("{message}")]
    Timeout {
        operation: &'static str,
        message: String,
    },
    /// No connection; the message names the endpoint when known.
    #[error("{message}")]
    Transport {
        operation: &'static str,
        message: String,
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
            | AwsError::Timeout { operation, .. }
            | AwsError::Transport { operation, .. }
            | AwsError::Other { operation, .. } => Some(operation),
            AwsError::UnknownProfile(_)
            | AwsError::NoRegion(_)
            | AwsError::NoCredentials(_)
            | AwsError::AssumeRole { .. } => None,
        }
    }
}

/// Where a region could have come from, for [`AwsError::NoRegion`].
pub(crate) fn no_region_hint(selected: &Selected, files: &Files) -> String {
    format!(
        "or `region` in profile `{}` of {}",
        selected.name,
        profile::tilde(&files.config)
    )
}

/// Why the credential chain found nothing, in one line: the sources it
/// tried, and the reason of a source that failed outright (an expired SSO
/// session, a failing credential_process, an instance metadata service
/// that refused).
pub(crate) fn no_credentials_detail(
    chain_text: &str,
    selected: &Selected,
    files: &Files,
) -> String {
    let imds = if std::env::var("AWS_EC2_METADATA_DISABLED")
        .is_ok_and(|v| v.eq_ignore_ascii_case("true"))
    {
        "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)"
    } else {
        "EC2 instance metadata"
    };
    let tried = format!(
        "none in the environment (AWS_ACCESS_KEY_ID), profile `{}` of {}, web identity (AWS_WEB_IDENTITY_TOKEN_FILE), the ECS/EKS container endpoint or {imds}",
        selected.name,
        files.describe().replace(" or ", " and ")
    );
    let reason = chain_text
        .trim_start_matches("an error occurred while loading credentials: ")
        .replace("service error: ", "");
    if chain_text.contains("no credentials found in chain")
        || chain_text.contains("no providers in chain provided credentials")
    {
        tried
    } else if chain_text.contains("IMDS") {
        format!("{tried} ({reason})")
    } else {
        format!("profile `{}`: {reason}", selected.name)
    }
}

/// Collapse whitespace runs (newlines included) so a message stays on one line.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An error and its sources as one line (`a: b: c`), without the Debug dump
/// the SDK's `DisplayErrorContext` appends, parts repeated by a wrapper
/// skipped, capped at 400 characters.
/// The reason STS gave for refusing a role, without the SDK's wrapping.
/// STS's own error appears as the SDK's Debug form (`Error { code: "C",
/// message: "M", aws_request_id: "R" }`): only its message is kept, so the
/// line reads `AccessDenied: User: ... is not authorized to perform:
/// sts:AssumeRole on resource: ...`.
pub(crate) fn assume_role_detail(chain_text: &str) -> String {
    let text = chain_text
        .replace("an error occurred while loading credentials: ", "")
        .replace("service error: ", "")
        .replace("unhandled error (AccessDenied): ", "AccessDenied: ");
    const OPEN: &str = "Error { code: \"";
    const MESSAGE: &str = "message: \"";
    let (Some(start), Some(m)) = (text.find(OPEN), text.find(MESSAGE)) else {
        return text;
    };
    if m < start {
        return text;
    }
    let msg = &text[m + MESSAGE.len()..];
    let end = msg
        .find("\", aws_request_id")
        .or_else(|| msg.rfind("\" }"))
        .unwrap_or(msg.len());
    format!("{}{}", &text[..start], msg[..end].replace("\\\"", "\""))
}

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
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => {
            let known = find::<NoAnswer>(&err).map(ToString::to_string);
            let timeout = matches!(&err, SdkError::TimeoutError(_))
                || matches!(&err, SdkError::DispatchFailure(d) if d.is_timeout());
            match (timeout, known) {
                (true, message) => AwsError::Timeout {
                    operation,
                    message: message
                        .unwrap_or_else(|| format!("{operation} timed out: {}", chain(&err))),
                },
                (false, message) => AwsError::Transport {
                    operation,
                    message: message.unwrap_or_else(|| {
                        format!(
                            "cannot reach the AWS endpoint for {operation}: {}",
                            chain(&err)
                        )
                    }),
                },
            }
        }
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

/// The first error of type `T` in `err`'s source chain.
fn find<'a, T: std::error::Error + 'static>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut next = Some(err);
    while let Some(e) = next {
        if let Some(t) = e.downcast_ref::<T>() {
            return Some(t);
        }
        next = e.source();
    }
    None
}

/// A duration as people write it: `800ms`, `5s`, `1.5s`, `2m`, `1m30s`.
pub(crate) fn human(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms}ms")
    } else if !ms.is_multiple_of(1000) && ms < 60_000 {
        let secs = format!("{:.2}", d.as_secs_f64());
        format!("{}s", secs.trim_end_matches('0').trim_end_matches('.'))
    } else {
        let s = d.as_secs();
        match (s / 60, s % 60) {
            (0, s) => format!("{s}s"),
            (m, 0) => format!("{m}m"),
            (m, s) => format!("{m}m{s}s"),
        }
    }
}

/// Which limit ended a call that got no answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NoAnswerKind {
    /// No TCP/TLS connection within `--connect-timeout`.
    Connect(std::time::Duration),
    /// Connected, but no response within `--read-timeout`.
    Read(std::time::Duration),
    /// The call, retries included, did not finish within `--operation-timeout`.
    Operation(std::time::Duration),
    /// The connection failed (refused, reset, DNS).
    Unreachable,
}

/// A call that got no answer, as the SDK interceptor saw it (it knows the
/// endpoint, which the SDK's error does not carry). Put in the SDK error's
/// source chain by `calls::CallLog`; `from_sdk` uses its message.
#[derive(Debug)]
pub(crate) struct NoAnswer {
    /// "Backup", "STS" (the SDK's service name).
    pub service: String,
    pub endpoint: String,
    pub operation: String,
    pub attempts: u32,
    /// The SDK's own error chain.
    pub detail: String,
    pub kind: NoAnswerKind,
    /// The last HTTP answer of an earlier attempt ("400 ThrottlingException").
    pub last_answer: Option<String>,
}

impl std::fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (ep, op) = (
            format!("AWS {} endpoint {}", self.service, self.endpoint),
            &self.operation,
        );
        let tries = match self.attempts {
            1 => String::new(),
            n => format!(", {n} attempts"),
        };
        match self.kind {
            NoAnswerKind::Connect(d) => write!(
                f,
                "{ep} did not answer within {} (connect timeout, {op}{tries}); check the endpoint URL (--endpoint-url, AWS_ENDPOINT_URL_*), the network and any proxy, or raise --connect-timeout",
                human(d)
            ),
            NoAnswerKind::Read(d) => write!(
                f,
                "{ep} accepted the connection but sent no answer to {op} within {} (read timeout{tries}); raise --read-timeout if the endpoint is only slow",
                human(d)
            ),
            NoAnswerKind::Operation(d) => {
                let last = self
                    .last_answer
                    .as_deref()
                    .map_or_else(String::new, |a| format!(", last answer {a}"));
                write!(
                    f,
                    "{op} did not complete within {} (operation timeout{tries}{last}) at {ep}; raise --operation-timeout",
                    human(d)
                )
            }
            NoAnswerKind::Unreachable => write!(
                f,
                "cannot reach {ep} for {op}: {}",
                self.detail
            ),
        }
    }
}

impl std::error::Error for NoAnswer {}

/// The AWS error code of an SDK error, if AWS sent one.
pub(crate) fn code_of<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> Option<&str> {
    err.code()
}

/// Whether the endpoint does not serve the operation at all: it answered
/// `UnknownOperationException`, or HTTP 404 without any AWS error code (the
/// URL is not routed; AWS Backup answers a missing resource with a coded
/// ResourceNotFoundException). Emulators such as moto_server do this for
/// operations they do not implement. Only reads of optional vault
/// sub-resources and the listings of the newer kinds (restore testing
/// plans, tiering configurations, legal holds, frameworks, report plans)
/// use it: an endpoint without
/// the operation cannot hold that sub-resource or resource.
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
    fn a_refused_role_reads_as_stss_message() {
        let sdk = r#"an error occurred while loading credentials: service error: unhandled error (AccessDenied): Error { code: "AccessDenied", message: "User: arn:aws:iam::1:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::2:role/r because \"x\"", aws_request_id: "id-1" }"#;
        assert_eq!(
            assume_role_detail(sdk),
            r#"AccessDenied: User: arn:aws:iam::1:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::2:role/r because "x""#
        );
        let plain = "dispatch failure: connection refused";
        assert_eq!(assume_role_detail(plain), plain);
    }

    #[test]
    fn messages_are_one_line() {
        let errs = [
            AwsError::NoRegion("or `region` in profile `default` of ~/.aws/config".into()),
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
    fn durations_are_written_as_people_write_them() {
        let ms = std::time::Duration::from_millis;
        assert_eq!(human(ms(800)), "800ms");
        assert_eq!(human(ms(5000)), "5s");
        assert_eq!(human(ms(1500)), "1.5s");
        assert_eq!(human(ms(1234)), "1.23s");
        assert_eq!(human(ms(120_000)), "2m");
        assert_eq!(human(ms(90_000)), "1m30s");
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
