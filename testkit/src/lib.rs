//! One test harness for backupctl and its emulator, used by both crates'
//! integration tests and by the benchmarks, so that starting the emulator,
//! talking to its admin API, seeding it through the SDK and running the
//! real binary each exist exactly once.
//!
//! - [`admin`]: the emulator's admin API client (and raw HTTP requests);
//! - [`emulator`]: the emulator starter and [`Emu`], the blocking harness;
//! - [`sdk`]: aws-sdk-backup clients and the emulator tests' SDK helpers;
//! - [`run`]: the `backupctl` binary with a cleared environment;
//! - [`net`]: fake instance metadata / credential endpoints, silent
//!   endpoints and a pseudo-terminal;
//! - with the `backupctl` feature: `seed` (the SDK seeder of a desired
//!   state), `cli` (commands on a config text, plan JSON helpers, shared
//!   configs) and `aws` (the harness of the `aws` module's tests).
//!
//! The items the CLI tests use most are re-exported at the top.
#![deny(missing_docs)]

pub mod admin;
pub mod emulator;
pub mod net;
pub mod run;
pub mod sdk;

#[cfg(feature = "backupctl")]
pub mod aws;
#[cfg(feature = "backupctl")]
pub mod cli;
#[cfg(feature = "backupctl")]
pub mod seed;
#[cfg(feature = "backupctl")]
mod seed_restore;

pub use emulator::Emu;
pub use run::{bare, isolated, outcome, output, output_of, run_in};

#[cfg(feature = "backupctl")]
pub use cli::{
    changes, only_change_fields, plan, plan_files, plan_json, run, scale_config, seeded,
    with_config, BASE,
};
#[cfg(feature = "backupctl")]
pub use seed::{desired, desired_from_files, seed};

/// The region every harness uses.
pub const REGION: &str = "us-east-1";
/// The emulator's default account (access keys that are not 12 digits).
pub const ACCOUNT: &str = "123456789012";
/// An IAM role ARN for selections.
pub const ROLE: &str = "arn:aws:iam::123456789012:role/backup";
/// An SNS topic ARN for vault notifications.
pub const TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:backup-events";
