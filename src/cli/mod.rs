//! The command line: clap definitions and dispatch.
//!
//! One file per subcommand, each thin: arguments -> engine options -> one
//! engine call -> a renderer -> an [`Exit`].
//! Commands return an [`Exit`]; `main.rs` turns it (or an error) into the
//! process exit code, in one place.

pub mod apply;
pub mod completions;
pub mod connect;
pub mod drift;
mod exit;
mod global;
pub mod iam_policy;
pub mod import;
pub mod logging;
pub mod man;
pub mod merge;
pub mod plan;
pub mod report;
pub mod review;
pub mod safety_flags;
pub mod schema;
pub mod targets;
pub mod validate;
pub mod verdict;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use exit::Exit;
pub use global::{GlobalOpts, LogFormat};

/// Declarative backup-as-code for AWS Backup.
#[derive(Debug, Parser)]
#[command(name = "backupctl", version, about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check config files offline (no AWS credentials needed).
    Validate(validate::ValidateArgs),
    /// Print the JSON Schema (draft 2020-12) of the config file.
    Schema(schema::SchemaArgs),
    /// Show what would change in the account to match the config.
    Plan(plan::PlanArgs),
    /// Change the account to match the config (or apply a saved plan).
    Apply(apply::ApplyArgs),
    /// Report how the account differs from the config (exit 2 on drift).
    Drift(drift::DriftArgs),
    /// Write a config for existing vaults, plans and settings (onboarding).
    Import(import::ImportArgs),
    /// Report backup-job health (exit 2 past --max-failed).
    Report(report::ReportArgs),
    /// Join the JSON outputs of `--shard K/N` runs into one result.
    Merge(merge::MergeArgs),
    /// Print the least-privilege IAM policy for read-only use or apply
    /// (scoped to the config with -f).
    ///
    /// Without -f on the command line the policy is the unscoped one (any
    /// account and region): the default backupctl.yaml is not read. See
    /// docs/permissions.md.
    IamPolicy(iam_policy::IamPolicyArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), or write one per subcommand with --dir.
    Man(man::ManArgs),
}

/// Parse the process's arguments, noting whether `-f` was given (clap
/// fills in its default otherwise, and only the matches tell the two apart).
pub fn parse() -> Result<Cli, clap::Error> {
    let matches = Cli::command().try_get_matches()?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    let given = |m: &clap::ArgMatches| m.value_source("files") == Some(ValueSource::CommandLine);
    cli.global.files_given =
        given(&matches) || matches.subcommand().is_some_and(|(_, sub)| given(sub));
    Ok(cli)
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Validate(args) => validate::run(&cli.global, &args),
        Command::Schema(args) => schema::run(&cli.global, &args),
        Command::Plan(args) => plan::run(&cli.global, &args),
        Command::Apply(args) => apply::run(&cli.global, &args),
        Command::Drift(args) => drift::run(&cli.global, &args),
        Command::Import(args) => import::run(&cli.global, &args),
        Command::Report(args) => report::run(&cli.global, &args),
        Command::Merge(args) => merge::run(&cli.global, &args),
        Command::IamPolicy(args) => iam_policy::run(&cli.global, &args),
        Command::Completions(args) => completions::run(&cli.global, &args),
        Command::Man(args) => man::run(&cli.global, &args),
    }
}

/// Write a rendered result on stdout (and flush: a closed pipe is an error
/// here, not a lost line).
pub fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Set up colour and logging from the global options (call once).
pub fn init(global: &GlobalOpts) {
    logging::init(global);
}
