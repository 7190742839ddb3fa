//! `backupctl report`: backup-job health of the account and of the
//! config's managed vaults and plans (see `report`), as a table, JSON or
//! Markdown on stdout. `--max-failed N` makes it a gate: exit 2 when more
//! than N jobs of the window failed or expired. Read-only.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::connect::{with_session, ConnectArgs};
use super::plan::load;
use super::{Exit, GlobalOpts};
use crate::model::desired::from_config;
use crate::report::{self, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Length of the window, which ends now: ONE_DAY (the last 24 hours),
    /// SEVEN_DAYS or FOURTEEN_DAYS (also 1d, 7d, 14d).
    #[arg(long, value_enum, default_value_t = Period::OneDay)]
    pub period: Period,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Exit 2 when more than N backup jobs of the account and region created
    /// in the window failed or expired.
    #[arg(long, value_name = "N")]
    pub max_failed: Option<u32>,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

pub fn run(global: &GlobalOpts, args: &ReportArgs) -> anyhow::Result<Exit> {
    let Some(loaded) = load(global)? else {
        return Ok(Exit::Failure);
    };
    let desired = from_config(&loaded.config);
    let desired = &desired;
    let period = args.period;
    // The window ends now, taken once before any read: a job created while
    // the report runs is after it and does not count.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs_f64();
    let (start, end) = report::window(period, now);
    let r = with_session(&args.connect, desired.region.as_deref(), |s| async move {
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
            max_failed: args.max_failed.map(i64::from),
        }))
    })?;
    let text = match args.format {
        ReportFormat::Table => report::human(&r),
        ReportFormat::Json => serde_json::to_string_pretty(&r)? + "\n",
        ReportFormat::Markdown => crate::render::markdown::cap_text(
            &report::markdown(&r),
            crate::render::markdown::DEFAULT_CAP,
            "backupctl report --format json",
        ),
    };
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(if r.exceeded {
        Exit::Changes
    } else {
        Exit::Success
    })
}
