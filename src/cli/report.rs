//! `backupctl report`: backup-job health of the account and of the
//! config's managed vaults and plans (`engine::report`), as a table, JSON
//! or Markdown on stdout. `--max-failed N` makes it a gate: exit 2 when
//! more than N jobs of the window failed or expired. Read-only.

use clap::Args;

use super::connect::ConnectArgs;
use super::{Exit, GlobalOpts};
use crate::engine::report::{report, ReportOptions};
use crate::render::{self, Format};
use crate::report::Period;

/// `--format` names: the human form is a table.
const FORMATS: &[(&str, Format)] = &[
    ("table", Format::Human),
    ("json", Format::Json),
    ("markdown", Format::Markdown),
];

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Length of the window, which ends now: ONE_DAY (the last 24 hours),
    /// SEVEN_DAYS or FOURTEEN_DAYS (also 1d, 7d, 14d).
    #[arg(long, value_enum, default_value_t = Period::OneDay)]
    pub period: Period,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = Format::named(FORMATS))]
    pub format: Format,
    /// Exit 2 when more than N backup jobs of the account and region created
    /// in the window failed or expired.
    #[arg(long, value_name = "N")]
    pub max_failed: Option<u32>,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

pub fn run(global: &GlobalOpts, args: &ReportArgs) -> anyhow::Result<Exit> {
    let opts = ReportOptions {
        config: global.config_options(),
        period: args.period,
        max_failed: args.max_failed,
        connect: args.connect.options(),
    };
    let Some(r) = report(&opts)? else {
        return Ok(Exit::Failure);
    };
    super::print(&render::report::render(&r, args.format))?;
    Ok(if r.exceeded {
        Exit::Changes
    } else {
        Exit::Success
    })
}
