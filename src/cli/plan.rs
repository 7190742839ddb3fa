//! `backupctl plan`: load the config, observe the account through `aws`,
//! diff, and print the plan (human, JSON or Markdown) on stdout; logs and
//! findings go to stderr. `--out` saves the plan for `apply`;
//! `--detailed-exitcode` exits 2 when there are changes; `--emulator` runs
//! the local emulator in-process on a state file so the tool can be tried
//! without an AWS account.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

pub use super::connect::{observe_blocking, scope, ConnectArgs, DEFAULT_EMULATOR_STATE};
use super::{Exit, GlobalOpts};
use crate::changeset::{ids, ChangeSet};
use crate::config;
use crate::diff::{diff, DiffOptions};
use crate::model::desired::from_config;
use crate::model::{Desired, Live};
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
}

pub fn run(global: &GlobalOpts, args: &PlanArgs) -> anyhow::Result<Exit> {
    let Some(loaded) = load(global)? else {
        return Ok(Exit::Failure);
    };
    let desired = from_config(&loaded.config);
    let digest = ids::config_digest(&loaded.files)?;
    let live = observe_blocking(&args.connect, &desired)?;
    let plan = compute(&desired, &live, args.adopt, digest);
    emit(&plan, args.format)?;
    if let Some(out) = &args.out {
        plan.save(out)?;
        tracing::info!("plan saved to {}", out.display());
    }
    // What apply would refuse whatever its flags ends the plan with exit 1,
    // as Terraform's prevent_destroy does.
    if !plan.errors.is_empty() || !plan.safety.blocked.is_empty() {
        let mut err = anstream::stderr().lock();
        for e in plan.errors.iter().chain(&plan.safety.blocked) {
            writeln!(err, "error: {e}")?;
        }
        return Ok(Exit::Failure);
    }
    Ok(if args.detailed_exitcode && plan.has_changes() {
        Exit::Changes
    } else {
        Exit::Success
    })
}

/// The plan for `desired` against `live`, with its safety verdict and the
/// config digest (plan, apply and a saved plan's verification all use it).
pub fn compute(desired: &Desired, live: &Live, adopt: bool, digest: String) -> ChangeSet {
    let mut plan = diff(desired, live, DiffOptions { adopt });
    plan.safety = crate::apply::evaluate(&plan, desired, live);
    plan.config_digest = Some(digest);
    plan
}

/// Load and validate the config; findings go to stderr. `None` = invalid.
pub fn load(global: &GlobalOpts) -> anyhow::Result<Option<config::LoadedConfig>> {
    match config::load(&global.files) {
        Ok(l) => {
            if !global.quiet && !l.warnings.is_empty() {
                anstream::stderr()
                    .lock()
                    .write_all(l.warnings.render_text(true).as_bytes())?;
            }
            Ok(Some(l))
        }
        Err(d) => {
            anstream::stderr()
                .lock()
                .write_all(d.render_text(true).as_bytes())?;
            Ok(None)
        }
    }
}

/// Print the plan on stdout in `format`.
pub fn emit(plan: &ChangeSet, format: Format) -> anyhow::Result<()> {
    let text = render::render(plan, format);
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
