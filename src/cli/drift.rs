//! `backupctl drift`: the scheduled-job view of the account against the
//! config (`engine::drift`), as text, JSON or Markdown on stdout. Exit 0
//! when none of the `--fail-on` categories has a finding, 2 when one does,
//! 1 on errors. Read-only: it makes no mutating call.

use std::io::Write;

use clap::Args;

use super::connect::ConnectArgs;
use super::{Exit, GlobalOpts};
use crate::drift::Category;
use crate::engine::drift::{drift, DriftOptions};
use crate::render::{self, Format};

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
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
    let opts = DriftOptions {
        config: global.config_options(),
        include_aws_created: args.include_aws_created,
        connect: args.connect.options(),
    };
    let Some(report) = drift(&opts)? else {
        return Ok(Exit::Failure);
    };
    super::print(&render::drift::render(&report, args.format))?;
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
