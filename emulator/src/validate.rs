//! Request-member extraction with the model's constraints (types, required,
//! patterns, ranges), answering the error codes AWS Backup uses.

use std::collections::HashMap;

use serde_json::Value;

use crate::error::AwsError;
use crate::state::Tags;

/// `^[a-zA-Z0-9\-\_]{min,max}$`, plus `.` when `dot`.
pub fn simple_name(s: &str, min: usize, max: usize, dot: bool) -> bool {
    let n = s.chars().count();
    n >= min
        && n <= max
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || (dot && c == '.'))
}

pub fn vault_name(s: &str) -> Result<(), AwsError> {
    if simple_name(s, 2, 50, false) {
        Ok(())
    } else {
        Err(AwsError::invalid(format!(
            "Invalid backup vault name {s}: must match ^[a-zA-Z0-9\\-\\_]{{2,50}}$"
        )))
    }
}

pub fn body_obj<'a>(
    body: &'a Value,
    key: &str,
) -> Result<Option<&'a serde_json::Map<String, Value>>, AwsError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(wrong_type(key, "a structure")),
    }
}

fn wrong_type(key: &str, what: &str) -> AwsError {
    AwsError::new(
        400,
        "SerializationException",
        format!("{key} must be {what}"),
    )
}

pub fn opt_str<'a>(body: &'a Value, key: &str) -> Result<Option<&'a str>, AwsError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(wrong_type(key, "a string")),
    }
}

pub fn req_str<'a>(body: &'a Value, key: &str) -> Result<&'a str, AwsError> {
    match opt_str(body, key)? {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(AwsError::missing(format!("{key} is required"))),
    }
}

pub fn opt_i64(body: &Value, key: &str) -> Result<Option<i64>, AwsError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| wrong_type(key, "an integer")),
    }
}

pub fn opt_bool(body: &Value, key: &str) -> Result<Option<bool>, AwsError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(wrong_type(key, "a boolean")),
    }
}

pub fn opt_str_list(body: &Value, key: &str) -> Result<Option<Vec<String>>, AwsError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| wrong_type(key, "a list of strings"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(wrong_type(key, "a list")),
    }
}

/// A tag map checked as AWS does: keys 1..128 characters, not `aws:`,
/// values up to 256 characters, at most 50 tags.
pub fn tags(body: &Value, key: &str) -> Result<Option<Tags>, AwsError> {
    let Some(m) = body_obj(body, key)? else {
        return Ok(None);
    };
    let mut out = Tags::new();
    for (k, v) in m {
        let v = v
            .as_str()
            .ok_or_else(|| wrong_type(key, "a map of strings"))?;
        check_tag(k, v)?;
        out.insert(k.clone(), v.to_string());
    }
    if out.len() > 50 {
        return Err(AwsError::invalid("A resource can have at most 50 tags"));
    }
    Ok(Some(out))
}

pub fn check_tag(k: &str, v: &str) -> Result<(), AwsError> {
    let kl = k.chars().count();
    if kl == 0 || kl > 128 {
        return Err(AwsError::invalid(format!(
            "Tag key {k:?} must be 1 to 128 characters"
        )));
    }
    if k.to_ascii_lowercase().starts_with("aws:") {
        return Err(AwsError::invalid(format!(
            "Tag key {k:?} uses the reserved prefix aws:"
        )));
    }
    if v.chars().count() > 256 {
        return Err(AwsError::invalid(format!(
            "Tag value for {k:?} must be at most 256 characters"
        )));
    }
    Ok(())
}

/// Documented: 1 to 50 alphanumeric or `-_.` characters.
pub fn creator_request_id(body: &Value) -> Result<Option<String>, AwsError> {
    match opt_str(body, "CreatorRequestId")? {
        None => Ok(None),
        Some(s) if simple_name(s, 1, 50, true) => Ok(Some(s.to_string())),
        Some(s) => Err(AwsError::invalid(format!(
            "Invalid CreatorRequestId {s}: must be 1 to 50 alphanumeric or '-_.' characters"
        ))),
    }
}

/// `MaxResults` (1..1000) from the query string; `default` when absent.
pub fn max_results(
    q: &HashMap<String, String>,
    name: &str,
    default: usize,
) -> Result<usize, AwsError> {
    match q.get(name) {
        None => Ok(default),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=1000).contains(&n) => Ok(n as usize),
            _ => Err(AwsError::invalid(format!(
                "Invalid value {s} for MaxResults: must be between 1 and 1000"
            ))),
        },
    }
}

pub fn query_bool(q: &HashMap<String, String>, name: &str) -> Result<Option<bool>, AwsError> {
    match q.get(name).map(String::as_str) {
        None => Ok(None),
        Some("true") | Some("TRUE") | Some("True") => Ok(Some(true)),
        Some("false") | Some("FALSE") | Some("False") => Ok(Some(false)),
        Some(other) => Err(AwsError::invalid(format!(
            "Invalid boolean {other} for {name}"
        ))),
    }
}

/// Query-string members with a model pattern: ResourceType
/// (`^[a-zA-Z0-9\-\_\.]{1,50}$`) and AccountId (`^[0-9]{12}$`).
pub fn query_patterns(
    q: &HashMap<String, String>,
    resource_types: &[&str],
    account_ids: &[&str],
) -> Result<(), AwsError> {
    for name in resource_types {
        if let Some(v) = q.get(*name) {
            if !simple_name(v, 1, 50, true) {
                return Err(AwsError::invalid(format!(
                    "Invalid resource type {v} for {name}"
                )));
            }
        }
    }
    for name in account_ids {
        if let Some(v) = q.get(*name) {
            if v.len() != 12 || !v.bytes().all(|b| b.is_ascii_digit()) {
                return Err(AwsError::invalid(format!(
                    "Invalid account id {v} for {name}"
                )));
            }
        }
    }
    Ok(())
}

/// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` with the given service.
pub fn arn_of_service(s: &str, service: &str) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == service
        && !parts[5].is_empty()
}

pub fn iam_role_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "iam"
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && parts[5].starts_with("role/")
        && parts[5].len() > 5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(simple_name("ab", 2, 50, false));
        assert!(!simple_name("a", 2, 50, false));
        assert!(!simple_name("a.b", 2, 50, false));
        assert!(simple_name("a.b", 1, 50, true));
        assert!(!simple_name(&"x".repeat(51), 1, 50, true));
    }

    #[test]
    fn arns() {
        assert!(iam_role_arn("arn:aws:iam::123456789012:role/backup"));
        assert!(!iam_role_arn("arn:aws:iam::1234:role/backup"));
        assert!(arn_of_service(
            "arn:aws:sns:us-east-1:123456789012:topic",
            "sns"
        ));
        assert!(!arn_of_service("topic", "sns"));
    }
}
