//! Who is calling: account and region read from the SigV4 `Authorization`
//! header (signatures are not verified), refused like AWS when absent.
//! The account is a 12-digit access key id itself, or the account encoded
//! in a session key minted by the emulator's STS (see [`session_key_account`]).

use crate::error::AwsError;

pub const DEFAULT_ACCOUNT: &str = "123456789012";
pub const DEFAULT_REGION: &str = "us-east-1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account: String,
    pub region: String,
}

/// Reads `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, ...`.
pub fn caller(authorization: Option<&str>) -> Result<Caller, AwsError> {
    caller_for(authorization, "backup")
}

/// The service a SigV4 header is scoped to (`backup`, `sts`, ...), if any.
pub fn service_of(authorization: Option<&str>) -> Option<&str> {
    let h = authorization?;
    let start = h.find("Credential=")? + "Credential=".len();
    let credential = h[start..].split([',', ' ']).next()?;
    credential.split('/').nth(3)
}

/// Like [`caller`] for a request that must be scoped to `expected`.
pub fn caller_for(authorization: Option<&str>, expected: &str) -> Result<Caller, AwsError> {
    let Some(h) = authorization.map(str::trim).filter(|h| !h.is_empty()) else {
        return Err(AwsError::new(
            403,
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ));
    };
    let incomplete = |what: &str| {
        AwsError::new(
            403,
            "IncompleteSignatureException",
            format!("Authorization header requires '{what}' parameter. Authorization={h}"),
        )
    };
    let Some(rest) = h.strip_prefix("AWS4-HMAC-SHA256") else {
        return Err(AwsError::new(
            403,
            "IncompleteSignatureException",
            format!("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={h}"),
        ));
    };
    let mut credential = None;
    let mut signature = false;
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(c) = part.strip_prefix("Credential=") {
            credential = Some(c);
        } else if part.starts_with("Signature=") {
            signature = true;
        }
    }
    let credential = credential.ok_or_else(|| incomplete("Credential"))?;
    if !signature {
        return Err(incomplete("Signature"));
    }
    let fields: Vec<&str> = credential.split('/').collect();
    if let Some(service) = fields.get(3).filter(|s| **s != expected) {
        return Err(AwsError::new(
            403,
            "InvalidSignatureException",
            format!(
                "Credential should be scoped to correct service: '{expected}'. (scoped to '{service}')"
            ),
        ));
    }
    let akid = fields.first().copied().unwrap_or_default();
    let region = fields
        .get(2)
        .copied()
        .filter(|r| !r.is_empty())
        .unwrap_or(DEFAULT_REGION);
    Ok(Caller {
        account: account_of_key(akid),
        region: region.to_string(),
    })
}

/// The access key id of a SigV4 `Authorization` header, if it names one.
pub fn access_key_id(authorization: Option<&str>) -> Option<&str> {
    let h = authorization?;
    let start = h.find("Credential=")? + "Credential=".len();
    let credential = h[start..].split([',', ' ']).next()?;
    credential.split('/').next().filter(|k| !k.is_empty())
}

/// The account an access key id acts as: the key itself when it is 12
/// digits, the encoded account of an emulator session key, otherwise
/// [`DEFAULT_ACCOUNT`].
pub fn account_of_key(akid: &str) -> String {
    if backup_facts::names::is_account_id(akid) {
        akid.to_string()
    } else if let Some(account) = session_key_account(akid) {
        account.to_string()
    } else {
        DEFAULT_ACCOUNT.to_string()
    }
}

/// Prefix of temporary (session) access key ids, as AWS uses it.
pub const SESSION_KEY_PREFIX: &str = "ASIA";

/// The account of a session key the emulator's STS mints: `ASIA`, the
/// 12-digit account, then 4 upper-case letters or digits (20 characters,
/// the length of AWS access key ids). Any other key: None.
pub fn session_key_account(akid: &str) -> Option<&str> {
    let rest = akid.strip_prefix(SESSION_KEY_PREFIX)?;
    if rest.len() != 16 || !rest.is_ascii() {
        return None;
    }
    let (account, tail) = rest.split_at(12);
    let tail_ok = tail
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    (backup_facts::names::is_account_id(account) && tail_ok).then_some(account)
}

/// SigV4 may also come in the query string (presigned requests); this
/// rebuilds the equivalent Authorization header.
pub fn from_query(q: &std::collections::HashMap<String, String>) -> Option<String> {
    let cred = q.get("X-Amz-Credential")?;
    let sig = q
        .get("X-Amz-Signature")
        .map(String::as_str)
        .unwrap_or_default();
    Some(format!(
        "AWS4-HMAC-SHA256 Credential={cred}, Signature={sig}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scope() {
        let c = caller(Some("AWS4-HMAC-SHA256 Credential=111122223333/20240101/eu-west-1/backup/aws4_request, SignedHeaders=host, Signature=abc")).unwrap();
        assert_eq!(c.account, "111122223333");
        assert_eq!(c.region, "eu-west-1");
        let c = caller(Some("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-west-2/backup/aws4_request, SignedHeaders=host, Signature=abc")).unwrap();
        assert_eq!(c.account, DEFAULT_ACCOUNT);
        assert_eq!(c.region, "us-west-2");
    }

    #[test]
    fn session_keys_carry_their_account() {
        let c = caller(Some("AWS4-HMAC-SHA256 Credential=ASIA222222222222AB12/20240101/eu-west-1/backup/aws4_request, SignedHeaders=host, Signature=abc")).unwrap();
        assert_eq!(c.account, "222222222222");
        assert_eq!(
            session_key_account("ASIA222222222222AB12"),
            Some("222222222222")
        );
        // AWS's own example key, wrong lengths, lower case, non-digit accounts.
        for k in [
            "ASIAIOSFODNN7EXAMPLE",
            "ASIA222222222222AB1",
            "ASIA222222222222AB123",
            "ASIA222222222222ab12",
            "AKIA222222222222AB12",
            "ASIA22222222222XAB12",
        ] {
            assert_eq!(session_key_account(k), None, "{k}");
            assert_eq!(account_of_key(k), DEFAULT_ACCOUNT, "{k}");
        }
        assert_eq!(account_of_key("333344445555"), "333344445555");
        assert_eq!(
            access_key_id(Some("AWS4-HMAC-SHA256 Credential=ASIA222222222222AB12/20240101/us-east-1/sts/aws4_request, Signature=x")),
            Some("ASIA222222222222AB12")
        );
        assert_eq!(access_key_id(None), None);
    }

    #[test]
    fn refuses_missing_or_broken() {
        assert_eq!(
            caller(None).unwrap_err().code,
            "MissingAuthenticationTokenException"
        );
        assert_eq!(
            caller(Some("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=x"))
                .unwrap_err()
                .code,
            "IncompleteSignatureException"
        );
        assert_eq!(
            caller(Some("AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x"))
                .unwrap_err()
                .code,
            "InvalidSignatureException"
        );
    }

    #[test]
    fn presigned_query_is_read() {
        let q = [
            (
                "X-Amz-Credential".to_string(),
                "222233334444/20240101/ap-south-1/backup/aws4_request".to_string(),
            ),
            ("X-Amz-Signature".to_string(), "abc".to_string()),
        ]
        .into_iter()
        .collect();
        let h = from_query(&q).unwrap();
        let c = caller(Some(&h)).unwrap();
        assert_eq!(
            (c.account.as_str(), c.region.as_str()),
            ("222233334444", "ap-south-1")
        );
    }
}
