//! The STS side of the emulator, so backupctl can reach many accounts the
//! way it does in AWS: assume a role per target account (AssumeRole, or
//! AssumeRoleWithWebIdentity from CI's OIDC token), then call Backup with
//! the temporary credentials, which act in the role's account
//! ([`crate::sessions`]). GetCallerIdentity answers the account guard.
//!
//! AWS Query protocol (API version 2011-06-15): a form-encoded `POST /`,
//! signed for `sts` except AssumeRoleWithWebIdentity (unsigned in AWS),
//! answered in XML shaped like the botocore model. Which operation answers
//! is the table [`OPERATIONS`]; role denials and ExternalId requirements
//! are set through the admin API ([`admin`]).

pub mod admin;
pub mod assume;
pub mod token;
pub mod validate;

use std::collections::HashMap;

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;

use crate::error::AwsError;
use crate::response::Resp;
use crate::shared::{Core, Shared};
use crate::state::Store;

use crate::sessions::Sessions;

/// The XML namespace of STS answers.
pub const XMLNS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// One decoded STS request.
pub struct StsReq<'a> {
    /// The form parameters, percent-decoded.
    pub form: &'a HashMap<String, String>,
    /// The signing access key id (None for an unsigned request).
    pub access_key_id: Option<&'a str>,
}

impl StsReq<'_> {
    /// How many list entries `PREFIX1`, `PREFIX2`, ... were sent (Query
    /// lists are `Name.member.N...`).
    pub fn count(&self, prefix: &str) -> usize {
        self.form
            .keys()
            .filter_map(|k| k.strip_prefix(prefix))
            .filter_map(|rest| rest.split('.').next())
            .collect::<std::collections::HashSet<_>>()
            .len()
    }
}

/// What answers one STS operation: the inside of its `<NameResult>`.
pub type Handler = fn(&mut Store, &mut Sessions, &StsReq<'_>) -> Result<String, AwsError>;

/// One row of the STS table.
pub struct Operation {
    /// The botocore operation name (the form's `Action`, the counter's name).
    pub name: &'static str,
    /// Whether AWS requires a SigV4 signature (the model's `authtype`
    /// `none` marks the ones that do not).
    pub signed: bool,
    pub handler: Handler,
}

/// Every STS operation the emulator answers.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        name: "GetCallerIdentity",
        signed: true,
        handler: assume::get_caller_identity,
    },
    Operation {
        name: "AssumeRole",
        signed: true,
        handler: assume::assume_role,
    },
    Operation {
        name: "AssumeRoleWithWebIdentity",
        signed: false,
        handler: assume::assume_role_with_web_identity,
    },
];

/// The names of the STS operations, in table order.
pub fn names() -> impl Iterator<Item = &'static str> {
    OPERATIONS.iter().map(|o| o.name)
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xml(status: u16, body: String) -> Resp {
    Response::builder()
        .status(status)
        .header("content-type", "text/xml")
        .header("x-amzn-requestid", crate::util::uuid())
        .body(Full::new(Bytes::from(body)))
        .expect("static response parts are valid")
}

/// An STS error answer. Signature errors shared with Backup lose their
/// `Exception` suffix, as the Query protocol names them.
fn error(e: &AwsError) -> Resp {
    let code = match e.code.as_str() {
        "MissingAuthenticationTokenException" | "IncompleteSignatureException" => {
            e.code.trim_end_matches("Exception")
        }
        "InvalidSignatureException" => "SignatureDoesNotMatch",
        other => other,
    };
    let kind = if e.status >= 500 {
        "Receiver"
    } else {
        "Sender"
    };
    xml(
        e.status,
        format!(
            "<ErrorResponse xmlns=\"{XMLNS}\"><Error><Type>{kind}</Type><Code>{code}</Code><Message>{}</Message></Error><RequestId>{}</RequestId></ErrorResponse>",
            escape(&e.message),
            crate::util::uuid()
        ),
    )
}

