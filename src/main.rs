//! The `backupctl` binary: parse arguments, set up logging, run, and map the
//! outcome to an exit code — the only place that decides exit codes:
//! 0 success, 1 error (bad input, bad usage, failed call), 2 changes present.

use std::io::Write;
use std::process::ExitCode;

use backupctl::cli;

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            // --help and --version are successes; usage errors are errors
            // (clap's own code 2 would read as "changes present").
            return if err.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    cli::init(&cli.global);
    match cli::run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(err) => {
            // Not eprintln!: a closed stderr must not turn into a panic.
            let _ = writeln!(std::io::stderr(), "error: {err:#}");
            ExitCode::from(1)
        }
    }
}
