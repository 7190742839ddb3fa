//! The `--profile`, `--region`, `--emulator`… flags every account-facing
//! command shares, and their mapping onto the engine's
//! [`ConnectOptions`]. The session
//! itself (runtime, emulator, guards) lives in `engine::session`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::aws;
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
    /// Concurrent API requests.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
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

/// A duration flag: `500ms`, `5s`, `2m`, `1m30s`, or plain seconds (`5`,
/// `0.5`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("`{text}` is not a duration (e.g. 500ms, 5s, 2m, 1m30s)");
    let t = text.trim();
    if let Ok(secs) = t.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).map_err(|_| bad());
    }
    let mut total = Duration::ZERO;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let (number, tail) = rest.split_at(digits);
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let n: f64 = number.parse().map_err(|_| bad())?;
        let secs = match unit {
            "ms" => n / 1000.0,
            "s" => n,
            "m" => n * 60.0,
            "h" => n * 3600.0,
            _ => return Err(bad()),
        };
        total += Duration::try_from_secs_f64(secs).map_err(|_| bad())?;
        rest = tail;
    }
    if total.is_zero() {
        return Err(format!("`{text}`: a timeout must be more than zero"));
    }
    Ok(total)
}

impl ConnectArgs {
    /// The engine's view of these flags.
    pub fn options(&self) -> ConnectOptions {
        ConnectOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            concurrency: self.concurrency,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_people_write_them() {
        let ms = Duration::from_millis;
        assert_eq!(parse_duration("5s"), Ok(ms(5000)));
        assert_eq!(parse_duration("500ms"), Ok(ms(500)));
        assert_eq!(parse_duration("1m30s"), Ok(ms(90_000)));
        assert_eq!(parse_duration("2"), Ok(ms(2000)));
        assert_eq!(parse_duration("0.25"), Ok(ms(250)));
        assert_eq!(parse_duration("1.5s"), Ok(ms(1500)));
        for bad in ["", "5x", "s", "-1", "0s", "five"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
