//! The `--target` and `--shard` flags of every command that reads AWS
//! (for a config with `targets:`), and their mapping onto the engine's
//! `FleetOptions`.

use clap::Args;

/// Which targets of a config with `targets:` a command covers.
#[derive(Debug, Clone, Args)]
pub struct TargetArgs {
    /// Only these targets: a name (`prod/eu-west-1`), an account key
    /// (`prod`: all its regions) or a glob (`*/eu-central-1`). Repeatable.
    #[arg(long = "target", value_name = "NAME|GLOB")]
    pub targets: Vec<String>,
    /// Cover every N-th target (name order) starting at the K-th, so that
    /// N CI jobs (1/N .. N/N) share the work; join their JSON outputs with
    /// `backupctl merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::fleet::select::ShardArg>,
}

impl TargetArgs {
    /// The engine's view of these flags.
    pub fn options(&self) -> crate::engine::fleet::FleetOptions {
        crate::engine::fleet::FleetOptions {
            patterns: self.targets.clone(),
            shard: self.shard,
        }
    }
}
