//! Name patterns of the AWS Backup model. Each pattern is kept in two
//! spellings of the same language: botocore's (`\_`, `\.` escaped, quoted in
//! the emulator's error messages as AWS quotes it) and the one a JSON Schema
//! (ECMA-262 with the `u` flag, which refuses `\_`) and the `regex` crate
//! accept. [`NamePattern::matches`] checks a value without a regex engine.

/// A pattern of the form `^[a-zA-Z0-9\-\_]{min,max}$`, with `.` allowed too
/// when `dot` is set: the shape of every AWS Backup name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamePattern {
    /// The pattern as botocore's model writes it.
    pub model: &'static str,
    /// The same pattern in the syntax JSON Schema and the `regex` crate take.
    pub regex: &'static str,
    /// Fewest characters.
    pub min: usize,
    /// Most characters.
    pub max: usize,
    /// Whether `.` is allowed besides letters, digits, `-` and `_`.
    pub dot: bool,
}

impl NamePattern {
    /// Whether `s` fits the pattern (what the regex would say).
    pub fn matches(&self, s: &str) -> bool {
        let n = s.chars().count();
        n >= self.min
            && n <= self.max
            && s.chars().all(|c| {
                c.is_ascii_alphanumeric() || c == '-' || c == '_' || (self.dot && c == '.')
            })
    }
}

/// 1 to 50 letters, digits, `-`, `_` or `.`: the pattern botocore gives
/// `BackupRuleName`, `BackupSelectionName`, `ResourceType`,
/// `BackupOptionKey` and `BackupOptionValue`.
const DOTTED_50: NamePattern = NamePattern {
    model: r"^[a-zA-Z0-9\-\_\.]{1,50}$",
    regex: r"^[a-zA-Z0-9\-_.]{1,50}$",
    min: 1,
    max: 50,
    dot: true,
};

/// `BackupVaultName` (botocore: `^[a-zA-Z0-9\-\_]{2,50}$`).
pub const VAULT_NAME: NamePattern = NamePattern {
    model: r"^[a-zA-Z0-9\-\_]{2,50}$",
    regex: r"^[a-zA-Z0-9\-_]{2,50}$",
    min: 2,
    max: 50,
    dot: false,
};

/// `BackupRuleName` (botocore: `^[a-zA-Z0-9\-\_\.]{1,50}$`).
pub const RULE_NAME: NamePattern = DOTTED_50;

/// `BackupPlanName`: the model has no pattern, but documents "Must contain
/// 1 to 50 alphanumeric or '-_.' characters" (botocore `BackupPlanInput`),
/// the rule name's pattern.
pub const PLAN_NAME: NamePattern = DOTTED_50;

/// `BackupSelectionName` (botocore: `^[a-zA-Z0-9\-\_\.]{1,50}$`).
pub const SELECTION_NAME: NamePattern = DOTTED_50;

/// `ResourceType` (botocore: `^[a-zA-Z0-9\-\_\.]{1,50}$`), the key of
/// region settings and the members of index and scan resource type lists.
pub const RESOURCE_TYPE: NamePattern = DOTTED_50;

/// `BackupOptionKey` and `BackupOptionValue` of advanced backup settings
/// (botocore: `^[a-zA-Z0-9\-\_\.]{1,50}$`).
pub const BACKUP_OPTION: NamePattern = DOTTED_50;

/// `CreatorRequestId`: no pattern in the model; the API reference documents
/// "1 to 50 alphanumeric or '-_.' characters".
pub const CREATOR_REQUEST_ID: NamePattern = DOTTED_50;

/// `AccountId` (botocore: `^[0-9]{12}$`; the same in both spellings).
pub const ACCOUNT_ID: &str = r"^[0-9]{12}$";

/// `TieringConfigurationName` (botocore: `^[a-zA-Z0-9_]{1,200}$`, the
/// same in both spellings): unlike the other names, no `-` or `.`.
pub const TIERING_CONFIGURATION_NAME: &str = r"^[a-zA-Z0-9_]{1,200}$";

/// Whether `s` fits [`TIERING_CONFIGURATION_NAME`].
pub fn is_tiering_configuration_name(s: &str) -> bool {
    (1..=200).contains(&s.chars().count())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `BackupVaultNameOrWildcard` of a tiering configuration (botocore:
/// `^(\*|[a-zA-Z0-9\-\_]{2,50})$`): a vault name, or `*` for every vault.
pub const VAULT_NAME_OR_WILDCARD: &str = r"^(\*|[a-zA-Z0-9\-_]{2,50})$";

/// Whether `s` fits [`VAULT_NAME_OR_WILDCARD`].
pub fn is_vault_name_or_wildcard(s: &str) -> bool {
    s == "*" || VAULT_NAME.matches(s)
}

/// Whether `s` is an AWS account id: exactly 12 ASCII digits
/// ([`ACCOUNT_ID`]).
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[NamePattern] = &[
        VAULT_NAME,
        RULE_NAME,
        PLAN_NAME,
        SELECTION_NAME,
        RESOURCE_TYPE,
        BACKUP_OPTION,
        CREATOR_REQUEST_ID,
    ];

    #[test]
    fn both_spellings_are_one_pattern() {
        for p in ALL {
            assert_eq!(p.model.replace(r"\_", "_").replace(r"\.", "."), p.regex);
            let fields = format!(
                "^[a-zA-Z0-9\\-_{}]{{{},{}}}$",
                if p.dot { "." } else { "" },
                p.min,
                p.max
            );
            assert_eq!(p.regex, fields);
        }
    }

    #[test]
    fn matches_agrees_with_the_regex() {
        let samples = [
            "",
            "a",
            "ab",
            "a.b",
            "a_b-c",
            "a b",
            "é",
            "ab/c",
            "x.",
            &"x".repeat(50),
            &"x".repeat(51),
            &"y".repeat(2),
        ];
        for p in ALL {
            let re = regex::Regex::new(p.regex).unwrap();
            for s in samples {
                assert_eq!(p.matches(s), re.is_match(s), "{} on {s:?}", p.regex);
            }
        }
        let re = regex::Regex::new(TIERING_CONFIGURATION_NAME).unwrap();
        for s in samples
            .iter()
            .copied()
            .chain(["a_b", "A1", &"t".repeat(200), &"t".repeat(201)])
        {
            assert_eq!(is_tiering_configuration_name(s), re.is_match(s), "{s:?}");
        }
        let re = regex::Regex::new(VAULT_NAME_OR_WILDCARD).unwrap();
        for s in samples.iter().copied().chain(["*", "**", "a*"]) {
            assert_eq!(is_vault_name_or_wildcard(s), re.is_match(s), "{s:?}");
        }
        let re = regex::Regex::new(ACCOUNT_ID).unwrap();
        for s in [
            "123456789012",
            "12345678901",
            "1234567890123",
            "12345678901a",
        ] {
            assert_eq!(is_account_id(s), re.is_match(s), "{s}");
        }
    }
}
