//! `backupctl drift`: the scheduled-job view of the account against the
//! config (see `drift`), as text, JSON or Markdown on stdout. Exit 0 when
//! none of the `--fail-on` categories has a finding, 2 when one does, 1 on
//! errors. Read-only: it makes no mutating call.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::connect::{with_session, ConnectArgs};
use super::plan::load;
use super::{Exit, GlobalOpts};
use crate::diff::{diff, DiffOptions};
use crate::drift::{self, Category};
use crate::model::desired::from_config;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DriftFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = DriftFormat::Human)]
    pub format: DriftFormat,
    /// Categories that count as drift for the exit code (comma-separated;
    /// default: all). The others are still reported.
    #[arg(long, value_enum, value_delimiter = ',',
          default_values_t = [Category::Changed, Category::Missing, Category::Orphaned, Category::Unmanaged])]
    pub fail_on: Vec<Category>,
    /// Also list the vaults AWS created itself (`aws/...`, e.g. EFS
    /// automatic backups); they are never drift.
    #[arg(long)]
    pub include_aws_created: bool,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

pub fn run(global: &GlobalOpts, args: &DriftArgs) -> anyhow::Result<Exit> {
    let Some(loaded) = load(global)? else {
        return Ok(Exit::Failure);
    };
    let desired = from_config(&loaded.config);
    let desired = &desired;
    let live = with_session(&args.connect, desired.region.as_deref(), |s| async move {
        s.observe(desired).await
    })?;
    let report = drift::classify(
        &diff(desired, &live, DiffOptions::default()),
        args.include_aws_created,
    );
    let text = match args.format {
        DriftFormat::Human => drift::human(&report),
        DriftFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        DriftFormat::Markdown => crate::render::markdown::cap_text(
            &drift::markdown(&report),
            crate::render::markdown::DEFAULT_CAP,
            "backupctl drift --format json",
        ),
    };
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    if !report.errors.is_empty() {
        let mut err = anstream::stderr().lock();
        for e in &report.errors {
            writeln!(err, "error: {e}")?;
        }
        return Ok(Exit::Failure);
    }
    Ok(if report.drifted(&args.fail_on) {
        Exit::Changes
    } else {
        Exit::Success
    })
}
