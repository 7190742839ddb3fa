//! Backup Audit Manager, legal holds and the jobs reports cover: the report
//! templates of report plans and the rules each template sets; the names,
//! statuses and quotas of frameworks, report plans and legal holds; the
//! states of copy and restore jobs. Plain data, so backupctl's offline
//! validation and the emulator agree (the control catalogue is
//! [`crate::controls`]).
//!
//! Sources: the AWS Backup developer guide pages "Controls and remediation",
//! "Choosing your controls" and "Creating frameworks using the AWS Backup
//! API" (control names, parameter names, defaults and ranges), the AWS
//! Config managed rules of the same identifiers (parameter types and
//! accepted values), and botocore's `backup-2018-11-15` model (name
//! patterns, `ControlScope`, `ReportSetting`, statuses). What the guide
//! leaves open is marked "unverified" and listed in the emulator's
//! `KNOWN_DIFFERENCES.md`.

/// `FrameworkName` and `ReportPlanName` (botocore: `[a-zA-Z][_a-zA-Z0-9]*`,
/// 1 to 256 characters): a letter, then letters, digits and underscores.
pub const AUDIT_NAME_MODEL: &str = "[a-zA-Z][_a-zA-Z0-9]*";

/// Whether `s` is a valid framework or report plan name.
pub fn audit_name_ok(s: &str) -> bool {
    let n = s.chars().count();
    (1..=256).contains(&n)
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Descriptions of frameworks and report plans: 0 to 1024 characters with
/// at least one non-space (botocore pattern `.*\S.*`).
pub const MAX_AUDIT_DESCRIPTION: usize = 1024;

/// Whether `s` is a valid framework or report plan description.
pub fn audit_description_ok(s: &str) -> bool {
    s.chars().count() <= MAX_AUDIT_DESCRIPTION && s.chars().any(|c| !c.is_whitespace())
}

/// `DeploymentStatus` values of frameworks and report plans (botocore
/// documentation of `DescribeFrameworkOutput.DeploymentStatus`).
pub const DEPLOYMENT_STATUSES: &[&str] = &[
    "CREATE_IN_PROGRESS",
    "UPDATE_IN_PROGRESS",
    "DELETE_IN_PROGRESS",
    "COMPLETED",
    "FAILED",
];

/// `FrameworkStatus` values (botocore documentation).
pub const FRAMEWORK_STATUSES: &[&str] = &["ACTIVE", "PARTIALLY_ACTIVE", "INACTIVE", "UNAVAILABLE"];

/// Frameworks per account and Region (AWS Backup quotas, "Frameworks").
pub const MAX_FRAMEWORKS: usize = 10;

/// Controls per account and Region, counted over all frameworks ("You can
/// use up to 50 controls per account per Region").
pub const MAX_CONTROLS: usize = 50;

/// Report plans per account and Region (AWS Backup quotas).
pub const MAX_REPORT_PLANS: usize = 20;

/// One report template and what its `ReportSetting` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportTemplate {
    /// `ReportTemplate` value.
    pub name: &'static str,
    /// Compliance reports cover frameworks: `FrameworkArns` is required
    /// (and `NumberOfFrameworks` allowed); job reports take neither.
    pub compliance: bool,
}

/// Every report template (botocore `ReportSetting.ReportTemplate`).
pub const REPORT_TEMPLATES: &[ReportTemplate] = &[
    ReportTemplate {
        name: "RESOURCE_COMPLIANCE_REPORT",
        compliance: true,
    },
    ReportTemplate {
        name: "CONTROL_COMPLIANCE_REPORT",
        compliance: true,
    },
    ReportTemplate {
        name: "BACKUP_JOB_REPORT",
        compliance: false,
    },
    ReportTemplate {
        name: "COPY_JOB_REPORT",
        compliance: false,
    },
    ReportTemplate {
        name: "RESTORE_JOB_REPORT",
        compliance: false,
    },
    ReportTemplate {
        name: "SCAN_JOB_REPORT",
        compliance: false,
    },
];

/// The template named `name`.
pub fn report_template(name: &str) -> Option<&'static ReportTemplate> {
    REPORT_TEMPLATES.iter().find(|t| t.name == name)
}

/// `ReportDeliveryChannel.Formats` values ("CSV, JSON, or both"); CSV when
/// none is given.
pub const REPORT_FORMATS: &[&str] = &["CSV", "JSON"];

/// `LegalHoldStatus` (botocore enum).
pub const LEGAL_HOLD_STATUSES: &[&str] = &["CREATING", "ACTIVE", "CANCELING", "CANCELED"];

/// `CopyJobState` (botocore enum), the `State` of a copy job and the
/// `state` filter of ListCopyJobs.
pub const COPY_JOB_STATES: &[&str] = &["CREATED", "RUNNING", "COMPLETED", "FAILED", "PARTIAL"];

/// `CopyJobStatus` (botocore enum) of ListCopyJobSummaries, besides
/// `ANY` and `AGGREGATE_ALL`.
pub const COPY_JOB_SUMMARY_STATES: &[&str] = &[
    "CREATED",
    "RUNNING",
    "ABORTING",
    "ABORTED",
    "COMPLETING",
    "COMPLETED",
    "FAILING",
    "FAILED",
    "PARTIAL",
];

/// `RestoreJobStatus` (botocore enum), the `Status` of a restore job.
pub const RESTORE_JOB_STATUSES: &[&str] = &["PENDING", "RUNNING", "COMPLETED", "ABORTED", "FAILED"];

/// `RestoreJobState` (botocore enum) of ListRestoreJobSummaries, besides
/// `ANY` and `AGGREGATE_ALL`.
pub const RESTORE_JOB_SUMMARY_STATES: &[&str] = &[
    "CREATED",
    "PENDING",
    "RUNNING",
    "ABORTED",
    "COMPLETED",
    "FAILED",
];

/// `RestoreValidationStatus` (botocore enum).
pub const RESTORE_VALIDATION_STATUSES: &[&str] =
    &["FAILED", "SUCCESSFUL", "TIMED_OUT", "VALIDATING"];

/// `RestoreDeletionStatus` (botocore enum).
pub const RESTORE_DELETION_STATUSES: &[&str] = &["DELETING", "FAILED", "SUCCESSFUL"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_model_pattern() {
        let re = regex::Regex::new(&format!("^{AUDIT_NAME_MODEL}$")).unwrap();
        for s in ["a", "Ab_1", "_a", "1a", "a-b", "a b", ""] {
            assert_eq!(audit_name_ok(s), re.is_match(s), "{s:?}");
        }
        assert!(audit_name_ok(&"a".repeat(256)));
        assert!(!audit_name_ok(&"a".repeat(257)));
    }
}
