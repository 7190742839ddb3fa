//! Maps an HTTP method and path to the operation of the table in
//! [`crate::operations`] (each row's path follows the operation's
//! `http.requestUri` in the model) and its URI labels; also decodes the
//! query string.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;

use crate::operations::{Operation, OPERATIONS};

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The operation and its decoded URI labels, or None for an unknown route.
/// In a template, `{}` is one label and `{+}` the rest of the path (ARNs);
/// trailing slashes are ignored on both sides.
pub fn route(method: &str, path: &str) -> Option<(&'static Operation, Vec<String>)> {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let segs: Vec<&str> = trimmed.split('/').skip(1).collect();
    'routes: for op in OPERATIONS {
        if op.method != method {
            continue;
        }
        let tsegs: Vec<&str> = op.path.split('/').skip(1).collect();
        let mut params = Vec::new();
        for (i, t) in tsegs.iter().enumerate() {
            if *t == "{+}" {
                let rest = segs.get(i..).unwrap_or_default().join("/");
                if rest.is_empty() {
                    continue 'routes;
                }
                params.push(decode(&rest));
                return Some((op, params));
            }
            let Some(s) = segs.get(i) else {
                continue 'routes;
            };
            if *t == "{}" {
                if s.is_empty() {
                    continue 'routes;
                }
                params.push(decode(s));
            } else if t != s {
                continue 'routes;
            }
        }
        if segs.len() == tsegs.len() {
            return Some((op, params));
        }
    }
    None
}

pub fn query(q: Option<&str>) -> HashMap<String, String> {
    q.unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_by_model_uris() {
        assert_eq!(
            route("GET", "/backup-vaults/").unwrap().0.name,
            "ListBackupVaults"
        );
        let (op, p) = route("GET", "/backup-vaults/my-vault").unwrap();
        assert_eq!(
            (op.name, p[0].as_str()),
            ("DescribeBackupVault", "my-vault")
        );
        assert_eq!(
            route("GET", "/backup/plans/abc/").unwrap().0.name,
            "GetBackupPlan"
        );
        assert_eq!(
            route("POST", "/backup/plans/abc").unwrap().0.name,
            "UpdateBackupPlan"
        );
        let (op, p) = route("DELETE", "/backup/plans/p1/selections/s1").unwrap();
        assert_eq!(
            (op.name, p),
            ("DeleteBackupSelection", vec!["p1".into(), "s1".into()])
        );
        let (op, p) = route(
            "GET",
            "/tags/arn%3Aaws%3Abackup%3Aus-east-1%3A123456789012%3Abackup-vault%3Av/",
        )
        .unwrap();
        assert_eq!(op.name, "ListTags");
        assert_eq!(p[0], "arn:aws:backup:us-east-1:123456789012:backup-vault:v");
        assert!(route("PATCH", "/backup-vaults/x").is_none());
        assert!(route("GET", "/nothing").is_none());
    }

    #[test]
    fn encoded_slash_in_a_label_is_decoded_after_splitting() {
        let (op, p) = route("GET", "/backup-vaults/aws%2Fefs%2Fautomatic-backup-vault").unwrap();
        assert_eq!(
            (op.name, p[0].as_str()),
            ("DescribeBackupVault", "aws/efs/automatic-backup-vault")
        );
        let (op, p) = route("GET", "/backup-vaults/aws%2fefs%2Fv/access-policy/").unwrap();
        assert_eq!(
            (op.name, p[0].as_str()),
            ("GetBackupVaultAccessPolicy", "aws/efs/v")
        );
        // Unencoded slashes are path separators.
        assert!(route("GET", "/backup-vaults/aws/efs/automatic-backup-vault").is_none());
    }

    #[test]
    fn query_decoding() {
        let q = query(Some("maxResults=5&nextToken=a%2Bb%3D"));
        assert_eq!(q["maxResults"], "5");
        assert_eq!(q["nextToken"], "a+b=");
    }
}
