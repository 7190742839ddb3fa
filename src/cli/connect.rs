//! How every account-facing command (plan, apply, drift, import, report)
//! reaches AWS: the shared `ConnectArgs` flags, a runtime that runs one
//! async job with a connected [`aws::Aws`] (or the in-process emulator with
//! `--emulator`), the region guard before any call, and the account guard
//! after observing.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;

use crate::aws;
use crate::model::{Desired, Live};

/// Default state file of `--emulator`.
pub const DEFAULT_EMULATOR_STATE: &str = ".backupctl/emulator-state.json";

/// Account the emulator uses for non-numeric access key ids.
pub const EMULATOR_ACCOUNT: &str = "123456789012";

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

/// A connected client and whether it talks to the in-process emulator.
#[derive(Debug, Clone)]
pub struct Session {
    pub aws: aws::Aws,
    pub emulated: bool,
}

/// Run `job` with a connected client on a fresh runtime. With `--emulator`
/// the emulator runs for the duration of `job` and is shut down after it
/// (its state file keeps the account). `config_region` is the config's
/// region guard: a mismatch fails before any API call. Without `--region`
/// the emulator uses the config's region (else us-east-1).
pub fn with_session<T, F, Fut>(
    connect: &ConnectArgs,
    config_region: Option<&str>,
    job: F,
) -> anyhow::Result<T>
where
    F: FnOnce(Session) -> Fut,
    Fut: Future<Output = anyhow::Result<T>>,
{
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async {
        let emulator = match &connect.emulator {
            Some(state) => Some(start_emulator(state).await?),
            None => None,
        };
        let region = connect.region.clone().or_else(|| {
            emulator
                .as_ref()
                .map(|_| config_region.unwrap_or("us-east-1").to_string())
        });
        let started = Instant::now();
        let mut used: Option<aws::Aws> = None;
        let result = async {
            let aws = client(connect, region, emulator.as_ref().map(|e| e.endpoint())).await?;
            used = Some(aws.clone());
            if let Some(want) = config_region {
                if want != aws.region() {
                    anyhow::bail!(
                        "wrong region: the config is for {want} but the client uses {} (pass --region {want} or set AWS_REGION)",
                        aws.region()
                    );
                }
            }
            job(Session {
                aws,
                emulated: emulator.is_some(),
            })
            .await
        }
        .await;
        if let Some(aws) = used {
            log_summary(&aws, started.elapsed());
        }
        if let Some(e) = emulator {
            e.shutdown().await;
        }
        result
    })
}

impl Session {
    /// Read what `desired` needs and check the account guard. When the
    /// config names an account and no observed ARN tells the account (an
    /// empty account), STS GetCallerIdentity does.
    pub async fn observe(&self, desired: &Desired) -> anyhow::Result<Live> {
        let mut live = self.aws.observe(&scope(desired)).await?;
        if desired.account_id.is_some() && live.account_id.is_none() {
            live.account_id = self.aws.caller_account().await?;
            if live.account_id.is_none() {
                tracing::warn!(
                    "cannot verify the account: only the Backup endpoint is overridden (set AWS_ENDPOINT_URL_STS too)"
                );
            }
        }
        self.fill_account(&mut live);
        guard(desired, &live)?;
        Ok(live)
    }

    /// The emulator's account when no ARN told it.
    pub fn fill_account(&self, live: &mut Live) {
        if self.emulated && live.account_id.is_none() {
            live.account_id = Some(EMULATOR_ACCOUNT.to_string());
        }
    }
}

/// Observe the account (or the in-process emulator) on a fresh runtime and
/// check the config's account/region guard.
pub fn observe_blocking(connect: &ConnectArgs, desired: &Desired) -> anyhow::Result<Live> {
    with_session(connect, desired.region.as_deref(), |s| async move {
        s.observe(desired).await
    })
}

async fn start_emulator(state: &Path) -> anyhow::Result<backup_emulator::RunningEmulator> {
    if let Some(dir) = state.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create {} for the emulator state", dir.display()))?;
    }
    let emu = backup_emulator::Emulator::start(backup_emulator::EmulatorOptions {
        port: 0,
        state_file: Some(state.to_path_buf()),
        ..Default::default()
    })
    .await
    .context("cannot start the in-process emulator")?;
    tracing::info!(
        "emulator on {} with state file {}",
        emu.endpoint(),
        state.display()
    );
    Ok(emu)
}

/// The account guard from the config header. The account comes from
/// observed ARNs, or is the emulator's; an empty account has no ARN to
/// tell, and then the guard cannot refuse.
pub fn guard(desired: &Desired, live: &Live) -> anyhow::Result<()> {
    if let (Some(want), Some(have)) = (&desired.account_id, &live.account_id) {
        if want != have {
            anyhow::bail!(
                "wrong account: the config is for account {want} but the credentials belong to {have}"
            );
        }
    }
    Ok(())
}

async fn client(
    connect: &ConnectArgs,
    region: Option<String>,
    emulator_endpoint: Option<String>,
) -> anyhow::Result<aws::Aws> {
    let emulated = emulator_endpoint.is_some();
    let opts = aws::AwsOptions {
        profile: connect.profile.clone(),
        region,
        endpoint_url: emulator_endpoint.or_else(|| connect.endpoint_url.clone()),
        // The in-process emulator needs no account: dummy static keys
        // (a non-numeric key id selects the emulator's default account).
        static_credentials: emulated
            .then(|| ("AKIDBACKUPCTLEMULATOR".to_string(), "emulator".to_string())),
        max_attempts: connect.max_attempts,
        retry_mode: connect.retry_mode.into(),
        timeouts: aws::Timeouts {
            connect: connect.connect_timeout,
            read: connect.read_timeout,
            operation: connect.operation_timeout,
        },
        concurrency: usize::from(connect.concurrency),
    };
    Ok(aws::connect(&opts).await?)
}

/// One info line (`-v`) with the run's AWS totals and the operations AWS
/// throttled, with the rate each was paced to.
fn log_summary(aws: &aws::Aws, elapsed: Duration) {
    let s = aws.stats();
    let paced: Vec<String> = aws
        .paced()
        .iter()
        .map(|p| format!("{} at {:.1}/s", p.operation, p.rate))
        .collect();
    let paced = if paced.is_empty() {
        String::new()
    } else {
        format!("; paced {}", paced.join(", "))
    };
    tracing::info!(
        target: "backupctl::aws",
        "{} AWS calls in {:.2}s: {} attempts, {} throttled, {} ended in an error{paced}",
        s.calls,
        elapsed.as_secs_f64(),
        s.attempts,
        s.throttles,
        s.errors
    );
}

/// What a plan needs read: the stack, every vault and plan the config names
/// (external vaults included), and settings only when declared.
pub fn scope(desired: &Desired) -> aws::ObserveScope {
    aws::ObserveScope {
        stack: desired.stack.clone(),
        vault_names: desired
            .vaults
            .keys()
            .chain(desired.external_vaults.iter())
            .cloned()
            .collect(),
        plan_names: desired.plans.keys().cloned().collect(),
        settings: !desired.settings.is_empty(),
        everything: false,
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
