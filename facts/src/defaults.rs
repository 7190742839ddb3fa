//! What AWS stores for a backup rule field left out of a request. The
//! emulator fills them in as AWS does, and backupctl normalizes an omitted
//! field to them so that leaving a field out never shows as a diff.

/// `ScheduleExpression` when omitted: botocore `BackupRuleInput` documents
/// "Backup will use the default expression `cron(0 5 ? * * *)`".
pub const DEFAULT_SCHEDULE: &str = "cron(0 5 ? * * *)";

/// `StartWindowMinutes` when omitted: 8 hours (AWS Backup developer guide,
/// "Creating a backup plan": start within 8 hours by default).
pub const DEFAULT_START_WINDOW: i64 = 480;

/// `CompletionWindowMinutes` when omitted: 7 days (AWS Backup developer
/// guide, "Creating a backup plan": complete within 7 days by default).
pub const DEFAULT_COMPLETION_WINDOW: i64 = 10080;

/// `ScheduleExpressionTimezone` when omitted: botocore `BackupRuleInput`
/// says schedules are in UTC by default; AWS reads it back as `Etc/UTC`.
pub const DEFAULT_TIMEZONE: &str = "Etc/UTC";

/// `ConditionType` of a `ListOfTags` entry: botocore `Condition` allows
/// only `STRINGEQUALS` (see [`crate::enums::CONDITION_TYPES`]), so a config
/// that leaves it out means that one.
pub const DEFAULT_CONDITION_TYPE: &str = "STRINGEQUALS";
