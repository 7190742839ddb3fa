//! The claims of a web identity token (an OpenID Connect JWT), which
//! AssumeRoleWithWebIdentity echoes back (`sub`, `aud`, `iss`) and checks
//! for expiry. Signatures are not verified: the emulator trusts every
//! identity provider, as it trusts every SigV4 signature.

use serde_json::Value;

/// The claims the answer needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    pub subject: Option<String>,
    /// `aud`; the first one when it is a list.
    pub audience: Option<String>,
    pub issuer: Option<String>,
    /// `exp`, seconds since the epoch.
    pub expires: Option<f64>,
}

fn base64url(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in s.trim_end_matches('=').bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The claims of a JWT (`header.payload.signature`, base64url JSON), or
/// None when the token is not one.
pub fn claims(token: &str) -> Option<Claims> {
    let mut parts = token.split('.');
    let (header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: Value = serde_json::from_slice(&base64url(header)?).ok()?;
    let payload: Value = serde_json::from_slice(&base64url(payload)?).ok()?;
    if !header.is_object() || !payload.is_object() {
        return None;
    }
    let text = |k: &str| payload.get(k).and_then(Value::as_str).map(str::to_string);
    let audience = match payload.get("aud") {
        Some(Value::Array(a)) => a.first().and_then(Value::as_str).map(str::to_string),
        _ => text("aud"),
    };
    Some(Claims {
        subject: text("sub"),
        audience,
        issuer: text("iss"),
        expires: payload.get("exp").and_then(Value::as_f64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64url(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    fn jwt(payload: &str) -> String {
        format!(
            "{}.{}.c2ln",
            b64url(br#"{"alg":"RS256","typ":"JWT"}"#),
            b64url(payload.as_bytes())
        )
    }

    #[test]
    fn reads_the_claims_of_a_jwt() {
        let t = jwt(
            r#"{"sub":"repo:org/repo:ref:refs/heads/main","aud":"sts.amazonaws.com","iss":"https://token.actions.githubusercontent.com","exp":4102444800}"#,
        );
        let c = claims(&t).unwrap();
        assert_eq!(
            c.subject.as_deref(),
            Some("repo:org/repo:ref:refs/heads/main")
        );
        assert_eq!(c.audience.as_deref(), Some("sts.amazonaws.com"));
        assert_eq!(
            c.issuer.as_deref(),
            Some("https://token.actions.githubusercontent.com")
        );
        assert_eq!(c.expires, Some(4_102_444_800.0));
        let listed = claims(&jwt(r#"{"aud":["a1","a2"]}"#)).unwrap();
        assert_eq!(listed.audience.as_deref(), Some("a1"));
    }

    #[test]
    fn other_tokens_are_not_jwts() {
        for t in [
            "opaque-token",
            "a.b.c",
            "x.y",
            &format!("{}.e30", jwt("{}")),
        ] {
            assert_eq!(claims(t), None, "{t}");
        }
        assert_eq!(base64url("aGk"), Some(b"hi".to_vec()));
    }
}
