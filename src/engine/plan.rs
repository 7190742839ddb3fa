//! `plan` as a library call: load the config, observe what it names, diff,
//! and judge the result with the safety rules. The change set it returns is
//! the value every renderer, `plan --out` and `apply` work from.

use super::session::{observe_blocking, ConnectOptions};
use super::ConfigOptions;
use crate::changeset::{ids, ChangeSet};
use crate::diff::{diff, DiffOptions};
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
}

/// The change set for the config against the account; `None` when the
/// config is invalid (its findings are on stderr).
pub fn plan(opts: &PlanOptions) -> anyhow::Result<Option<ChangeSet>> {
    let Some(loaded) = super::load(&opts.config)? else {
        return Ok(None);
    };
    let desired = from_config(&loaded.config);
    let digest = ids::config_digest(&loaded.files)?;
    let live = observe_blocking(&opts.connect, &desired)?;
    Ok(Some(compute(&desired, &live, opts.adopt, digest)))
}

/// The plan for `desired` against `live`, with its safety verdict and the
/// config digest (plan, apply and a saved plan's verification all use it).
pub fn compute(desired: &Desired, live: &Live, adopt: bool, digest: String) -> ChangeSet {
    let mut plan = diff(desired, live, DiffOptions { adopt });
    plan.safety = crate::apply::evaluate(&plan, desired, live);
    plan.config_digest = Some(digest);
    plan
}
