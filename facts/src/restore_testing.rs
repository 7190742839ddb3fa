//! Restore testing plans and selections: their names, enums, ranges and
//! the defaults AWS stores, from botocore's model and the API reference
//! (the model gives these members no patterns or ranges; the reference
//! documents them in prose).

/// `RestoreTestingPlanName` and `RestoreTestingSelectionName`: "only
/// alphanumeric characters and underscores", "Maximum length is 50"
/// (API reference, CreateRestoreTestingPlan / CreateRestoreTestingSelection).
pub const NAME_REGEX: &str = r"^[a-zA-Z0-9_]{1,50}$";

/// Whether `s` fits [`NAME_REGEX`].
pub fn name_ok(s: &str) -> bool {
    let n = s.chars().count();
    (1..=50).contains(&n) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `RestoreTestingRecoveryPointSelectionAlgorithm` (botocore enum).
pub const ALGORITHMS: &[&str] = &["LATEST_WITHIN_WINDOW", "RANDOM_WITHIN_WINDOW"];

/// `RestoreTestingRecoveryPointType` (botocore enum).
pub const RECOVERY_POINT_TYPES: &[&str] = &["CONTINUOUS", "SNAPSHOT"];

/// `ProtectedResourceType` of a restore testing selection: a plain string
/// in the model; the API reference lists the supported values.
pub const PROTECTED_RESOURCE_TYPES: &[&str] = &[
    "Aurora",
    "DocumentDB",
    "DynamoDB",
    "EBS",
    "EC2",
    "EFS",
    "FSx",
    "Neptune",
    "RDS",
    "S3",
];

/// `StartWindowHours`: "Defaults to 24 hours", "a maximum value of 168".
pub const START_WINDOW_HOURS: (i64, i64) = (1, 168);
/// What AWS stores when `StartWindowHours` is omitted.
pub const DEFAULT_START_WINDOW_HOURS: i64 = 24;

/// `SelectionWindowDays`: "integers from 1 to 365", "defaults to 30".
pub const SELECTION_WINDOW_DAYS: (i64, i64) = (1, 365);
/// What AWS stores when `SelectionWindowDays` is omitted.
pub const DEFAULT_SELECTION_WINDOW_DAYS: i64 = 30;

/// `ValidationWindowHours`: "an integer between 0 and 168".
pub const VALIDATION_WINDOW_HOURS: (i64, i64) = (0, 168);

/// "you can include up to 30 specific protected resource ARNs".
pub const MAX_PROTECTED_RESOURCE_ARNS: usize = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_ok_agrees_with_the_regex() {
        let re = regex::Regex::new(NAME_REGEX).unwrap();
        for s in [
            "",
            "a",
            "a_b",
            "a-b",
            "a.b",
            "é",
            &"x".repeat(50),
            &"x".repeat(51),
        ] {
            assert_eq!(name_ok(s), re.is_match(s), "{s:?}");
        }
    }
}
