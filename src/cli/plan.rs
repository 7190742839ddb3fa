//! `backupctl plan`: load the config, observe the account through `aws`,
//! diff, and print the plan (human, JSON or Markdown) on stdout; logs and
//! findings go to stderr. `--out` saves the plan for `apply`;
//! `--detailed-exitcode` exits 2 when there are changes; `--emulator` runs
//! the local emulator in-process on a state file so the tool can be tried
//! without an AWS account.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use super::{Exit, GlobalOpts};
use crate::aws;
use crate::config;
use crate::diff::{diff, DiffOptions};
use crate::model::{desired::from_config, Desired, Live};
use crate::plan::{ids, Plan};
use crate::render::{self, Format};

/// Default state file of `--emulator`.
pub const DEFAULT_EMULATOR_STATE: &str = ".backupctl/emulator-state.json";

/// Account the emulator uses for non-numeric access key ids.
const EMULATOR_ACCOUNT: &str = "123456789012";

/// How to reach AWS (shared with `apply`).
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
    /// Concurrent API requests while reading the account.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Attempts per API call (adaptive retries).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub max_attempts: u32,
    /// Run the emulator in-process on STATE_FILE instead of calling AWS
    /// (no credentials needed).
    #[arg(long, value_name = "STATE_FILE", num_args = 0..=1,
          default_missing_value = DEFAULT_EMULATOR_STATE)]
    pub emulator: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Output format of the plan.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Save the plan (JSON, with config digest and live-state fingerprint) for `apply`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit 0 when there are no changes, 2 when there are, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Take over unmanaged vaults and plans whose names the config declares.
    #[arg(long)]
    pub adopt: bool,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

pub fn run(global: &GlobalOpts, args: &PlanArgs) -> anyhow::Result<Exit> {
    let Some(loaded) = load(global)? else {
        return Ok(Exit::Failure);
    };
    let desired = from_config(&loaded.config);
    let digest = ids::config_digest(&loaded.files)?;
    let live = observe_blocking(&args.connect, &desired)?;
    let mut plan = diff(&desired, &live, DiffOptions { adopt: args.adopt });
    plan.config_digest = Some(digest);
    emit(&plan, args.format)?;
    if let Some(out) = &args.out {
        plan.save(out)?;
        tracing::info!("plan saved to {}", out.display());
    }
    if !plan.errors.is_empty() {
        let mut err = anstream::stderr().lock();
        for e in &plan.errors {
            writeln!(err, "error: {e}")?;
        }
        return Ok(Exit::Failure);
    }
    Ok(if args.detailed_exitcode && plan.has_changes() {
        Exit::Changes
    } else {
        Exit::Success
    })
}

/// Load and validate the config; findings go to stderr. `None` = invalid.
pub fn load(global: &GlobalOpts) -> anyhow::Result<Option<config::LoadedConfig>> {
    match config::load(&global.files) {
        Ok(l) => {
            if !global.quiet && !l.warnings.is_empty() {
                anstream::stderr()
                    .lock()
                    .write_all(l.warnings.render_text(true).as_bytes())?;
            }
            Ok(Some(l))
        }
        Err(d) => {
            anstream::stderr()
                .lock()
                .write_all(d.render_text(true).as_bytes())?;
            Ok(None)
        }
    }
}

/// Print the plan on stdout in `format`.
pub fn emit(plan: &Plan, format: Format) -> anyhow::Result<()> {
    let text = render::render(plan, format);
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Observe the account (or the in-process emulator) on a fresh runtime and
/// check the config's account/region guard.
pub fn observe_blocking(connect: &ConnectArgs, desired: &Desired) -> anyhow::Result<Live> {
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
                .map(|_| desired.region.clone().unwrap_or_else(|| "us-east-1".into()))
        });
        let result = observe(
            connect,
            desired,
            region,
            emulator.as_ref().map(|e| e.endpoint()),
        )
        .await;
        if let Some(e) = emulator {
            e.shutdown().await;
        }
        let mut live = result?;
        if connect.emulator.is_some() && live.account_id.is_none() {
            live.account_id = Some(EMULATOR_ACCOUNT.to_string());
        }
        guard(desired, &live, connect.emulator.is_some())?;
        Ok(live)
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

/// The account guard from the config header (the region guard runs before
/// observing). The account comes from observed ARNs, or is the emulator's;
/// an empty account has no ARN to tell, and then the guard cannot refuse.
fn guard(desired: &Desired, live: &Live, emulator: bool) -> anyhow::Result<()> {
    let account = live
        .account_id
        .clone()
        .or_else(|| emulator.then(|| EMULATOR_ACCOUNT.to_string()));
    if let (Some(want), Some(have)) = (&desired.account_id, &account) {
        if want != have {
            anyhow::bail!(
                "wrong account: the config is for account {want} but the credentials belong to {have}"
            );
        }
    }
    Ok(())
}

/// Read the live state through the `aws` module.
async fn observe(
    connect: &ConnectArgs,
    desired: &Desired,
    region: Option<String>,
    emulator_endpoint: Option<String>,
) -> anyhow::Result<Live> {
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
    let client = aws::connect(&opts).await?;
    // The region guard needs no API call: check it before reading anything.
    if let Some(want) = &desired.region {
        if want != client.region() {
            anyhow::bail!(
                "wrong region: the config is for {want} but the client uses {} (pass --region {want} or set AWS_REGION)",
                client.region()
            );
        }
    }
    Ok(client.observe(&scope(desired)).await?)
}

/// What the plan needs read: the stack, every vault and plan the config names
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
    }
}