/// The form parameters of a Query request (`+` is a space).
pub fn form(body: &[u8]) -> HashMap<String, String> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Whether a `POST /` is an STS request: signed for `sts`, or unsigned
/// with an `Action` (AssumeRoleWithWebIdentity comes without a signature).
pub fn is_sts(authorization: Option<&str>, body: &[u8]) -> bool {
    match authorization.map(str::trim).filter(|h| !h.is_empty()) {
        Some(_) => crate::auth::service_of(authorization) == Some("sts"),
        None => form(body).contains_key("Action"),
    }
}

/// Answers an STS request.
pub fn handle(shared: &Shared, authorization: Option<&str>, body: &[u8]) -> Resp {
    let form = form(body);
    let action = form.get("Action").map(String::as_str).unwrap_or_default();
    let Some(op) = OPERATIONS.iter().find(|o| o.name == action) else {
        return error(&AwsError::new(
            400,
            "InvalidAction",
            format!("Could not find operation {action} for version 2011-06-15"),
        ));
    };
    shared.lock_controls().count(op.name);
    // Signed operations need a valid signature header; an unsigned one may
    // still come signed, and then its key is the caller's.
    if op.signed {
        if let Err(e) = crate::auth::caller_for(authorization, "sts") {
            return error(&e);
        }
    }
    let r = StsReq {
        form: &form,
        access_key_id: crate::auth::access_key_id(authorization),
    };
    let result = {
        let mut core = shared.lock_core();
        let Core {
            store, sessions, ..
        } = &mut *core;
        // IAM: an evaluated caller needs sts:AssumeRole on the role; an
        // unsigned request (AssumeRoleWithWebIdentity) has no caller.
        match crate::iam::authorize_sts(store, sessions, r.access_key_id, op.name, &form) {
            Ok(()) => (op.handler)(store, sessions, &r),
            Err(denial) => Err(denial.sts_error()),
        }
    };
    tracing::debug!(op = op.name, ok = result.is_ok());
    match result {
        Ok(inner) => xml(
            200,
            format!(
                "<{name}Response xmlns=\"{XMLNS}\"><{name}Result>{inner}</{name}Result><ResponseMetadata><RequestId>{}</RequestId></ResponseMetadata></{name}Response>",
                crate::util::uuid(),
                name = op.name
            ),
        ),
        Err(e) => error(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding() {
        let f = form(b"Action=AssumeRole&RoleSessionName=a%2Bb&Policy=%7B%22x%22%3A+1%7D&Empty");
        assert_eq!(f["Action"], "AssumeRole");
        assert_eq!(f["RoleSessionName"], "a+b");
        assert_eq!(f["Policy"], "{\"x\": 1}");
        assert_eq!(f["Empty"], "");
    }

    #[test]
    fn sts_requests_are_told_from_backup_ones() {
        let sts = "AWS4-HMAC-SHA256 Credential=K/20240101/us-east-1/sts/aws4_request, Signature=x";
        let backup =
            "AWS4-HMAC-SHA256 Credential=K/20240101/us-east-1/backup/aws4_request, Signature=x";
        assert!(is_sts(Some(sts), b""));
        assert!(!is_sts(Some(backup), b"Action=AssumeRole"));
        assert!(is_sts(
            None,
            b"Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
        ));
        assert!(!is_sts(None, b"{}"));
    }

    #[test]
    fn list_members_are_counted_once_each() {
        let f = form(b"PolicyArns.member.1.arn=a&PolicyArns.member.2.arn=b&Tags.member.1.Key=k&Tags.member.1.Value=v");
        let r = StsReq {
            form: &f,
            access_key_id: None,
        };
        assert_eq!(r.count("PolicyArns.member."), 2);
        assert_eq!(r.count("Tags.member."), 1);
    }

    #[test]
    fn table_names_are_unique() {
        let mut names: Vec<_> = names().collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), OPERATIONS.len());
        assert!(crate::operations::names().all(|n| !names.contains(&n)));
    }
}
