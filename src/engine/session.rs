//! How every engine operation (plan, apply, drift, import, report) reaches
//! AWS: a runtime that runs one async job with a connected [`aws::Aws`] (or
//! the in-process emulator), the region guard before any call, the account
//! guard after observing, and the observe scope a config calls for. Kept
//! out of the CLI so a library caller gets the same guards.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::aws;
use crate::model::{Desired, Live};

/// Default state file of `--emulator`.
pub const DEFAULT_EMULATOR_STATE: &str = ".backupctl/emulator-state.json";

/// Account the emulator uses for non-numeric access key ids.
pub const EMULATOR_ACCOUNT: &str = "123456789012";

/// How to reach AWS: the client settings of every account-facing
/// command (the CLI's `ConnectArgs` maps onto it).
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Named profile from the AWS config files.
    pub profile: Option<String>,
    /// AWS region (else the default chain).
    pub region: Option<String>,
    /// AWS Backup endpoint override.
    pub endpoint_url: Option<String>,
    /// Concurrent API requests (per target).
    pub concurrency: u16,
    /// Concurrent API requests over all targets of a multi-target run.
    pub max_concurrency: usize,
    /// Attempts per API call, the first included.
    pub max_attempts: u32,
    /// How throttled and failed calls are retried.
    pub retry_mode: aws::RetryMode,
    /// Connect, read and whole-operation limits.
    pub timeouts: aws::Timeouts,
    /// Run the emulator in-process on this state file instead of calling AWS.
    pub emulator: Option<PathBuf>,
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
    connect: &ConnectOptions,
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
    /// empty account), STS GetCallerIdentity does. The tags the config's
    /// `ignore_tags` cover are dropped here, before anything sees them.
    pub async fn observe(&self, desired: &Desired) -> anyhow::Result<Live> {
        let mut live = self.aws.observe(&scope(desired)).await?;
        live.hide_ignored_tags(&desired.ignore_tags);
        let needs_account = desired.account_id.is_some()
            || crate::resources::air_gapped_vault::refs::needs_account(desired);
        if needs_account && live.account_id.is_none() {
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
pub fn observe_blocking(connect: &ConnectOptions, desired: &Desired) -> anyhow::Result<Live> {
    with_session(connect, desired.region.as_deref(), |s| async move {
        s.observe(desired).await
    })
}

pub(super) async fn start_emulator(
    state: &Path,
) -> anyhow::Result<backup_emulator::RunningEmulator> {
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
    connect: &ConnectOptions,
    region: Option<String>,
    emulator_endpoint: Option<String>,
) -> anyhow::Result<aws::Aws> {
    Ok(aws::connect(&aws_options(connect, region, emulator_endpoint, None, None)).await?)
}

/// Who a client acts as: a target's profile or role, and in a
/// multi-target run the global request bound.
#[derive(Debug, Clone, Default)]
pub(crate) struct Identity {
    pub account_id: Option<String>,
    pub profile: Option<String>,
    pub assume_role: Option<aws::AssumeRole>,
}

/// The client options for `connect`, the emulator and a target's identity.
pub(crate) fn aws_options(
    connect: &ConnectOptions,
    region: Option<String>,
    emulator_endpoint: Option<String>,
    identity: Option<&Identity>,
    global: Option<(std::sync::Arc<tokio::sync::Semaphore>, Option<aws::Http>)>,
) -> aws::AwsOptions {
    let (global, http) = match global {
        Some((g, h)) => (Some(g), h),
        None => (None, None),
    };
    let emulated = emulator_endpoint.is_some();
    let identity = identity.cloned().unwrap_or_default();
    // The in-process emulator needs no account: dummy static keys (a
    // non-numeric key id selects the emulator's default account, a
    // 12-digit one that account, which is how a target without a role
    // reaches its own account there).
    let static_credentials = emulated.then(|| {
        let key = match (&identity.account_id, &identity.assume_role) {
            (Some(account), None) => account.clone(),
            _ => "AKIDBACKUPCTLEMULATOR".to_string(),
        };
        (key, "emulator".to_string())
    });
    aws::AwsOptions {
        profile: identity.profile.or_else(|| connect.profile.clone()),
        region,
        endpoint_url: emulator_endpoint.or_else(|| connect.endpoint_url.clone()),
        static_credentials,
        max_attempts: connect.max_attempts,
        retry_mode: connect.retry_mode,
        timeouts: connect.timeouts,
        concurrency: usize::from(connect.concurrency),
        assume_role: identity.assume_role,
        global,
        http,
    }
}

/// One info line (`-v`) with the run's AWS totals and the operations AWS
/// throttled, with the rate each was paced to.
pub(super) fn log_summary(aws: &aws::Aws, elapsed: Duration) {
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
pub fn scope(desired: &Desired) -> crate::resources::ObserveScope {
    let mut scope = crate::resources::ObserveScope {
        stack: desired.stack.clone(),
        ..Default::default()
    };
    for info in crate::resources::REGISTRY {
        (info.ops.scope)(desired, &mut scope);
    }
    scope
}
