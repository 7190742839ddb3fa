//! Report: backup-job health for a scheduled job or a CI gate. It answers
//! "did the backups this stack is responsible for actually run?", which a
//! plan cannot: AWS can hold exactly the configured plans and still fail
//! every job (a missing IAM permission, a KMS key policy, a window too
//! short).
//!
//! Sources (see `aws::jobs`):
//! - account and region counts come from ListBackupJobSummaries, AWS's own
//!   aggregation for the period (ONE_DAY: the latest daily bucket, which
//!   must end within the last day; SEVEN_DAYS and FOURTEEN_DAYS: the one
//!   window AWS reports). That window is the report's window.
//! - per managed vault and plan counts, resources with failed or expired
//!   jobs, and explicitly selected resources without a completed job come
//!   from ListBackupJobs created since the window's start.
//!
//! A resource counts as "without a completed job" only when it is selected
//! by ARN (no wildcard, not excluded by `not_resources`) in a managed plan,
//! and one of the plan's rules was due in the window (a scheduled run at or
//! after the window's start whose start window has passed): a monthly rule
//! owes nothing in a one-day report.

mod build;
mod render;
mod types;

pub use build::*;
pub use render::*;
pub use types::*;

#[cfg(test)]
mod tests;
