//! backupctl's integration tests, built into one binary (cargo's
//! `tests/testsuite/main.rs` pattern): linking the whole crate once instead
//! of once per file. The shared harness lives in the `backupctl-testkit`
//! crate (imported here as `testkit`).

mod account_guard;
mod air_gapped;
mod apply;
mod aws_connect;
mod aws_mutate;
mod aws_observe;
mod ci_action;
mod ci_examples;
mod ci_fit;
mod ci_timeouts;
mod completions_man;
mod compliance;
mod config_files_once;
mod confirm_tty;
mod drift;
mod emulator_state;
mod fleet;
mod hostile_input;
mod iam_e2e;
mod iam_policy;
mod iam_table;
mod ignore_tags;
mod import;
mod json_docs;
mod legal_holds;
mod merge_cli;
mod plan;
mod plan_cli;
mod plan_props;
mod plan_render;
mod report;
mod report_jobs;
mod restore_testing;
mod shared_definitions;
mod targets_config;
mod tiering;
mod trust_ownership;
mod trust_plans;
mod validate_accepted;
mod validate_cli;
mod validate_corpus;
mod validate_props;
