//! `report` as a library call: the window ends now (taken once, before any
//! read), then one session observes what the config manages and lists the
//! window's backup, copy and restore jobs concurrently, and `report::build` counts them. A
//! config with `targets:` gets one report per target over the same window,
//! read concurrently through the fleet helpers (`engine::fleet`). Read-only.

use super::fleet::{document, observe, per_target, selected, with_fleet, FleetOptions, Fleetwide};
use super::plan::single_only;
use super::session::{with_session, ConnectOptions};
use super::ConfigOptions;
use crate::aws::Aws;
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
    /// The copy-job gate: more failed copy jobs than this.
    pub max_failed_copies: Option<u32>,
    /// The restore-test gate: more failed restore tests than this.
    pub max_failed_restore_tests: Option<u32>,
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
        let (live, jobs) = tokio::try_join!(s.observe(desired), jobs(&s.aws, start, end))?;
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
            let jobs = jobs(&session.aws, start, end).await?;
            Ok((live, jobs))
        };
        let results = per_target(&wide, &sel.targets, read, |_, desired, (live, jobs)| {
            Ok(build(opts, desired, &live, &jobs, now))
        })
        .await;
        Ok(document(DocKind::Report, stack, sel.shard, results))
    })
}

/// The jobs of one account and region around the window: backup jobs,
/// copy jobs, restore jobs.
type Jobs = (
    Vec<report::Job>,
    Vec<report::CopyJob>,
    Vec<report::RestoreJob>,
);

/// The three job listings, read concurrently, each one second wider than
/// the window on both sides (AWS does not say whether its edges are
/// included); `build` keeps exactly `[start, end]`.
async fn jobs(aws: &Aws, start: f64, end: f64) -> anyhow::Result<Jobs> {
    let (after, before) = (start - 1.0, end + 1.0);
    Ok(tokio::try_join!(
        aws.backup_jobs(after, before),
        aws.copy_jobs(after, before),
        aws.restore_jobs(after, before),
    )?)
}

/// The report of one account and region, with the run's period and gates.
fn build(opts: &ReportOptions, desired: &Desired, live: &Live, jobs: &Jobs, now: f64) -> JobReport {
    let (backups, copies, restores) = jobs;
    // The config's restore testing plans, matched to their tests by ARN;
    // without any, every plan seen in the window is shown.
    let declared: Vec<report::restore_tests::Declared> = desired
        .restore_testing_plans
        .keys()
        .map(|name| report::restore_tests::Declared {
            address: format!("restore_testing_plan.{name}"),
            name: name.clone(),
            arn: live.restore_testing_plans.get(name).map(|l| l.arn.clone()),
        })
        .collect();
    report::build(&report::Input {
        stack: &desired.stack,
        live,
        period: opts.period,
        jobs: backups,
        now,
        max_failed: opts.max_failed.map(i64::from),
        copy_jobs: copies,
        restore_jobs: restores,
        max_failed_copies: opts.max_failed_copies.map(i64::from),
        max_failed_restore_tests: opts.max_failed_restore_tests.map(i64::from),
        restore_testing_plans: (!declared.is_empty()).then_some(declared.as_slice()),
    })
}
