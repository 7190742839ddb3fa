//! Running a command over the targets of a config (`targets:`): which
//! targets a run covers (`--target`, `--shard`), one runtime and one
//! emulator for all of them, a client per target (its profile or assumed
//! role, its own request bound, plus one global bound shared by every
//! target), and the per-target account guard. A target that cannot be
//! reached or read becomes an error in its own result; the others go on.

use std::sync::Arc;
use std::time::Instant;

use futures_util::stream::{self, StreamExt};

use super::session::{aws_options, log_summary, start_emulator, ConnectOptions, Identity, Session};
use crate::aws;
use crate::config::LoadedConfig;
use crate::fleet::select::{select, ShardArg};
use crate::fleet::{DocKind, Fleet, Shard, TargetResult, FORMAT_VERSION};
use crate::model::desired::from_config;
use crate::model::{Desired, Live};
use crate::targets::{Target, TargetConfig};

/// Which targets a run covers and how hard it may push.
#[derive(Debug, Clone, Default)]
pub struct FleetOptions {
    /// `--target NAME|GLOB` (any of them; empty = every target).
    pub patterns: Vec<String>,
    /// `--shard K/N`.
    pub shard: Option<ShardArg>,
}

/// The targets of a run.
#[derive(Debug)]
pub struct Selected<'a> {
    pub targets: Vec<&'a TargetConfig>,
    pub shard: Option<Shard>,
}

/// Apply `--target` and `--shard` to the config's targets.
pub fn selected<'a>(loaded: &'a LoadedConfig, opts: &FleetOptions) -> anyhow::Result<Selected<'a>> {
    let names: Vec<&str> = loaded
        .targets
        .iter()
        .map(|t| t.target.name.as_str())
        .collect();
    let (idx, total) = select(&names, &opts.patterns, opts.shard).map_err(anyhow::Error::msg)?;
    Ok(Selected {
        targets: idx.into_iter().map(|i| &loaded.targets[i]).collect(),
        shard: opts.shard.map(|s| Shard {
            index: s.index,
            count: s.count,
            targets_total: total,
        }),
    })
}

/// What every target's job gets: how to connect it.
#[derive(Clone)]
pub struct Fleetwide {
    connect: ConnectOptions,
    emulator: Option<String>,
    global: Arc<tokio::sync::Semaphore>,
    /// One HTTPS client for every target.
    http: Option<aws::Http>,
    /// Targets in flight at once.
    pub parallel: usize,
}

impl Fleetwide {
    /// A client for `target`: its profile or role (in the emulator, a
    /// target without a role uses its account id as the access key, which
    /// the emulator reads as the account).
    pub async fn connect(&self, target: &Target) -> anyhow::Result<Session> {
        let identity = Identity {
            account_id: Some(target.account_id.clone()),
            profile: target.access.profile.clone(),
            assume_role: target.access.role_arn.as_ref().map(|r| aws::AssumeRole {
                role_arn: r.clone(),
                external_id: target.access.external_id.clone(),
                session_name: target.access.session_name.clone(),
            }),
        };
        let opts = aws_options(
            &self.connect,
            Some(target.region.clone()),
            self.emulator.clone(),
            Some(&identity),
            Some((self.global.clone(), self.http.clone())),
        );
        Ok(Session {
            aws: aws::connect(&opts).await?,
            emulated: self.emulator.is_some(),
        })
    }

    /// Connect `target`, observe what `desired` names and check the
    /// account: the observed ARNs and STS GetCallerIdentity (after the role
    /// was assumed) must both name the target's account.
    pub async fn observe(
        &self,
        target: &Target,
        desired: &Desired,
    ) -> anyhow::Result<(Session, Live)> {
        let session = self.connect(target).await?;
        let (live, caller) = tokio::join!(session.observe(desired), session.aws.caller_account());
        let live = live?;
        if let Some(have) = caller? {
            if have != target.account_id {
                anyhow::bail!(
                    "wrong account: target {} is account {} but its credentials belong to {have}",
                    target.name,
                    target.account_id
                );
            }
        }
        Ok((session, live))
    }
}

