//! `backupctl apply`: make the account match the config. `apply -f CONFIG`
//! shows the plan, runs the safety checks, asks for confirmation on a
//! terminal (`--auto-approve` otherwise), then executes; `apply PLANFILE`
//! executes exactly a plan saved by `plan --out`, after checking that
//! neither the config nor the account changed since (`engine::apply`).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::connect::ConnectArgs;
use super::review::Terminal;
use super::safety_flags::SafetyArgs;
use super::targets::TargetArgs;
use super::{Exit, GlobalOpts};
use crate::engine::apply::{apply, Applied, ApplyOptions};
use crate::engine::apply_fleet::FleetApplied;
use crate::render::{apply::*, Format};

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// A plan saved by `plan --out` to apply exactly (the config given
    /// with -f must be the one it was computed from).
    #[arg(value_name = "PLANFILE")]
    pub plan_file: Option<PathBuf>,
    /// Apply without asking (required when stdin is not a terminal).
    #[arg(long)]
    pub auto_approve: bool,
    #[command(flatten)]
    pub safety: SafetyArgs,
    /// Take over unmanaged vaults and plans whose names the config declares.
    #[arg(long)]
    pub adopt: bool,
    /// Format of the plan shown before applying.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub connect: ConnectArgs,
    #[command(flatten)]
    pub targets: TargetArgs,
}

pub fn run(global: &GlobalOpts, args: &ApplyArgs) -> anyhow::Result<Exit> {
    let opts = ApplyOptions {
        config: global.config_options(),
        plan_file: args.plan_file.clone(),
        adopt: args.adopt,
        safety: args.safety.options(),
        cancel_reason: args.safety.reason.clone(),
        connect: args.connect.options(),
        targets: args.targets.options(),
    };
    let mut review = Terminal {
        format: args.format,
        ask: args.plan_file.is_none() && !args.auto_approve,
    };
    let (plan, outcome) = match apply(&opts, &mut review)? {
        Applied::Invalid | Applied::Stopped => return Ok(Exit::Failure),
        Applied::NoChanges => {
            if args.plan_file.is_some() {
                let _ = writeln!(anstream::stdout().lock(), "No changes to apply.");
            }
            return Ok(Exit::Success);
        }
        Applied::Fleet(f) => return fleet(args, f),
        Applied::Done { plan, outcome } => (plan, outcome),
    };
    if !outcome.succeeded() {
        anstream::stderr()
            .lock()
            .write_all(failure_listing(&outcome).as_bytes())?;
        return Ok(Exit::Failure);
    }
    // stdout after a human plan; stderr after a JSON or Markdown one, which
    // must stay parseable.
    if args.format == Format::Human {
        writeln!(anstream::stdout().lock(), "{}", complete_line(&plan))?;
    } else {
        writeln!(anstream::stderr().lock(), "{}", complete_line(&plan))?;
    }
    Ok(Exit::Success)
}

/// How a multi-target apply ends: the per-target report on stderr (after
/// a JSON or Markdown plan) or stdout, exit 1 when any target did not
/// finish.
fn fleet(args: &ApplyArgs, applied: FleetApplied) -> anyhow::Result<Exit> {
    let outcomes = match applied {
        FleetApplied::Stopped { .. } => return Ok(Exit::Failure),
        FleetApplied::NoChanges { .. } => {
            if args.plan_file.is_some() {
                let _ = writeln!(anstream::stdout().lock(), "No changes to apply.");
            }
            return Ok(Exit::Success);
        }
        FleetApplied::Done { outcomes, .. } => outcomes,
    };
    let (text, exit) = match crate::render::apply_fleet::report(&outcomes) {
        Ok(text) => (text, Exit::Success),
        Err(text) => (text, Exit::Failure),
    };
    if args.format == Format::Human && exit == Exit::Success {
        anstream::stdout().lock().write_all(text.as_bytes())?;
    } else {
        anstream::stderr().lock().write_all(text.as_bytes())?;
    }
    Ok(exit)
}
