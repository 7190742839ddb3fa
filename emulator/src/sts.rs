//! The one STS call backupctl needs: GetCallerIdentity (the account guard of
//! `apply` on an account with no resources yet, where no ARN tells the
//! account). AWS Query protocol: a form-encoded POST to `/` signed for the
//! `sts` service, answered in XML. The account follows the emulator's rule
//! (a 12-digit access key id is the account, otherwise 123456789012).

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;

use crate::error::AwsError;
use crate::response::Resp;

/// Counter name of the operation.
pub const OPERATION: &str = "GetCallerIdentity";

fn xml(status: u16, body: String) -> Resp {
    Response::builder()
        .status(status)
        .header("content-type", "text/xml")
        .header("x-amzn-requestid", crate::util::uuid())
        .body(Full::new(Bytes::from(body)))
        .expect("static response parts are valid")
}

fn error(e: &AwsError) -> Resp {
    xml(
        e.status,
        format!(
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{}</Code><Message>{}</Message></Error><RequestId>{}</RequestId></ErrorResponse>",
            e.code,
            escape(&e.message),
            crate::util::uuid()
        ),
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Answer an STS request (only GetCallerIdentity exists here).
pub fn handle(authorization: Option<&str>, body: &[u8]) -> Resp {
    let caller = match crate::auth::caller_for(authorization, "sts") {
        Ok(c) => c,
        Err(e) => return error(&e),
    };
    let form = String::from_utf8_lossy(body);
    let action = form
        .split('&')
        .find_map(|kv| kv.strip_prefix("Action="))
        .unwrap_or_default();
    if action != OPERATION {
        return error(&AwsError::new(
            400,
            "InvalidAction",
            format!("The emulator implements only GetCallerIdentity, not {action:?}"),
        ));
    }
    let account = &caller.account;
    xml(
        200,
        format!(
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::{account}:user/emulator</Arn><UserId>AIDAEMULATOR</UserId><Account>{account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>{}</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
            crate::util::uuid()
        ),
    )
}
