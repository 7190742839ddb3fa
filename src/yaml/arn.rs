//! Name patterns and ARN shapes from the AWS Backup API model.
//!
//! Patterns come from botocore's `backup-2018-11-15` model where it has one
//! (vault, rule, selection names; backup options; account ids, all kept in
//! `backup_facts::names`) and from the AWS ARN formats of the services
//! involved otherwise.

use std::sync::LazyLock;

use backup_facts::names;
use regex::Regex;

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid regex"));
    };
}

const P: &str = r"aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc";

re!(VAULT_NAME, names::VAULT_NAME.regex);
re!(RULE_NAME, names::RULE_NAME.regex);
re!(STACK_NAME, r"^[a-zA-Z0-9\-_.]{1,64}$");
re!(ACCOUNT_ID, names::ACCOUNT_ID);
re!(REGION, r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$");
re!(GLOB, r"^[a-zA-Z0-9\-_.*?/:]{1,128}$");
re!(OPTION_TOKEN, names::BACKUP_OPTION.regex);
re!(
    KMS_KEY,
    &format!(r"^arn:({P}):kms:[a-z0-9-]+:[0-9]{{12}}:(key/[a-zA-Z0-9-]+|alias/[a-zA-Z0-9/_-]+)$")
);
re!(
    SNS_TOPIC,
    &format!(r"^arn:({P}):sns:[a-z0-9-]+:[0-9]{{12}}:[a-zA-Z0-9_-]{{1,256}}(\.fifo)?$")
);
re!(
    IAM_ROLE,
    &format!(r"^arn:({P}):iam::[0-9]{{12}}:role/[a-zA-Z0-9+=,.@_/-]{{1,512}}$")
);
re!(
    VAULT_ARN,
    &format!(
        r"^arn:({P}):backup:[a-z0-9-]+:[0-9]{{12}}:backup-vault:{}",
        names::VAULT_NAME.regex.trim_start_matches('^')
    )
);
re!(
    RESOURCE_ARN,
    &format!(r"^arn:({P}|\*):[a-z0-9*-]+:[a-z0-9*-]*:([0-9]{{12}}|\*)?:[^\s]+$")
);

/// Which shape a value must have; `check` says why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    VaultName,
    RuleName,
    PlanName,
    SelectionName,
    StackName,
    AccountId,
    Region,
    Glob,
    OptionToken,
    KmsKey,
    SnsTopic,
    IamRole,
    VaultArn,
    ResourceArn,
}

impl Shape {
    fn regex(self) -> &'static Regex {
        match self {
            Shape::VaultName => &VAULT_NAME,
            Shape::RuleName | Shape::PlanName | Shape::SelectionName => &RULE_NAME,
            Shape::StackName => &STACK_NAME,
            Shape::AccountId => &ACCOUNT_ID,
            Shape::Region => &REGION,
            Shape::Glob => &GLOB,
            Shape::OptionToken => &OPTION_TOKEN,
            Shape::KmsKey => &KMS_KEY,
            Shape::SnsTopic => &SNS_TOPIC,
            Shape::IamRole => &IAM_ROLE,
            Shape::VaultArn => &VAULT_ARN,
            Shape::ResourceArn => &RESOURCE_ARN,
        }
    }

    /// What the value should look like, for the message and hint.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Shape::VaultName => ("vault name", "2 to 50 letters, digits, `-` or `_`"),
            Shape::RuleName => ("rule name", "1 to 50 letters, digits, `-`, `_` or `.`"),
            Shape::PlanName => ("plan name", "1 to 50 letters, digits, `-`, `_` or `.`"),
            Shape::SelectionName => ("selection name", "1 to 50 letters, digits, `-`, `_` or `.`"),
            Shape::StackName => ("stack name", "1 to 64 letters, digits, `-`, `_` or `.`"),
            Shape::AccountId => ("account id", "exactly 12 digits, quoted: \"123456789012\""),
            Shape::Region => ("region", "a region code such as eu-west-1"),
            Shape::Glob => (
                "name pattern",
                "letters, digits, `-`, `_`, `.` and the wildcards `*` and `?`",
            ),
            Shape::OptionToken => ("backup option", "1 to 50 letters, digits, `-`, `_` or `.`"),
            Shape::KmsKey => ("KMS key ARN", "arn:aws:kms:REGION:ACCOUNT:key/KEY-ID"),
            Shape::SnsTopic => ("SNS topic ARN", "arn:aws:sns:REGION:ACCOUNT:TOPIC"),
            Shape::IamRole => ("IAM role ARN", "arn:aws:iam::ACCOUNT:role/NAME"),
            Shape::VaultArn => (
                "backup vault ARN",
                "arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME",
            ),
            Shape::ResourceArn => (
                "resource ARN",
                "an ARN such as arn:aws:dynamodb:*:*:table/* (wildcards allowed) or `*`",
            ),
        }
    }

    /// `None` when `value` fits, else (message, hint).
    pub fn check(self, value: &str) -> Option<(String, String)> {
        if self == Shape::ResourceArn && value == "*" {
            return None;
        }
        if self.regex().is_match(value) {
            return None;
        }
        let (what, hint) = self.describe();
        Some((
            format!("`{value}` is not a valid {what}"),
            format!("expected {hint}"),
        ))
    }
}

/// Simple glob match (`*` any run, `?` one character), for ignore patterns.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(Shape::VaultName.check("prod-vault_1").is_none());
        assert!(Shape::VaultName.check("a").is_some());
        assert!(Shape::VaultName.check("has.dot").is_some());
        assert!(Shape::RuleName.check("daily.v2").is_none());
        assert!(Shape::RuleName.check(&"x".repeat(51)).is_some());
    }

    #[test]
    fn arns() {
        assert!(Shape::KmsKey
            .check("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
            .is_none());
        assert!(Shape::KmsKey
            .check("arn:aws:kms:eu-west-1:1234:key/x")
            .is_some());
        assert!(Shape::SnsTopic
            .check("arn:aws:sns:eu-west-1:123456789012:backup-events")
            .is_none());
        assert!(Shape::SnsTopic
            .check("arn:aws:sqs:eu-west-1:123456789012:q")
            .is_some());
        assert!(Shape::IamRole
            .check("arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole")
            .is_none());
        assert!(Shape::IamRole
            .check("arn:aws:iam::123456789012:user/bob")
            .is_some());
        assert!(Shape::VaultArn
            .check("arn:aws:backup:us-east-1:123456789012:backup-vault:dr")
            .is_none());
        assert!(Shape::ResourceArn.check("*").is_none());
        assert!(Shape::ResourceArn
            .check("arn:aws:ec2:*:*:volume/*")
            .is_none());
        assert!(Shape::ResourceArn.check("arn:aws:s3:::my-bucket").is_none());
        assert!(Shape::ResourceArn.check("my-bucket").is_some());
    }

    #[test]
    fn region_and_account() {
        assert!(Shape::Region.check("eu-west-1").is_none());
        assert!(Shape::Region.check("us-gov-west-1").is_none());
        assert!(Shape::Region.check("Europe").is_some());
        assert!(Shape::AccountId.check("123456789012").is_none());
        assert!(Shape::AccountId.check("12345").is_some());
    }

    #[test]
    fn globs() {
        assert!(glob_match("aws/*", "aws/efs/automatic"));
        assert!(glob_match("Default", "Default"));
        assert!(glob_match("tmp-??", "tmp-01"));
        assert!(!glob_match("tmp-??", "tmp-001"));
        assert!(!glob_match("a*b", "ac"));
    }
}
