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

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// Declarative backup-as-code for AWS Backup.
#[derive(Debug, Parser)]
#[command(name = "backupctl", version, about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand understands.
#[derive(Debug, Clone, Args)]
pub struct GlobalOpts {
    /// Config file or directory (every *.yaml/*.yml in it, sorted). Repeatable.
    #[arg(
        short = 'f',
        long = "file",
        global = true,
        value_name = "PATH",
        default_value = "backupctl.yaml"
    )]
    pub files: Vec<PathBuf>,
    /// Whether `-f` was given on the command line (not the default), set by
    /// [`parse`]: `iam-policy` scopes its policy to a config only then.
    #[arg(skip)]
    pub files_given: bool,
    /// Never use colour (also: NO_COLOR=1). Colour is only used on a terminal.
    #[arg(long, global = true)]
    pub no_color: bool,
    /// More detail on stderr: -v one line per AWS call (and, for validate,
    /// each rule's next runs), -vv debug, -vvv the AWS SDK's own logs too.
    // `--verbose-log` was this flag's name before `validate --verbose`
    // became the global flag.
    #[arg(short = 'v', long = "verbose", alias = "verbose-log", global = true,
          action = clap::ArgAction::Count)]
    pub log_verbosity: u8,
    /// Less output: errors only.
    #[arg(short = 'q', long, global = true)]
    pub quiet: bool,
    /// Format of log lines on stderr.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
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

/// How a command ended; `main` maps it to the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Exit 0.
    Success,
    /// Exit 1: the input is wrong (findings already printed).
    Failure,
    /// Exit 2: changes are present (plan --detailed-exitcode, drift), or
    /// the report's --max-failed gate is exceeded.
    Changes,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Changes => 2,
        }
    }
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

impl GlobalOpts {
    /// The config files and verbosity, as the engine takes them.
    pub fn config_options(&self) -> crate::engine::ConfigOptions {
        crate::engine::ConfigOptions {
            files: self.files.clone(),
            quiet: self.quiet,
        }
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
