//! `backupctl plan`: show the change set (human, JSON or Markdown) on
//! stdout; logs and findings go to stderr. `--out` saves it for `apply`;
//! `--detailed-exitcode` exits 2 when there are changes; `--emulator` runs
//! the local emulator in-process on a state file so the tool can be tried
//! without an AWS account.

use std::path::PathBuf;

use clap::Args;

use super::connect::ConnectArgs;
use super::targets::TargetArgs;
use super::{Exit, GlobalOpts};
use crate::changeset::ChangeSet;
use crate::engine::plan::{plan, PlanOptions, Planned};
use crate::fleet::Fleet;
use crate::render::{self, Format};

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Output format of the plan.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Save the plan (JSON, with config digest and live-state fingerprint) for `apply`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit 0 when there are no changes, 2 when there are, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Take over unmanaged vaults and plans whose names the config declares.
    #[arg(long)]
    pub adopt: bool,
    #[command(flatten)]
    pub connect: ConnectArgs,
    #[command(flatten)]
    pub targets: TargetArgs,
}

pub fn run(global: &GlobalOpts, args: &PlanArgs) -> anyhow::Result<Exit> {
    let opts = PlanOptions {
        config: global.config_options(),
        adopt: args.adopt,
        connect: args.connect.options(),
        targets: args.targets.options(),
    };
    let plan = match plan(&opts)? {
        None => return Ok(Exit::Failure),
        Some(Planned::Fleet(doc)) => return fleet(args, &doc),
        Some(Planned::Single(plan)) => plan,
    };
    super::print(&render::render(&plan, args.format))?;
    if let Some(out) = &args.out {
        plan.save(out)?;
        tracing::info!("plan saved to {}", out.display());
    }
    // What apply would refuse whatever its flags ends the plan with exit 1,
    // as Terraform's prevent_destroy does.
    super::verdict::plan(&plan, args.detailed_exitcode)
}

/// A multi-target plan: printed, saved, and exit 1 when a target failed
/// or is blocked (named on stderr), else 2 for changes with
/// `--detailed-exitcode`.
fn fleet(args: &PlanArgs, doc: &Fleet<ChangeSet>) -> anyhow::Result<Exit> {
    super::print(&render::fleet::plan::render(doc, args.format))?;
    if let Some(out) = &args.out {
        std::fs::write(out, doc.to_json())
            .map_err(|e| anyhow::anyhow!("cannot write plan file {}: {e}", out.display()))?;
        tracing::info!("plan saved to {}", out.display());
    }
    super::verdict::plan_fleet(doc, args.detailed_exitcode)
}
