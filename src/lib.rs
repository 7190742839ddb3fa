//! backupctl: declarative backup-as-code for AWS Backup.
//!
//! The library holds everything; `main.rs` only parses arguments and maps
//! results to exit codes. `config` reads and validates the YAML desired
//! state (with the reading machinery of `yaml`); `cli` defines the command
//! line.

pub mod apply;
pub mod aws;
pub mod changeset;
pub mod cli;
pub mod config;
pub mod diff;
pub mod drift;
pub mod engine;
pub mod fleet;
pub mod iam;
pub mod import;
pub mod model;
pub mod render;
pub mod report;
pub mod resources;
pub mod targets;
pub mod yaml;
