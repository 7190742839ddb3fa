//! `backupctl report`: backup-job health of the account and of the
//! config's managed vaults and plans (`engine::report`), as a table, JSON
//! or Markdown on stdout. `--max-failed N` makes it a gate: exit 2 when
//! more than N jobs of the window failed or expired; `--max-failed-copies`
//! and `--max-failed-restore-tests` gate copy jobs and restore tests the
//! same way. With `targets:` it
//! covers every target (or `--target`, `--shard`): exit 1 when a target
//! failed (named on stderr), else 2 when a target, or all of them together,
//! had more than N failed or expired jobs. Read-only.

use clap::Args;

use super::connect::ConnectArgs;
use super::targets::TargetArgs;
use super::{Exit, GlobalOpts};
use crate::engine::report::{report, ReportOptions, Reported};
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
    /// in the window failed or expired (with `targets:`: of any target, or
    /// of all targets together).
    #[arg(long, value_name = "N")]
    pub max_failed: Option<u32>,
    /// Exit 2 when more than N copy jobs created in the window failed.
    #[arg(long, value_name = "N")]
    pub max_failed_copies: Option<u32>,
    /// Exit 2 when more than N restore tests (restore jobs of restore
    /// testing plans) created in the window failed.
    #[arg(long, value_name = "N")]
    pub max_failed_restore_tests: Option<u32>,
    #[command(flatten)]
    pub connect: ConnectArgs,
    #[command(flatten)]
    pub targets: TargetArgs,
}

pub fn run(global: &GlobalOpts, args: &ReportArgs) -> anyhow::Result<Exit> {
    let opts = ReportOptions {
        config: global.config_options(),
        period: args.period,
        max_failed: args.max_failed,
        max_failed_copies: args.max_failed_copies,
        max_failed_restore_tests: args.max_failed_restore_tests,
        connect: args.connect.options(),
        targets: args.targets.options(),
    };
    match report(&opts)? {
        None => Ok(Exit::Failure),
        Some(Reported::Single(r)) => {
            super::print(&render::report::render(&r, args.format))?;
            super::verdict::report(&r)
        }
        Some(Reported::Fleet(doc)) => {
            super::print(&render::fleet::report::render(&doc, args.format))?;
            super::verdict::report_fleet(&doc)
        }
    }
}
