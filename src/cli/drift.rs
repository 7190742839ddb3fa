//! `backupctl drift`: the scheduled-job view of the account against the
//! config (`engine::drift`), as text, JSON or Markdown on stdout. Exit 0
//! when none of the `--fail-on` categories has a finding, 2 when one does,
//! 1 on errors. With `targets:` it covers every target (or `--target`,
//! `--shard`): exit 1 when a target failed or has errors (named on
//! stderr), else 2 when any target has such a finding. Read-only: it makes
//! no mutating call.

use clap::Args;

use super::connect::ConnectArgs;
use super::targets::TargetArgs;
use super::{Exit, GlobalOpts};
use crate::drift::Category;
use crate::engine::drift::{drift, DriftOptions, Drifted};
use crate::render::{self, Format};

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Categories that count as drift for the exit code (comma-separated;
    /// default: all). The others are still reported.
    #[arg(long, value_enum, value_delimiter = ',',
          default_values_t = Category::ALL)]
    pub fail_on: Vec<Category>,
    /// Also list the vaults AWS created itself (`aws/...`, e.g. EFS
    /// automatic backups); they are never drift.
    #[arg(long)]
    pub include_aws_created: bool,
    #[command(flatten)]
    pub connect: ConnectArgs,
    #[command(flatten)]
    pub targets: TargetArgs,
}

pub fn run(global: &GlobalOpts, args: &DriftArgs) -> anyhow::Result<Exit> {
    let opts = DriftOptions {
        config: global.config_options(),
        include_aws_created: args.include_aws_created,
        connect: args.connect.options(),
        targets: args.targets.options(),
    };
    match drift(&opts)? {
        None => Ok(Exit::Failure),
        Some(Drifted::Single(r)) => {
            super::print(&render::drift::render(&r, args.format))?;
            super::verdict::drift(&r, &args.fail_on)
        }
        Some(Drifted::Fleet(doc)) => {
            super::print(&render::fleet::drift::render(&doc, args.format))?;
            super::verdict::drift_fleet(&doc, &args.fail_on)
        }
    }
}
