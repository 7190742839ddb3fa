//! `drift` as a library call: observe what the config names (the same
//! session and guards as `plan`), diff without adopting, and classify each
//! change (`drift::classify`). A config with `targets:` gets one report per
//! target, read concurrently through the fleet helpers (`engine::fleet`),
//! exactly as `plan` does. Read-only: it makes no mutating call.

use super::fleet::{document, observe, per_target, selected, with_fleet, FleetOptions};
use super::plan::single_only;
use super::session::{observe_blocking, ConnectOptions};
use super::ConfigOptions;
use crate::config::LoadedConfig;
use crate::diff::{diff, DiffOptions};
use crate::drift::{classify, DriftReport};
use crate::fleet::{DocKind, Fleet};
use crate::model::desired::from_config;

/// What `drift` needs.
#[derive(Debug, Clone)]
pub struct DriftOptions {
    /// The config to compare the account with.
    pub config: ConfigOptions,
    /// Also list the vaults AWS created itself (never drift).
    pub include_aws_created: bool,
    /// How to reach AWS.
    pub connect: ConnectOptions,
    /// Which targets (a config with `targets:`).
    pub targets: FleetOptions,
}

/// Drift: one report, or one per target for a config with `targets:`.
#[derive(Debug)]
pub enum Drifted {
    Single(Box<DriftReport>),
    Fleet(Fleet<DriftReport>),
}

/// The drift of the account (or of every target) from the config; `None`
/// when the config is invalid (its findings are on stderr).
pub fn drift(opts: &DriftOptions) -> anyhow::Result<Option<Drifted>> {
    let Some(loaded) = super::load(&opts.config)? else {
        return Ok(None);
    };
    if !loaded.targets.is_empty() {
        return Ok(Some(Drifted::Fleet(drift_fleet(&loaded, opts)?)));
    }
    single_only(&opts.targets)?;
    let desired = from_config(&loaded.config);
    let live = observe_blocking(&opts.connect, &desired)?;
    Ok(Some(Drifted::Single(Box::new(classify(
        &diff(&desired, &live, DiffOptions::default()),
        opts.include_aws_created,
    )))))
}

/// Every selected target's drift, observed concurrently (each through its
/// own client and account guard).
fn drift_fleet(loaded: &LoadedConfig, opts: &DriftOptions) -> anyhow::Result<Fleet<DriftReport>> {
    let sel = selected(loaded, &opts.targets)?;
    let stack = &loaded.config.stack.value;
    with_fleet(&opts.connect, |wide| async move {
        let results = per_target(&wide, &sel.targets, observe, |_, desired, (_, live)| {
            Ok(classify(
                &diff(desired, &live, DiffOptions::default()),
                opts.include_aws_created,
            ))
        })
        .await;
        Ok(document(DocKind::Drift, stack, sel.shard, results))
    })
}
