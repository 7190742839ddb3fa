//! How every account-facing command (plan, apply, drift, import, report)
//! reaches AWS: the shared `ConnectArgs` flags, a runtime that runs one
//! async job with a connected [`aws::Aws`] (or the in-process emulator with
//! `--emulator`), the region guard before any call, and the account guard
//! after observing.

use std::future::Future;
use std::path::{Path, PathBuf};

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
    /// Attempts per API call (adaptive retries; AWS_RETRY_MODE=standard for
    /// standard retries).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub max_attempts: u32,
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
        let result = async {
            let aws = client(connect, region, emulator.as_ref().map(|e| e.endpoint())).await?;
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
        concurrency: usize::from(connect.concurrency),
        ..Default::default()
    };
    Ok(aws::connect(&opts).await?)
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
