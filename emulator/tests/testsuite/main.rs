//! The emulator's integration tests, built into one binary (cargo's
//! `tests/testsuite/main.rs` pattern). The shared harness (emulator
//! starter, SDK clients, admin API) lives in the `backupctl-testkit` crate.

mod air_gapped;
mod aws_vaults;
mod binary;
mod controls;
mod frameworks;
mod iam;
mod iam_checks;
mod jobs_seeded;
mod kms_aliases;
mod legal_holds;
mod options;
mod plan_validation;
mod plans;
mod restore_testing;
mod selections;
mod sts;
mod sts_rules;
mod tags;
mod tiering;
mod vault_config;
mod vaults;
