//! `report` as a library call: the window ends now (taken once, before any
//! read), then one session observes what the config manages and lists the
//! window's backup jobs concurrently, and `report::build` counts them.
//! Read-only.

use super::session::{with_session, ConnectOptions};
use super::ConfigOptions;
use crate::model::desired::from_config;
use crate::report::{self, JobReport, Period};

/// What `report` needs.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The config whose managed vaults and plans are reported on.
    pub config: ConfigOptions,
    /// Length of the window, which ends now.
    pub period: Period,
    /// The gate: more failed or expired jobs than this is "exceeded".
    pub max_failed: Option<u32>,
    /// How to reach AWS.
    pub connect: ConnectOptions,
}

/// The job report; `None` when the config is invalid (its findings are on
/// stderr).
pub fn report(opts: &ReportOptions) -> anyhow::Result<Option<JobReport>> {
    let Some(loaded) = super::load(&opts.config)? else {
        return Ok(None);
    };
    let desired = from_config(&loaded.config);
    let desired = &desired;
    let period = opts.period;
    // The window ends now, taken once before any read: a job created while
    // the report runs is after it and does not count.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs_f64();
    let (start, end) = report::window(period, now);
    let r = with_session(&opts.connect, desired.region.as_deref(), |s| async move {
        // One second wider on both sides (AWS does not say whether its
        // edges are included); `build` keeps exactly `[start, end]`.
        let (live, jobs) = tokio::try_join!(s.observe(desired), async {
            Ok(s.aws.backup_jobs(start - 1.0, end + 1.0).await?)
        })?;
        Ok(report::build(&report::Input {
            stack: &desired.stack,
            live: &live,
            period,
            jobs: &jobs,
            now,
            max_failed: opts.max_failed.map(i64::from),
        }))
    })?;
    Ok(Some(r))
}
