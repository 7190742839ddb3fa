//! The `backupctl` binary: parse arguments, set up logging, run, and map the
//! outcome to an exit code — the only place that decides exit codes.

use std::process::ExitCode;

use clap::Parser;

use backupctl::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    cli::init(&cli.global);
    match cli::run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}
