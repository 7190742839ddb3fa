//! Targets: the accounts × regions one config declares (`targets:`), how
//! each is reached, its variables, and the per-target configs the loader
//! resolves from one set of files. A config without `targets:` has one
//! implicit target (the client's account and region), and every command
//! works as it did before targets existed.

use std::collections::BTreeMap;

use crate::config::Config;

/// One account × region the config applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `ACCOUNT/REGION`, e.g. `central/eu-west-1` (unique; sorted order is
    /// the run order and the order of every output).
    pub name: String,
    /// The key of the account entry under `targets:` (`central`).
    pub account: String,
    /// 12 digits.
    pub account_id: String,
    pub region: String,
    /// `aws`, `aws-cn` or `aws-us-gov` (derived from the region unless set).
    pub partition: String,
    /// How to reach it.
    pub access: Access,
    /// Resolved variables (defaults merged with the target's own), as JSON.
    pub variables: BTreeMap<String, serde_json::Value>,
}

/// How a target's credentials are obtained.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Access {
    /// Named profile (alone, or the source credentials of `role_arn`);
    /// `None` = the default chain (or `--profile`).
    pub profile: Option<String>,
    /// Role to assume with STS AssumeRole.
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
    /// Defaults to `backupctl`.
    pub session_name: Option<String>,
}

/// One target with its resolved config: variables substituted, the
/// resources that do not select it removed, cross-target vault
/// references turned into ARNs, `account_id`/`region` set to the target's.
#[derive(Debug, Clone)]
pub struct TargetConfig {
    pub target: Target,
    pub config: Config,
}

impl Target {
    /// The ARN of vault `name` in this target.
    pub fn vault_arn(&self, name: &str) -> String {
        format!(
            "arn:{}:backup:{}:{}:backup-vault:{name}",
            self.partition, self.region, self.account_id
        )
    }
}

/// The partition a region belongs to.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else {
        "aws"
    }
}

/// Whether a target pattern matches target `name` (`ACCOUNT/REGION`):
/// `*` any run of characters, `?` one; a pattern without `/` matches the
/// account key, i.e. every region of the account.
pub fn pattern_matches(pattern: &str, name: &str) -> bool {
    let subject = if pattern.contains('/') {
        name
    } else {
        name.split('/').next().unwrap_or(name)
    };
    glob(pattern.as_bytes(), subject.as_bytes())
}

fn glob(p: &[u8], s: &[u8]) -> bool {
    // Iterative matcher with one backtrack point (the last `*`).
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, si));
                pi += 1;
            }
            Some(&c) if c == b'?' || c == s[si] => {
                pi += 1;
                si += 1;
            }
            _ => match star {
                Some((sp, ss)) => {
                    pi = sp + 1;
                    si = ss + 1;
                    star = Some((sp, ss + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_names_globs_and_account_keys() {
        assert!(pattern_matches("prod/eu-west-1", "prod/eu-west-1"));
        assert!(!pattern_matches("prod/eu-west-1", "prod/eu-west-2"));
        assert!(pattern_matches("prod", "prod/eu-west-1"));
        assert!(!pattern_matches("prod", "prod2/eu-west-1"));
        assert!(pattern_matches("*/eu-central-1", "dev/eu-central-1"));
        assert!(pattern_matches("p*", "prod/us-east-1"));
        assert!(pattern_matches("prod/eu-*-1", "prod/eu-west-1"));
        assert!(pattern_matches("wl-??", "wl-07/us-east-1"));
        assert!(!pattern_matches("wl-?", "wl-07/us-east-1"));
        assert!(pattern_matches("*", "a/b"));
        assert_eq!(partition_of("cn-north-1"), "aws-cn");
        assert_eq!(partition_of("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_of("eu-west-1"), "aws");
    }
}
