//! `drift` as a library call: observe what the config names (the same
//! session and guards as `plan`), diff without adopting, and classify each
//! change (`drift::classify`). Read-only: it makes no mutating call.

use super::session::{observe_blocking, ConnectOptions};
use super::ConfigOptions;
use crate::diff::{diff, DiffOptions};
use crate::drift::{classify, DriftReport};
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
}

/// The drift of the account from the config; `None` when the config is
/// invalid (its findings are on stderr).
pub fn drift(opts: &DriftOptions) -> anyhow::Result<Option<DriftReport>> {
    let Some(loaded) = super::load(&opts.config)? else {
        return Ok(None);
    };
    let desired = from_config(&loaded.config);
    let live = observe_blocking(&opts.connect, &desired)?;
    Ok(Some(classify(
        &diff(&desired, &live, DiffOptions::default()),
        opts.include_aws_created,
    )))
}
