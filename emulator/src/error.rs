//! AWS error answers: the `x-amzn-ErrorType` header plus a JSON body with
//! `Code` and `Message` (what AWS Backup sends; `Type` and `Context` stay
//! absent, as in real answers, e.g. gruntwork-io/cloud-nuke#730), a
//! lower-case `message` for generic clients, and extra modeled members.

use serde_json::{json, Map, Value};

#[derive(Debug, Clone)]
pub struct AwsError {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// Extra modeled members (e.g. `CreatorRequestId`, `Arn`).
    pub extra: Vec<(&'static str, String)>,
}

impl AwsError {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        AwsError {
            status,
            code: code.to_string(),
            message: message.into(),
            extra: Vec::new(),
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(400, "InvalidParameterValueException", message)
    }
    pub fn missing(message: impl Into<String>) -> Self {
        Self::new(400, "MissingParameterValueException", message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(400, "ResourceNotFoundException", message)
    }
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(400, "InvalidRequestException", message)
    }
    pub fn limit(message: impl Into<String>) -> Self {
        Self::new(400, "LimitExceededException", message)
    }
    pub fn access_denied() -> Self {
        Self::new(
            403,
            "AccessDeniedException",
            "Insufficient privileges to perform this action.",
        )
    }
    pub fn throttling() -> Self {
        Self::new(400, "ThrottlingException", "Rate exceeded")
    }
    pub fn unavailable() -> Self {
        Self::new(
            500,
            "ServiceUnavailableException",
            "The request failed due to a temporary failure of the server.",
        )
    }
    pub fn already_exists(message: impl Into<String>, creator: Option<&str>, arn: &str) -> Self {
        let mut e = Self::new(400, "AlreadyExistsException", message);
        if let Some(c) = creator {
            e.extra.push(("CreatorRequestId", c.to_string()));
        }
        e.extra.push(("Arn", arn.to_string()));
        e
    }
    /// An error chosen by name (fault injection, `fail_nth`).
    pub fn by_name(code: &str) -> Self {
        match code {
            "ThrottlingException" => Self::throttling(),
            "ServiceUnavailableException" => Self::unavailable(),
            "InternalFailure" | "InternalServerError" => {
                Self::new(500, code, "Internal server error")
            }
            other => Self::new(400, other, "Injected failure"),
        }
    }

    pub fn body(&self) -> Value {
        let mut m = Map::new();
        m.insert("Code".into(), json!(self.code));
        m.insert("Message".into(), json!(self.message));
        m.insert("message".into(), json!(self.message));
        for (k, v) in &self.extra {
            m.insert(k.to_string(), json!(v));
        }
        Value::Object(m)
    }
}

pub type OpResult = Result<Value, AwsError>;
