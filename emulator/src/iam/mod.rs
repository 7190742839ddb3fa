//! IAM enforcement, off until a test turns it on: the admin API
//! ([`admin`]) attaches identity-based policies to an access key id or to
//! a role (for the sessions STS mints for it); requests signed with such a
//! key are then evaluated ([`crate::iam_policy`]) against the checks of their
//! operation ([`table`]) before the operation runs, and refused with AWS's
//! AccessDenied when a check fails. Keys with no policies attached stay
//! unrestricted, as they always were. The policies are part of the state
//! (`Store::iam`, an [`IamConfig`]), so dumps, the state file and a reset carry them.

pub mod admin;
pub mod listing;
pub mod table;

use serde_json::{json, Value};

use crate::error::AwsError;
use crate::iam_policy::{evaluate, Decision, Policy};
pub use crate::iam_policy::{IamConfig, Identity, RolePolicies};
use crate::response::{json_response, Resp};
use crate::sessions::Sessions;

/// The evaluated principal behind `access_key_id`: an identity attached
/// to the key, else the session of a role with policies; None when the key
/// is unrestricted.
pub fn principal<'a>(
    iam: &'a IamConfig,
    sessions: &Sessions,
    access_key_id: Option<&str>,
) -> Option<(String, &'a [Policy])> {
    let akid = access_key_id?;
    if let Some(id) = iam.identities.get(akid) {
        return Some((id.arn.clone(), &id.policies));
    }
    let session = sessions.get(akid)?;
    let role = iam.roles.get(&session.role_arn)?;
    Some((session.arn(), &role.policies))
}

/// A failed check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    pub caller: String,
    pub action: String,
    pub resource: String,
    pub explicit: bool,
}

impl Denial {
    /// AWS's message: `User: ARN is not authorized to perform: ACTION on
    /// resource: RESOURCE because no identity-based policy allows the
    /// ACTION action` (or `with an explicit deny in an identity-based
    /// policy`).
    pub fn message(&self) -> String {
        let why = if self.explicit {
            "with an explicit deny in an identity-based policy".to_string()
        } else {
            format!(
                "because no identity-based policy allows the {} action",
                self.action
            )
        };
        format!(
            "User: {} is not authorized to perform: {} on resource: {} {why}",
            self.caller, self.action, self.resource
        )
    }

    /// The Backup (REST-JSON) answer: 403, `x-amzn-ErrorType:
    /// AccessDeniedException`, `{"__type", "Message"}`.
    pub fn response(&self) -> Resp {
        let mut r = json_response(
            403,
            &json!({"__type": "AccessDeniedException", "Message": self.message()}),
        );
        r.headers_mut().insert(
            "x-amzn-errortype",
            hyper::header::HeaderValue::from_static("AccessDeniedException"),
        );
        r
    }

    /// The STS (Query) error: 403 `AccessDenied`.
    pub fn sts_error(&self) -> AwsError {
        AwsError::new(403, "AccessDenied", self.message())
    }
}

/// Runs the checks of `service`'s `operation` for the principal behind
/// `access_key_id` (nothing for an unrestricted key); the first failed
/// check is the answer.
pub fn authorize(
    iam: &IamConfig,
    sessions: &Sessions,
    access_key_id: Option<&str>,
    service: &str,
    operation: &str,
    input: &table::Input<'_>,
) -> Result<(), Denial> {
    let Some((caller, policies)) = principal(iam, sessions, access_key_id) else {
        return Ok(());
    };
    let Some(row) = table::row(service, operation) else {
        // Every served operation has a row (a unit test keeps it so);
        // an unknown one is refused rather than let through.
        return Err(Denial {
            caller,
            action: format!("{service}:{operation}"),
            resource: "*".into(),
            explicit: false,
        });
    };
    for check in row.checks {
        for resource in check.resource.resolve(input) {
            match evaluate(policies, check.action, &resource) {
                Decision::Allow => {}
                d => {
                    return Err(Denial {
                        caller,
                        action: check.action.to_string(),
                        resource,
                        explicit: d == Decision::ExplicitDeny,
                    })
                }
            }
        }
    }
    Ok(())
}

/// The checks of an STS request (form parameters as the body).
pub fn authorize_sts(
    store: &crate::state::Store,
    sessions: &Sessions,
    access_key_id: Option<&str>,
    operation: &str,
    form: &std::collections::HashMap<String, String>,
) -> Result<(), Denial> {
    let body = Value::Object(
        form.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    );
    let caller = crate::auth::Caller {
        account: crate::auth::account_of_key(access_key_id.unwrap_or_default()),
        region: crate::auth::DEFAULT_REGION.into(),
    };
    let input = table::Input {
        caller: &caller,
        params: &[],
        body: &body,
        store,
    };
    authorize(
        &store.iam,
        sessions,
        access_key_id,
        "sts",
        operation,
        &input,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_have_awss_shape() {
        let mut d = Denial {
            caller: "arn:aws:iam::123456789012:user/ci".into(),
            action: "backup:ListTags".into(),
            resource: "arn:aws:backup:us-east-1:123456789012:backup-vault:v".into(),
            explicit: false,
        };
        assert_eq!(d.message(), "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: backup:ListTags on resource: arn:aws:backup:us-east-1:123456789012:backup-vault:v because no identity-based policy allows the backup:ListTags action");
        d.explicit = true;
        assert!(d
            .message()
            .ends_with("backup-vault:v with an explicit deny in an identity-based policy"));
    }
}
