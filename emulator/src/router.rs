//! Maps an HTTP method and path to the botocore operation name and its URI
//! labels, following each operation's `http.requestUri` in the model; also
//! decodes the query string.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// `(method, template, operation)`; `{}` is one label, `{+}` the rest of
/// the path (ARNs). Trailing slashes are ignored on both sides.
const ROUTES: &[(&str, &str, &str)] = &[
    ("GET", "/backup-vaults", "ListBackupVaults"),
    ("PUT", "/backup-vaults/{}", "CreateBackupVault"),
    ("GET", "/backup-vaults/{}", "DescribeBackupVault"),
    ("DELETE", "/backup-vaults/{}", "DeleteBackupVault"),
    (
        "PUT",
        "/backup-vaults/{}/access-policy",
        "PutBackupVaultAccessPolicy",
    ),
    (
        "GET",
        "/backup-vaults/{}/access-policy",
        "GetBackupVaultAccessPolicy",
    ),
    (
        "DELETE",
        "/backup-vaults/{}/access-policy",
        "DeleteBackupVaultAccessPolicy",
    ),
    (
        "PUT",
        "/backup-vaults/{}/notification-configuration",
        "PutBackupVaultNotifications",
    ),
    (
        "GET",
        "/backup-vaults/{}/notification-configuration",
        "GetBackupVaultNotifications",
    ),
    (
        "DELETE",
        "/backup-vaults/{}/notification-configuration",
        "DeleteBackupVaultNotifications",
    ),
    (
        "PUT",
        "/backup-vaults/{}/vault-lock",
        "PutBackupVaultLockConfiguration",
    ),
    (
        "DELETE",
        "/backup-vaults/{}/vault-lock",
        "DeleteBackupVaultLockConfiguration",
    ),
    (
        "GET",
        "/backup-vaults/{}/recovery-points",
        "ListRecoveryPointsByBackupVault",
    ),
    ("PUT", "/backup/plans", "CreateBackupPlan"),
    ("GET", "/backup/plans", "ListBackupPlans"),
    ("POST", "/backup/plans/{}", "UpdateBackupPlan"),
    ("GET", "/backup/plans/{}", "GetBackupPlan"),
    ("DELETE", "/backup/plans/{}", "DeleteBackupPlan"),
    ("GET", "/backup/plans/{}/versions", "ListBackupPlanVersions"),
    (
        "PUT",
        "/backup/plans/{}/selections",
        "CreateBackupSelection",
    ),
    ("GET", "/backup/plans/{}/selections", "ListBackupSelections"),
    (
        "GET",
        "/backup/plans/{}/selections/{}",
        "GetBackupSelection",
    ),
    (
        "DELETE",
        "/backup/plans/{}/selections/{}",
        "DeleteBackupSelection",
    ),
    ("POST", "/tags/{+}", "TagResource"),
    ("GET", "/tags/{+}", "ListTags"),
    ("POST", "/untag/{+}", "UntagResource"),
    ("GET", "/global-settings", "DescribeGlobalSettings"),
    ("PUT", "/global-settings", "UpdateGlobalSettings"),
    ("GET", "/account-settings", "DescribeRegionSettings"),
    ("PUT", "/account-settings", "UpdateRegionSettings"),
    ("GET", "/backup-jobs", "ListBackupJobs"),
    (
        "GET",
        "/audit/backup-job-summaries",
        "ListBackupJobSummaries",
    ),
];

/// The operation and its decoded URI labels, or None for an unknown route.
pub fn route(method: &str, path: &str) -> Option<(&'static str, Vec<String>)> {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let segs: Vec<&str> = trimmed.split('/').skip(1).collect();
    'routes: for (m, template, op) in ROUTES {
        if *m != method {
            continue;
        }
        let tsegs: Vec<&str> = template.split('/').skip(1).collect();
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
            route("GET", "/backup-vaults/").unwrap().0,
            "ListBackupVaults"
        );
        let (op, p) = route("GET", "/backup-vaults/my-vault").unwrap();
        assert_eq!((op, p[0].as_str()), ("DescribeBackupVault", "my-vault"));
        assert_eq!(
            route("GET", "/backup/plans/abc/").unwrap().0,
            "GetBackupPlan"
        );
        assert_eq!(
            route("POST", "/backup/plans/abc").unwrap().0,
            "UpdateBackupPlan"
        );
        let (op, p) = route("DELETE", "/backup/plans/p1/selections/s1").unwrap();
        assert_eq!(
            (op, p),
            ("DeleteBackupSelection", vec!["p1".into(), "s1".into()])
        );
        let (op, p) = route(
            "GET",
            "/tags/arn%3Aaws%3Abackup%3Aus-east-1%3A123456789012%3Abackup-vault%3Av/",
        )
        .unwrap();
        assert_eq!(op, "ListTags");
        assert_eq!(p[0], "arn:aws:backup:us-east-1:123456789012:backup-vault:v");
        assert!(route("PATCH", "/backup-vaults/x").is_none());
        assert!(route("GET", "/nothing").is_none());
    }

    #[test]
    fn encoded_slash_in_a_label_is_decoded_after_splitting() {
        let (op, p) = route("GET", "/backup-vaults/aws%2Fefs%2Fautomatic-backup-vault").unwrap();
        assert_eq!(
            (op, p[0].as_str()),
            ("DescribeBackupVault", "aws/efs/automatic-backup-vault")
        );
        let (op, p) = route("GET", "/backup-vaults/aws%2fefs%2Fv/access-policy/").unwrap();
        assert_eq!(
            (op, p[0].as_str()),
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
