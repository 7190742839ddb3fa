//! Request-member extraction with the model's constraints (types, required,
//! patterns, ranges), answering the error codes AWS Backup uses.

use std::collections::HashMap;

use backup_facts::limits::{
    MAX_RESULTS, MAX_TAGS, MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS, RESERVED_TAG_PREFIX,
};
use backup_facts::names::{self, CREATOR_REQUEST_ID, RESOURCE_TYPE, VAULT_NAME};
use serde_json::Value;

use crate::error::AwsError;
use crate::state::Tags;

/// The model's `BackupVaultName` pattern, quoted in the error as AWS does.
pub fn vault_name(s: &str) -> Result<(), AwsError> {
    if VAULT_NAME.matches(s) {
        Ok(())
    } else {
        Err(AwsError::invalid(format!(
            "Invalid backup vault name {s}: must match {}",
            VAULT_NAME.model
        )))
    }
}

/// The reserved prefix of AWS-created vault names.
pub const AWS_VAULT_PREFIX: &str = "aws/";

pub fn is_aws_vault(name: &str) -> bool {
    name.starts_with(AWS_VAULT_PREFIX)
}

/// `aws/` then non-empty `/`-separated segments of letters, digits, `-`, `_`.
pub fn aws_vault_name_ok(name: &str) -> bool {
    name.len() <= 100
        && name.strip_prefix(AWS_VAULT_PREFIX).is_some_and(|rest| {
            rest.split('/').all(|seg| {
                !seg.is_empty()
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
        })
}

/// The name check of operations that only read a vault: the model's
/// pattern, or a well-formed AWS-created vault name.
pub fn readable_vault_name(name: &str) -> Result<(), AwsError> {
    vault_name(name).or_else(|e| {
        if aws_vault_name_ok(name) {
            Ok(())
        } else {
            Err(e)
        }
    })
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
    if out.len() > MAX_TAGS {
        return Err(AwsError::invalid(format!(
            "A resource can have at most {MAX_TAGS} tags"
        )));
    }
    Ok(Some(out))
}

pub fn check_tag(k: &str, v: &str) -> Result<(), AwsError> {
    let kl = k.chars().count();
    if kl == 0 || kl > MAX_TAG_KEY_CHARS {
        return Err(AwsError::invalid(format!(
            "Tag key {k:?} must be 1 to {MAX_TAG_KEY_CHARS} characters"
        )));
    }
    if k.to_ascii_lowercase().starts_with(RESERVED_TAG_PREFIX) {
        return Err(AwsError::invalid(format!(
            "Tag key {k:?} uses the reserved prefix {RESERVED_TAG_PREFIX}"
        )));
    }
    if v.chars().count() > MAX_TAG_VALUE_CHARS {
        return Err(AwsError::invalid(format!(
            "Tag value for {k:?} must be at most {MAX_TAG_VALUE_CHARS} characters"
        )));
    }
    Ok(())
}

/// Documented: 1 to 50 alphanumeric or `-_.` characters.
pub fn creator_request_id(body: &Value) -> Result<Option<String>, AwsError> {
    match opt_str(body, "CreatorRequestId")? {
        None => Ok(None),
        Some(s) if CREATOR_REQUEST_ID.matches(s) => Ok(Some(s.to_string())),
        Some(s) => Err(AwsError::invalid(format!(
            "Invalid CreatorRequestId {s}: must be 1 to 50 alphanumeric or '-_.' characters"
        ))),
    }
}

/// `MaxResults` (1..1000) from the query string; the largest page when
/// absent.
pub fn max_results(q: &HashMap<String, String>, name: &str) -> Result<usize, AwsError> {
    match q.get(name) {
        None => Ok(MAX_RESULTS as usize),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=MAX_RESULTS).contains(&n) => Ok(n as usize),
            _ => Err(AwsError::invalid(format!(
                "Invalid value {s} for MaxResults: must be between 1 and {MAX_RESULTS}"
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

/// Query-string members with a model pattern: ResourceType and AccountId
/// (`backup_facts::names`).
pub fn query_patterns(
    q: &HashMap<String, String>,
    resource_types: &[&str],
    account_ids: &[&str],
) -> Result<(), AwsError> {
    for name in resource_types {
        if let Some(v) = q.get(*name) {
            if !RESOURCE_TYPE.matches(v) {
                return Err(AwsError::invalid(format!(
                    "Invalid resource type {v} for {name}"
                )));
            }
        }
    }
    for name in account_ids {
        if let Some(v) = q.get(*name) {
            if !names::is_account_id(v) {
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
    fn vault_names_quote_the_model_pattern() {
        assert!(vault_name("ab").is_ok());
        let e = vault_name("a.b").unwrap_err();
        assert_eq!(
            e.message,
            r"Invalid backup vault name a.b: must match ^[a-zA-Z0-9\-\_]{2,50}$"
        );
    }

    #[test]
    fn aws_vault_names() {
        assert!(aws_vault_name_ok("aws/efs/automatic-backup-vault"));
        assert!(aws_vault_name_ok("aws/x"));
        for bad in ["aws/", "aws//x", "aws/x/", "efs/x", "aws/a b", "aws/a.b"] {
            assert!(!aws_vault_name_ok(bad), "{bad}");
        }
        assert!(readable_vault_name("plain-vault").is_ok());
        assert!(readable_vault_name("aws/efs/automatic-backup-vault").is_ok());
        assert!(readable_vault_name("team/vault").is_err());
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
