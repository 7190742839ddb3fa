//! The `--profile`, `--region`, `--emulator`… flags every account-facing
//! command shares, and their mapping onto the engine's
//! [`ConnectOptions`]. The session
//! itself (runtime, emulator, guards) lives in `engine::session`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::aws::{self, parse_duration};
use crate::engine::session::ConnectOptions;
pub use crate::engine::session::{DEFAULT_EMULATOR_STATE, EMULATOR_ACCOUNT};

/// How to reach AWS (shared by every command that calls it).
#[derive(Debug, Clone, Args)]
pub struct ConnectArgs {
    /// Named profile from the AWS config files.
    #[arg(long)]
    pub profile: Option<String>,
    /// AWS region (else the default chain: AWS_REGION, profile, ...).
    #[arg(long)]
    pub region: Option<String>,
    /// AWS Backup endpoint (also: AWS_ENDPOINT_URL_BACKUP).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Concurrent API requests (per target: AWS limits each account and
    /// region on its own).
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Concurrent API requests over all targets of a config with `targets:`.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u16).range(1..))]
    pub max_concurrency: u16,
    /// Attempts per API call, the first included.
    #[arg(long, env = "AWS_MAX_ATTEMPTS", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=20))]
    pub max_attempts: u32,
    /// paced: once AWS throttles an operation, send it at the rate AWS
    /// allows, found from its answers, and retry throttled calls at that
    /// rate; standard: the AWS SDK's exponential backoff; adaptive: the
    /// SDK's one rate limiter for all operations (slow after a throttle).
    #[arg(long, env = "AWS_RETRY_MODE", value_enum, default_value_t = RetryModeArg::Paced,
          value_name = "MODE")]
    pub retry_mode: RetryModeArg,
    /// Limit for a TCP/TLS connection to the endpoint (e.g. 5s, 500ms).
    /// A connect or read timeout is not retried until the endpoint has
    /// answered once in the run.
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration)]
    pub connect_timeout: Duration,
    /// Limit from sending a request to the first byte of its answer.
    #[arg(long, value_name = "DURATION", default_value = "20s", value_parser = parse_duration)]
    pub read_timeout: Duration,
    /// Limit for one API call, its retries and pacing waits included.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub operation_timeout: Duration,
    /// Run the emulator in-process instead of calling AWS (no credentials
    /// needed), keeping its state in .backupctl/emulator-state.json or, with
    /// `--emulator=STATE_FILE`, in STATE_FILE. A file needs the `=`:
    /// `--emulator FILE` leaves FILE to the command (e.g. apply's PLANFILE).
    /// A file that is not an emulator state is refused, never overwritten;
    /// a second run on the same state file waits for the first.
    // require_equals: with an optional value, `apply --emulator plan.json`
    // used to take the saved plan as the state file and overwrite it.
    #[arg(long, value_name = "STATE_FILE", num_args = 0..=1, require_equals = true,
          default_missing_value = DEFAULT_EMULATOR_STATE)]
    pub emulator: Option<PathBuf>,
}

/// `--retry-mode` values (`legacy`, AWS's older name for standard, is
/// accepted because `AWS_RETRY_MODE` may hold it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RetryModeArg {
    Paced,
    #[value(alias = "legacy")]
    Standard,
    Adaptive,
}

impl From<RetryModeArg> for aws::RetryMode {
    fn from(m: RetryModeArg) -> Self {
        match m {
            RetryModeArg::Paced => aws::RetryMode::Paced,
            RetryModeArg::Standard => aws::RetryMode::Standard,
            RetryModeArg::Adaptive => aws::RetryMode::Adaptive,
        }
    }
}

impl ConnectArgs {
    /// The engine's view of these flags.
    pub fn options(&self) -> ConnectOptions {
        ConnectOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            concurrency: self.concurrency,
            max_concurrency: usize::from(self.max_concurrency),
            max_attempts: self.max_attempts,
            retry_mode: self.retry_mode.into(),
            timeouts: aws::Timeouts {
                connect: self.connect_timeout,
                read: self.read_timeout,
                operation: self.operation_timeout,
            },
            emulator: self.emulator.clone(),
        }
    }
}
