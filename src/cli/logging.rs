//! Log setup for every command: what each `-v` adds, and when log lines
//! carry colour.
//!
//! | flag | backupctl (and the in-process emulator) | AWS SDK, HTTP stack |
//! |---|---|---|
//! | `-q` | errors | errors |
//! | (none) | warnings | errors |
//! | `-v` | info: one line per AWS call, pacing changes, run summary | errors |
//! | `-vv` | debug | errors |
//! | `-vvv` | trace | debug |
//! | `-vvvv` | trace | trace |
//!
//! The SDK's warnings stay hidden below `-vvv`: they are its provider
//! chain's probes (three "failed to load region from IMDS" lines before a
//! missing-region error, "provider failed to provide credentials"), and
//! backupctl reports the outcome itself in one line. `BACKUPCTL_LOG`
//! (`EnvFilter` syntax, e.g. `backupctl=debug,aws_config=info`) replaces
//! the table.
//!
//! Colour: only when stderr is a terminal, never with `NO_COLOR` or
//! `--no-color` (anstream's rules, which also honour `CLICOLOR_FORCE`).

use super::{GlobalOpts, LogFormat};

/// The `EnvFilter` directives for `-q` / `-v` count.
pub fn directives(quiet: bool, verbosity: u8) -> &'static str {
    if quiet {
        return "error";
    }
    match verbosity {
        0 => "error,backupctl=warn,backup_emulator=warn",
        1 => "error,backupctl=info,backup_emulator=info",
        2 => "error,backupctl=debug,backup_emulator=debug",
        3 => "debug,backupctl=trace,backup_emulator=trace",
        _ => "trace",
    }
}

/// Whether log lines on stderr get ANSI colour.
pub fn stderr_color(no_color_flag: bool) -> bool {
    if no_color_flag || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// Set up colour and logging from the global options (call once).
pub fn init(global: &GlobalOpts) {
    let color = stderr_color(global.no_color);
    if global.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        anstream::ColorChoice::Never.write_global();
    }
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("BACKUPCTL_LOG").unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new(directives(global.quiet, global.log_verbosity))
        });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color);
    let _ = match global.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_internals_only_from_three_v() {
        for v in 0..3 {
            assert!(directives(false, v).starts_with("error,"), "-v x{v}");
        }
        assert!(directives(false, 3).starts_with("debug,"));
        assert_eq!(directives(false, 4), "trace");
        assert_eq!(directives(true, 3), "error");
    }
}
