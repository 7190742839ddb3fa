//! What frameworks, report plans and legal holds share: the deterministic
//! status lifecycle, IdempotencyToken retries, name and description checks
//! and tags by ARN.
//!
//! The lifecycle: a Create or Update leaves the resource `*_IN_PROGRESS`
//! (`CREATING` for legal holds); the next read of it (Describe/Get, or a
//! List page that shows it) answers that status and then completes the
//! change (`COMPLETED`, `ACTIVE`). An Update or Delete sent while a change
//! is in progress is refused with ConflictException, which also completes
//! the change (so a client that retries on conflict, as the Terraform
//! provider does, succeeds next time). A Delete marks it `DELETE_IN_PROGRESS`;
//! the next Describe answers that and removes it, later reads answer
//! ResourceNotFoundException. So a client's waiter sees exactly one
//! in-progress answer, and an emulator test never sleeps.

use backup_facts::audit::{audit_description_ok, audit_name_ok, AUDIT_NAME_MODEL};
use serde_json::Value;

use super::Req;
use crate::error::AwsError;
use crate::state::{Region, Tags};

pub const CREATE_IN_PROGRESS: &str = "CREATE_IN_PROGRESS";
pub const UPDATE_IN_PROGRESS: &str = "UPDATE_IN_PROGRESS";
pub const DELETE_IN_PROGRESS: &str = "DELETE_IN_PROGRESS";
pub const COMPLETED: &str = "COMPLETED";

/// The status a read answers; a create or update in progress completes.
pub fn settle(status: &mut String) -> String {
    let shown = status.clone();
    if shown == CREATE_IN_PROGRESS || shown == UPDATE_IN_PROGRESS {
        *status = COMPLETED.to_string();
    }
    shown
}

/// Whether a change is still in progress (Update and Delete then answer
/// ConflictException, as AWS does while a deployment runs).
pub fn busy(status: &str) -> bool {
    status.ends_with("_IN_PROGRESS")
}

pub fn conflict(kind: &str, name: &str, status: &str) -> AwsError {
    AwsError::new(
        400,
        "ConflictException",
        format!("{kind} {name} cannot be changed while its deployment status is {status}"),
    )
}

/// A framework or report plan name (`member` for the message): the model's
/// pattern and length.
pub fn name(value: &str, member: &str) -> Result<(), AwsError> {
    if audit_name_ok(value) {
        Ok(())
    } else {
        Err(AwsError::invalid(format!(
            "Invalid {member} {value}: must be 1 to 256 characters matching {AUDIT_NAME_MODEL}"
        )))
    }
}

/// An optional description: absent or empty means none (the Terraform
/// provider sends "" to clear it); else at most 1024 characters with a
/// non-space.
pub fn description(body: &Value, member: &str) -> Result<Option<String>, AwsError> {
    match crate::validate::opt_str(body, member)? {
        None | Some("") => Ok(None),
        Some(d) if audit_description_ok(d) => Ok(Some(d.to_string())),
        Some(_) => Err(AwsError::invalid(format!(
            "Invalid {member}: must be at most 1024 characters with a non-space character"
        ))),
    }
}

/// The request body without its IdempotencyToken (what a retry must
/// repeat).
pub fn request_without_token(req: &Req<'_>) -> Value {
    let mut body = req.body.clone();
    if let Some(m) = body.as_object_mut() {
        m.remove("IdempotencyToken");
    }
    body
}

pub fn token(req: &Req<'_>) -> Result<Option<String>, AwsError> {
    Ok(crate::validate::opt_str(&req.body, "IdempotencyToken")?.map(str::to_string))
}

/// A token already used for a different request.
pub fn token_reused(token: &str) -> AwsError {
    AwsError::invalid(format!(
        "IdempotencyToken {token} was already used with different parameters"
    ))
}

/// The tags of a framework, report plan or legal hold by ARN (resource
/// kind `kind` = the ARN's sixth field); None if there is none.
pub fn tags_by_arn<'a>(region: &'a mut Region, kind: &str, arn: &str) -> Option<&'a mut Tags> {
    match kind {
        "framework" => region
            .frameworks
            .values_mut()
            .find(|f| f.arn == arn && f.deployment_status != DELETE_IN_PROGRESS)
            .map(|f| &mut f.tags),
        "report-plan" => region
            .report_plans
            .values_mut()
            .find(|p| p.arn == arn && p.deployment_status != DELETE_IN_PROGRESS)
            .map(|p| &mut p.tags),
        "legal-hold" => region
            .legal_holds
            .values_mut()
            .find(|h| h.arn == arn)
            .map(|h| &mut h.tags),
        _ => None,
    }
}

/// One page of `items` (already in order) from an offset token of `kind`.
pub fn offset_page<T: Clone>(
    items: &[T],
    kind: &str,
    token: Option<&String>,
    max: usize,
) -> Result<(Vec<T>, Option<String>), AwsError> {
    let start = match token {
        None => 0,
        Some(t) => crate::util::read_token(kind, t)?
            .parse::<usize>()
            .map_err(|_| AwsError::invalid(format!("Invalid NextToken: {t}")))?,
    };
    let end = (start + max).min(items.len());
    let page = items.get(start..end).unwrap_or_default().to_vec();
    let next = (end < items.len()).then(|| crate::util::make_token(kind, &end.to_string()));
    Ok((page, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settle_answers_once_then_completes() {
        let mut s = CREATE_IN_PROGRESS.to_string();
        assert_eq!(settle(&mut s), CREATE_IN_PROGRESS);
        assert_eq!(settle(&mut s), COMPLETED);
        let mut d = DELETE_IN_PROGRESS.to_string();
        assert_eq!(settle(&mut d), DELETE_IN_PROGRESS);
        assert_eq!(d, DELETE_IN_PROGRESS);
    }

    #[test]
    fn offset_pages() {
        let v: Vec<u32> = (0..5).collect();
        let (a, n) = offset_page(&v, "k", None, 2).unwrap();
        assert_eq!(a, [0, 1]);
        let (b, n) = offset_page(&v, "k", n.as_ref(), 2).unwrap();
        assert_eq!(b, [2, 3]);
        let (c, n) = offset_page(&v, "k", n.as_ref(), 2).unwrap();
        assert_eq!(c, [4]);
        assert!(n.is_none());
        assert!(offset_page(&v, "other", Some(&crate::util::make_token("k", "1")), 2).is_err());
    }
}
