//! The options every subcommand understands (`-f`, colour, verbosity, log
//! format), apart from the subcommand list so the clap root stays short.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

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
    /// [`parse`](super::parse): `iam-policy` scopes its policy to a config only then.
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

impl GlobalOpts {
    /// The config files and verbosity, as the engine takes them.
    pub fn config_options(&self) -> crate::engine::ConfigOptions {
        crate::engine::ConfigOptions {
            files: self.files.clone(),
            quiet: self.quiet,
        }
    }
}
