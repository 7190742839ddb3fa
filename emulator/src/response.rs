//! How the emulator answers: JSON bodies with a request id, and AWS-shaped
//! errors (`x-amzn-ErrorType`, with the service namespace where AWS puts
//! one). Shared by the AWS operations, the admin API and STS.

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use serde_json::Value;

use crate::error::AwsError;

pub type Resp = Response<Full<Bytes>>;

pub fn json_response(status: u16, body: &Value) -> Resp {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("x-amzn-requestid", crate::util::uuid())
        .body(Full::new(Bytes::from(bytes)))
        .expect("static response parts are valid")
}

/// Exceptions raised by the Backup service itself (the model's), whose
/// `x-amzn-ErrorType` AWS suffixes with the service's internal namespace,
/// e.g. `InvalidParameterValueException:http://internal.amazon.com/coral/com.amazonaws.services.cryo/`
/// (terraform-provider-aws#29199). Gateway errors (auth, throttling) carry none.
const SERVICE_ERRORS: &[&str] = &[
    "AlreadyExistsException",
    "ConflictException",
    "InvalidParameterValueException",
    "InvalidRequestException",
    "InvalidResourceStateException",
    "LimitExceededException",
    "MissingParameterValueException",
    "ResourceNotFoundException",
    "ServiceUnavailableException",
];

pub fn error_response(e: &AwsError) -> Resp {
    let mut r = json_response(e.status, &e.body());
    let header = if SERVICE_ERRORS.contains(&e.code.as_str()) {
        format!(
            "{}:http://internal.amazon.com/coral/com.amazonaws.services.cryo/",
            e.code
        )
    } else {
        e.code.clone()
    };
    if let Ok(v) = header.parse() {
        r.headers_mut().insert("x-amzn-errortype", v);
    }
    r
}

/// The error a connection task returns to make hyper drop the connection
/// without answering (fault injection).
pub fn dropped() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::ConnectionAborted,
        "injected connection drop",
    )
}
