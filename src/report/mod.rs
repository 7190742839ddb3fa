//! Report: backup-job health for a scheduled job or a CI gate. It answers
//! "did the backups this stack is responsible for actually run?", which a
//! plan cannot: AWS can hold exactly the configured plans and still fail
//! every job (a missing IAM permission, a KMS key policy, a window too
//! short).
//!
//! The window is `[now - period, now]` (`build::window`): the last 24
//! hours, 7 or 14 days up to the second the report starts, whatever the
//! time of day and whatever jobs exist. Every figure (account and region,
//! managed vaults and plans, failed resources, the `--max-failed` gate)
//! counts the same jobs: those of one ListBackupJobs listing (see
//! `aws::jobs`) created within the window. AWS's ListBackupJobSummaries is
//! not used: its daily buckets made the ONE_DAY window depend on the data.
//!
//! A resource counts as "without a completed job" only when it is selected
//! by ARN (no wildcard, not excluded by `not_resources`) in a managed plan,
//! and one of the plan's rules was due in the window (a scheduled run at or
//! after the window's start whose start window has passed): a monthly rule
//! owes nothing in a one-day report.
//!
//! Copy jobs (`copies`: did the DR copies of the rules' copy actions
//! succeed?) and restore tests (`restore_tests`: did the restore testing
//! plans' restores and validations pass?) are read over the same window,
//! each with its own gate (`--max-failed-copies`,
//! `--max-failed-restore-tests`); `counts` holds what all three share.
//!
//! This module builds the [`JobReport`]; `render::report` prints it and
//! `aws::jobs` reads the [`Job`] rows.

mod build;
pub mod copies;
mod counts;
pub mod fleet;
pub mod restore_tests;
mod types;

pub use build::*;
pub use copies::{CopyDestination, CopyJob, CopyReport};
pub use restore_tests::{RestoreJob, RestoreTestPlan, RestoreTestReport};
pub use types::*;

#[cfg(test)]
mod dr_tests;
#[cfg(test)]
mod tests;
