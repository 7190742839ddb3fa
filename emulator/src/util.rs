//! Small helpers shared by the operations: clock, ids in AWS's formats,
//! opaque pagination tokens and timestamp parsing (no extra crates needed).

use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::AwsError;

/// Seconds since the epoch, with millisecond precision, as AWS's JSON
/// protocol sends timestamps.
pub fn now() -> f64 {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_millis() as f64) / 1000.0
}

pub fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// AWS Backup version ids are the base64 encoding of a UUID string
/// (48 characters, e.g. `ZjNlNDY5ZTMtNzNiNi00ZmEzLWFlN2MtMGZiM2Y5NmE3MzQ0`).
pub fn version_id() -> String {
    b64_encode(uuid().as_bytes())
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn b64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// Opaque NextToken: base64 of `kind` + NUL + position key.
pub fn make_token(kind: &str, key: &str) -> String {
    b64_encode(format!("{kind}\0{key}").as_bytes())
}

/// Decodes a token made by [`make_token`] for the same `kind`; anything else
/// is answered the way AWS answers a foreign token.
pub fn read_token(kind: &str, token: &str) -> Result<String, AwsError> {
    let bad = || AwsError::invalid(format!("Invalid NextToken: {token}"));
    let raw = b64_decode(token).ok_or_else(bad)?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let (k, key) = text.split_once('\0').ok_or_else(bad)?;
    if k != kind {
        return Err(bad());
    }
    Ok(key.to_string())
}

/// Days since 1970-01-01 for a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// Parses a query-string timestamp: ISO 8601 (`2024-01-02T03:04:05Z`,
/// fractional seconds and `+hh:mm` offsets allowed) or epoch seconds.
pub fn parse_timestamp(s: &str) -> Option<f64> {
    if let Ok(v) = s.parse::<f64>() {
        return Some(v);
    }
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut frac = 0.0;
    if let Some(r) = rest.strip_prefix('.') {
        let digits: String = r.chars().take_while(|c| c.is_ascii_digit()).collect();
        frac = format!("0.{digits}").parse().ok()?;
        rest = &r[digits.len()..];
    }
    let offset = match rest {
        "Z" | "z" | "" => 0,
        o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) => {
            let oh: i64 = o[1..3].parse().ok()?;
            let om: i64 = o[4..6].parse().ok()?;
            let v = oh * 3600 + om * 60;
            if o.starts_with('+') {
                v
            } else {
                -v
            }
        }
        _ => return None,
    };
    let secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
    Some(secs as f64 + frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for s in ["", "a", "ab", "abc", "abcd", "hello world"] {
            assert_eq!(b64_decode(&b64_encode(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(b64_encode(b"abc"), "YWJj");
        assert_eq!(b64_encode(b"ab"), "YWI=");
    }

    #[test]
    fn version_ids_look_like_aws() {
        let v = version_id();
        assert_eq!(v.len(), 48);
        assert!(v.chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_timestamp("2024-03-01T00:00:00Z"), Some(1709251200.0));
        assert_eq!(
            parse_timestamp("2024-03-01T01:00:00+01:00"),
            Some(1709251200.0)
        );
        assert_eq!(
            parse_timestamp("2024-03-01T00:00:00.5Z"),
            Some(1709251200.5)
        );
        assert_eq!(parse_timestamp("1709251200"), Some(1709251200.0));
        assert_eq!(parse_timestamp("yesterday"), None);
    }

    #[test]
    fn tokens_are_kind_checked() {
        let t = make_token("vaults", "abc");
        assert_eq!(read_token("vaults", &t).unwrap(), "abc");
        assert!(read_token("plans", &t).is_err());
        assert!(read_token("vaults", "%%%").is_err());
    }
}
