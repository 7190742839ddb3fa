//! STS's input checks, worded like AWS's: the model's constraints
//! (botocore `sts` 2011-06-15: lengths, patterns, ranges) collected into one
//! ValidationError ("N validation error(s) detected: Value 'x' at 'field'
//! failed to satisfy constraint: Member must ..."), then the role ARN's
//! shape ("Request ARN is invalid", as AWS answers a malformed one).

use std::collections::HashMap;

use crate::error::AwsError;

/// The parts of an IAM role ARN `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleArn {
    pub arn: String,
    pub partition: String,
    pub account: String,
    /// The name after the path (what assumed-role ARNs show).
    pub name: String,
}

/// `\w` and the extra characters of a model pattern like `[\w+=,.@-]*`.
fn word_or(extra: &'static str) -> impl Fn(char) -> bool {
    move |c: char| c.is_ascii_alphanumeric() || c == '_' || extra.contains(c)
}

/// RoleSessionName and SourceIdentity: `[\w+=,.@-]*`.
pub const SESSION_PATTERN: &str = r"[\w+=,.@-]*";
/// ExternalId: `[\w+=,.@:\/-]*`.
pub const EXTERNAL_ID_PATTERN: &str = r"[\w+=,.@:\/-]*";

pub fn session_name_ok(s: &str) -> bool {
    (2..=64).contains(&s.chars().count()) && s.chars().all(word_or("+=,.@-"))
}

pub fn external_id_ok(s: &str) -> bool {
    (2..=1224).contains(&s.chars().count()) && s.chars().all(word_or("+=,.@:/-"))
}

/// Parses an IAM role ARN; None when it is not one. The partition is
/// `aws` or `aws-...`, the region empty, the account 12 digits, the path
/// printable ASCII and the name 1..64 of `[\w+=,.@-]`.
pub fn role_arn(s: &str) -> Option<RoleArn> {
    let mut parts = s.splitn(6, ':');
    let (arn, partition, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let partition_ok = partition == "aws"
        || partition.strip_prefix("aws-").is_some_and(|p| {
            !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        });
    let path_and_name = resource.strip_prefix("role/")?;
    let name = path_and_name.rsplit('/').next()?;
    let ok = arn == "arn"
        && partition_ok
        && service == "iam"
        && region.is_empty()
        && backup_facts::names::is_account_id(account)
        && path_and_name.bytes().all(|b| (0x21..=0x7e).contains(&b))
        && (1..=64).contains(&name.len())
        && name.chars().all(word_or("+=,.@-"));
    ok.then(|| RoleArn {
        arn: s.to_string(),
        partition: partition.to_string(),
        account: account.to_string(),
        name: name.to_string(),
    })
}

/// The "Request ARN is invalid" error of a malformed RoleArn.
pub fn invalid_arn() -> AwsError {
    AwsError::new(400, "ValidationError", "Request ARN is invalid")
}

/// Collects constraint violations of one request's form parameters.
pub struct Checks<'a> {
    form: &'a HashMap<String, String>,
    errors: Vec<String>,
}

impl<'a> Checks<'a> {
    pub fn new(form: &'a HashMap<String, String>) -> Self {
        Checks {
            form,
            errors: Vec::new(),
        }
    }

    fn violation(&mut self, shown: &str, field: &str, rule: String) {
        self.errors.push(format!(
            "Value {shown} at '{field}' failed to satisfy constraint: Member must {rule}"
        ));
    }