/// Run `job` on one runtime with the emulator (if asked for) and the
/// shared bound (`ConnectOptions::max_concurrency` requests in flight over
/// all targets; each target also keeps its own `concurrency`); the job
/// connects and runs its targets through the [`Fleetwide`] it gets.
pub fn with_fleet<T, F, Fut>(connect: &ConnectOptions, job: F) -> anyhow::Result<T>
where
    F: FnOnce(Fleetwide) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    use anyhow::Context;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async {
        let emulator = match &connect.emulator {
            Some(state) => Some(start_emulator(state).await?),
            None => None,
        };
        let max = connect.max_concurrency.max(1);
        let wide = Fleetwide {
            connect: connect.clone(),
            emulator: emulator.as_ref().map(|e| e.endpoint()),
            global: Arc::new(tokio::sync::Semaphore::new(max)),
            http: aws::Http::new(),
            parallel: max,
        };
        let result = job(wide).await;
        if let Some(e) = emulator {
            e.shutdown().await;
        }
        result
    })
}

/// Read every target (at most `wide.parallel` at once) and turn what was
/// read into its result, in target order; an error becomes that target's
/// `error`. `read` runs as its own task on the runtime's worker threads
/// (so 150 targets' SDK work spreads over every core); it gets the
/// connection settings, the target and its desired state, and usually
/// calls [`Fleetwide::observe`]. `finish` (diff, classify, build) runs as
/// the results arrive.
pub async fn per_target<'a, X, T, R, RFut, F>(
    wide: &Fleetwide,
    targets: &[&'a TargetConfig],
    read: R,
    finish: F,
) -> Vec<TargetResult<T>>
where
    R: Fn(Fleetwide, Target, Arc<Desired>) -> RFut,
    RFut: std::future::Future<Output = anyhow::Result<X>> + Send + 'static,
    X: Send + 'static,
    F: Fn(&'a TargetConfig, &Desired, X) -> anyhow::Result<T>,
{
    let started = Instant::now();
    let out: Vec<TargetResult<T>> = stream::iter(targets.iter().copied())
        .map(|tc| {
            let desired = Arc::new(from_config(&tc.config));
            let task = tokio::spawn(read(wide.clone(), tc.target.clone(), desired.clone()));
            async move {
                let read = task
                    .await
                    .unwrap_or_else(|e| Err(anyhow::anyhow!("the target's task failed: {e}")));
                (tc, desired, read)
            }
        })
        .buffered(wide.parallel.max(1))
        .map(|(tc, desired, read)| {
            let r = read.and_then(|x| finish(tc, &desired, x));
            let t = &tc.target;
            if let Err(e) = &r {
                tracing::warn!("target {}: {e:#}", t.name);
            }
            TargetResult {
                name: t.name.clone(),
                account_id: t.account_id.clone(),
                region: t.region.clone(),
                error: r.as_ref().err().map(|e| format!("{e:#}")),
                result: r.ok(),
            }
        })
        .collect()
        .await;
    tracing::info!(
        "{} targets in {:.2}s ({} failed)",
        out.len(),
        started.elapsed().as_secs_f64(),
        out.iter().filter(|t| t.error.is_some()).count()
    );
    out
}

/// The usual `read` of [`per_target`]: connect, observe, check the account.
pub async fn observe(
    wide: Fleetwide,
    target: Target,
    desired: Arc<Desired>,
) -> anyhow::Result<(Session, Live)> {
    wide.observe(&target, &desired).await
}

/// The fleet document for `results`.
pub fn document<T>(
    kind: DocKind,
    stack: &str,
    shard: Option<Shard>,
    targets: Vec<TargetResult<T>>,
) -> Fleet<T> {
    Fleet {
        format_version: FORMAT_VERSION,
        kind,
        stack: stack.to_string(),
        targets,
        shard,
    }
}

/// Log one target's AWS totals at `-v`.
pub fn log_target(session: &Session, started: Instant) {
    log_summary(&session.aws, started.elapsed());
}
