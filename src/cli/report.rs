//! `backupctl report`: backup-job health of the account and of the
//! config's managed vaults and plans (see `report`), as a table, JSON or
//! Markdown on stdout. `--max-failed N` makes it a gate: exit 2 when more
//! than N jobs failed or expired in the period. Read-only.

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
    /// Aggregation period (as ListBackupJobSummaries names it; also 1d, 7d, 14d).
    #[arg(long, value_enum, default_value_t = Period::OneDay)]
    pub period: Period,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Exit 2 when more than N backup jobs in the account and region failed
    /// or expired in the period.
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
    let r = with_session(&args.connect, desired.region.as_deref(), |s| async move {
        let (live, summaries) = tokio::try_join!(s.observe(desired), async {
            Ok(s.aws.job_summaries(period).await?)
        })?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_secs_f64();
        let (_, start, _) = report::account_window(period, &summaries, now);
        let jobs = s.aws.backup_jobs(start).await?;
        Ok(report::build(&report::Input {
            stack: &desired.stack,
            live: &live,
            period,
            summaries: &summaries,
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
