//! `report` as a library call: the window ends now (taken once, before any
//! read), then one session observes what the config manages and lists the
//! window's backup jobs concurrently, and `report::build` counts them. A
//! config with `targets:` gets one report per target over the same window,
//! read concurrently through the fleet helpers (`engine::fleet`). Read-only.

use super::fleet::{document, observe, per_target, selected, with_fleet, FleetOptions, Fleetwide};
use super::plan::single_only;
use super::session::{with_session, ConnectOptions};
use super::ConfigOptions;
use crate::config::LoadedConfig;
use crate::fleet::{DocKind, Fleet};
use crate::model::desired::from_config;
use crate::model::{Desired, Live};
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
    /// Which targets (a config with `targets:`).
    pub targets: FleetOptions,
}

/// A job report, or one per target for a config with `targets:`.
#[derive(Debug)]
pub enum Reported {
    Single(Box<JobReport>),
    Fleet(Fleet<JobReport>),
}

/// The job report; `None` when the config is invalid (its findings are on
/// stderr).
pub fn report(opts: &ReportOptions) -> anyhow::Result<Option<Reported>> {
    let Some(loaded) = super::load(&opts.config)? else {
        return Ok(None);
    };
    // The window ends now, taken once before any read: a job created while
    // the report runs is after it and does not count. Every target of a
    // fleet shares it.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs_f64();
    if !loaded.targets.is_empty() {
        return Ok(Some(Reported::Fleet(report_fleet(&loaded, opts, now)?)));
    }
    single_only(&opts.targets)?;
    let desired = from_config(&loaded.config);
    let desired = &desired;
    let (start, end) = report::window(opts.period, now);
    let r = with_session(&opts.connect, desired.region.as_deref(), |s| async move {
        // One second wider on both sides (AWS does not say whether its
        // edges are included); `build` keeps exactly `[start, end]`.
        let (live, jobs) = tokio::try_join!(s.observe(desired), async {
            Ok(s.aws.backup_jobs(start - 1.0, end + 1.0).await?)
        })?;
        Ok(build(opts, desired, &live, &jobs, now))
    })?;
    Ok(Some(Reported::Single(Box::new(r))))
}

/// Every selected target's report. Each target's account guard passes
/// before its jobs are listed: a wrong account's jobs are never counted.
fn report_fleet(
    loaded: &LoadedConfig,
    opts: &ReportOptions,
    now: f64,
) -> anyhow::Result<Fleet<JobReport>> {
    let sel = selected(loaded, &opts.targets)?;
    let stack = &loaded.config.stack.value;
    let (start, end) = report::window(opts.period, now);
    with_fleet(&opts.connect, |wide| async move {
        let read = move |wide: Fleetwide, target, desired| async move {
            let (session, live) = observe(wide, target, desired).await?;
            let jobs = session.aws.backup_jobs(start - 1.0, end + 1.0).await?;
            Ok((live, jobs))
        };
        let results = per_target(&wide, &sel.targets, read, |_, desired, (live, jobs)| {
            Ok(build(opts, desired, &live, &jobs, now))
        })
        .await;
        Ok(document(DocKind::Report, stack, sel.shard, results))
    })
}

/// The report of one account and region, with the run's period and gate.
fn build(
    opts: &ReportOptions,
    desired: &Desired,
    live: &Live,
    jobs: &[report::Job],
    now: f64,
) -> JobReport {
    report::build(&report::Input {
        stack: &desired.stack,
        live,
        period: opts.period,
        jobs,
        now,
        max_failed: opts.max_failed.map(i64::from),
    })
}
