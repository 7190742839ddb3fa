//! `plan` as a library call: load the config, observe what it names, diff,
//! and judge the result with the safety rules. The change set it returns is
//! the value every renderer, `plan --out` and `apply` work from.

use super::fleet::{document, observe, per_target, selected, with_fleet, FleetOptions};
use super::session::{observe_blocking, ConnectOptions};
use super::ConfigOptions;
use crate::changeset::{ids, ChangeSet};
use crate::config::LoadedConfig;
use crate::diff::{diff, DiffOptions};
use crate::fleet::{DocKind, Fleet};
use crate::model::desired::from_config;
use crate::model::{Desired, Live};

/// What `plan` needs.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// The config to plan for.
    pub config: ConfigOptions,
    /// Take over unmanaged vaults and plans whose names the config declares.
    pub adopt: bool,
    /// How to reach AWS.
    pub connect: ConnectOptions,
    /// Which targets (a config with `targets:`).
    pub targets: FleetOptions,
}

/// A plan: one change set, or one per target for a config with `targets:`.
#[derive(Debug)]
pub enum Planned {
    Single(Box<ChangeSet>),
    Fleet(Fleet<ChangeSet>),
}

/// The change set for the config against the account (or every target);
/// `None` when the config is invalid (its findings are on stderr).
pub fn plan(opts: &PlanOptions) -> anyhow::Result<Option<Planned>> {
    let Some(loaded) = super::load(&opts.config)? else {
        return Ok(None);
    };
    let digest = ids::config_digest(&loaded.files)?;
    if !loaded.targets.is_empty() {
        return Ok(Some(Planned::Fleet(plan_fleet(&loaded, opts, digest)?)));
    }
    single_only(&opts.targets)?;
    let desired = from_config(&loaded.config);
    let live = observe_blocking(&opts.connect, &desired)?;
    Ok(Some(Planned::Single(Box::new(compute(
        &desired, &live, opts.adopt, digest,
    )))))
}

/// `--target` and `--shard` mean nothing without `targets:`.
pub(crate) fn single_only(opts: &FleetOptions) -> anyhow::Result<()> {
    if !opts.patterns.is_empty() || opts.shard.is_some() {
        anyhow::bail!(
            "--target and --shard need a config that declares targets: (docs/organization.md)"
        );
    }
    Ok(())
}

/// Every selected target's plan, observed concurrently.
fn plan_fleet(
    loaded: &LoadedConfig,
    opts: &PlanOptions,
    digest: String,
) -> anyhow::Result<Fleet<ChangeSet>> {
    let sel = selected(loaded, &opts.targets)?;
    let stack = &loaded.config.stack.value;
    with_fleet(&opts.connect, |wide| async move {
        let results = per_target(&wide, &sel.targets, observe, |_, desired, (_, live)| {
            Ok(compute(desired, &live, opts.adopt, digest.clone()))
        })
        .await;
        Ok(document(DocKind::Plan, stack, sel.shard, results))
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