    /// A string member `wire` (the form name) called `field` in messages:
    /// its length in `min..=max` and every character `allowed` (shown as
    /// `pattern`). `required` members that are absent are "null".
    /// `sensitive` values are not repeated in the message.
    #[allow(clippy::too_many_arguments)]
    pub fn string(
        &mut self,
        wire: &str,
        field: &str,
        required: bool,
        (min, max): (usize, usize),
        pattern: Option<(&str, &dyn Fn(char) -> bool)>,
        sensitive: bool,
    ) -> Option<&'a str> {
        let form: &'a HashMap<String, String> = self.form;
        let Some(v) = form.get(wire) else {
            if required {
                self.violation("null", field, "not be null".into());
            }
            return None;
        };
        let shown = if sensitive {
            "'*** Sensitive Data Redacted ***'".to_string()
        } else {
            format!("'{v}'")
        };
        let n = v.chars().count();
        if n < min {
            self.violation(
                &shown,
                field,
                format!("have length greater than or equal to {min}"),
            );
        }
        if n > max {
            self.violation(
                &shown,
                field,
                format!("have length less than or equal to {max}"),
            );
        }
        if let Some((shown_pattern, allowed)) = pattern {
            if !v.chars().all(allowed) {
                self.violation(
                    &shown,
                    field,
                    format!("satisfy regular expression pattern: {shown_pattern}"),
                );
            }
        }
        Some(v.as_str())
    }

    /// The common members of AssumeRole and AssumeRoleWithWebIdentity:
    /// RoleArn, RoleSessionName, DurationSeconds (default 3600), Policy.
    pub fn role_and_session(&mut self) -> (Option<&'a str>, Option<&'a str>, i64) {
        let role = self.string("RoleArn", "roleArn", true, (20, 2048), None, false);
        let session = self.string(
            "RoleSessionName",
            "roleSessionName",
            true,
            (2, 64),
            Some((SESSION_PATTERN, &word_or("+=,.@-"))),
            false,
        );
        self.string("Policy", "policy", false, (1, 2048), None, false);
        let duration = self.duration();
        (role, session, duration)
    }

    /// DurationSeconds: 900..=43200, 3600 when absent.
    pub fn duration(&mut self) -> i64 {
        let Some(v) = self.form.get("DurationSeconds") else {
            return 3600;
        };
        let Ok(n) = v.trim().parse::<i64>() else {
            self.violation(&format!("'{v}'"), "durationSeconds", "be an integer".into());
            return 3600;
        };
        if n < 900 {
            self.violation(
                &format!("'{n}'"),
                "durationSeconds",
                "have value greater than or equal to 900".into(),
            );
        }
        if n > 43200 {
            self.violation(
                &format!("'{n}'"),
                "durationSeconds",
                "have value less than or equal to 43200".into(),
            );
        }
        n
    }

    /// SourceIdentity: 2..64 of `[\w+=,.@-]`.
    pub fn source_identity(&mut self) -> Option<&'a str> {
        self.string(
            "SourceIdentity",
            "sourceIdentity",
            false,
            (2, 64),
            Some((SESSION_PATTERN, &word_or("+=,.@-"))),
            false,
        )
    }

    /// ExternalId: 2..1224 of `[\w+=,.@:\/-]`.
    pub fn external_id(&mut self) -> Option<&'a str> {
        self.string(
            "ExternalId",
            "externalId",
            false,
            (2, 1224),
            Some((EXTERNAL_ID_PATTERN, &word_or("+=,.@:/-"))),
            false,
        )
    }

    /// One ValidationError listing every violation, if any.
    pub fn finish(self) -> Result<(), AwsError> {
        match self.errors.len() {
            0 => Ok(()),
            n => Err(AwsError::new(
                400,
                "ValidationError",
                format!(
                    "{n} validation error{} detected: {}",
                    if n == 1 { "" } else { "s" },
                    self.errors.join("; ")
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn role_arns() {
        let r = role_arn("arn:aws:iam::222222222222:role/ci/deploy/backupctl").unwrap();
        assert_eq!(
            (r.partition.as_str(), r.account.as_str(), r.name.as_str()),
            ("aws", "222222222222", "backupctl")
        );
        assert!(role_arn("arn:aws-cn:iam::222222222222:role/x").is_some());
        assert!(role_arn("arn:aws-us-gov:iam::222222222222:role/a+b=c,d.e@f-g_h").is_some());
        for bad in [
            "arn:aws:iam::222222222222:user/x",
            "arn:aws:iam:us-east-1:222222222222:role/x",
            "arn:aws:iam::2222:role/x",
            "arn:aws:s3::222222222222:role/x",
            "arn:azure:iam::222222222222:role/x",
            "arn:aws:iam::222222222222:role/",
            "arn:aws:iam::222222222222:role/a b",
            "arn:aws:iam::222222222222:role/x*y",
            "not-an-arn-at-all-but-long",
        ] {
            assert!(role_arn(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn one_violation_is_worded_like_aws() {
        let f = form(&[
            ("RoleArn", "arn:aws:iam::222222222222:role/x"),
            ("RoleSessionName", "a"),
        ]);
        let mut c = Checks::new(&f);
        c.role_and_session();
        let e = c.finish().unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (400, "ValidationError"));
        assert_eq!(
            e.message,
            "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"
        );
    }

    #[test]
    fn several_violations_are_listed_together() {
        let f = form(&[("RoleSessionName", "has space"), ("DurationSeconds", "60")]);
        let mut c = Checks::new(&f);
        let (_, _, d) = c.role_and_session();
        assert_eq!(d, 60);
        let e = c.finish().unwrap_err();
        assert!(
            e.message.starts_with("3 validation errors detected: "),
            "{}",
            e.message
        );
        assert!(e.message.contains(
            "Value null at 'roleArn' failed to satisfy constraint: Member must not be null"
        ));
        assert!(e.message.contains(r"Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*"));
        assert!(e.message.contains("Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"));
    }

    #[test]
    fn duration_defaults_and_bounds() {
        let f = form(&[]);
        assert_eq!(Checks::new(&f).duration(), 3600);
        let f = form(&[("DurationSeconds", "43201")]);
        let mut c = Checks::new(&f);
        c.duration();
        assert!(c
            .finish()
            .unwrap_err()
            .message
            .contains("less than or equal to 43200"));
    }

    #[test]
    fn external_ids_and_session_names() {
        assert!(external_id_ok("tenant:42/a-b_c=d,e.f@g+h"));
        assert!(!external_id_ok("x"));
        assert!(!external_id_ok("has space"));
        assert!(!external_id_ok(&"x".repeat(1225)));
        assert!(session_name_ok("run-1@ci"));
        assert!(!session_name_ok("run:1"));
        assert!(!session_name_ok(&"s".repeat(65)));
    }
}
