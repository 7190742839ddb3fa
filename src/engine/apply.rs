//! `apply` as a library call: load the config, check a saved plan's config
//! digest, observe, recompute the change set (and hold a saved plan to it,
//! `saved`), judge it with the safety rules, let the caller show it and
//! decide, then execute it in dependency order with the progress lines on
//! stderr. What the caller sees and answers goes through [`Review`]; what
//! happened comes back as [`Applied`].

use std::path::PathBuf;

use super::apply_fleet::{apply_fleet, FleetApplyOptions, FleetReview};
use super::plan::compute;
use super::saved;
use super::session::{with_session, ConnectOptions};
use super::ConfigOptions;
use crate::apply::{self, progress::Progress, Outcome, SafetyOptions, Verdict};
use crate::changeset::{ids, ChangeSet};
use crate::model::desired::from_config;

/// What `apply` needs.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// The config to apply (for a saved plan: the one it was made from).
    pub config: ConfigOptions,
    /// A plan saved by `plan --out` to apply exactly.
    pub plan_file: Option<PathBuf>,
    /// Take over unmanaged vaults and plans whose names the config declares.
    pub adopt: bool,
    /// The destroy and threshold overrides.
    pub safety: SafetyOptions,
    /// Why legal holds are cancelled (`--reason`, sent as CancelDescription).
    pub cancel_reason: Option<String>,
    /// How to reach AWS.
    pub connect: ConnectOptions,
    /// Which targets (a config with `targets:`).
    pub targets: super::fleet::FleetOptions,
}

/// The two moments an apply hands to its caller, in this order.
pub trait Review {
    /// Show the change set computed now (not called for a saved plan: it
    /// was shown when saved, and has just been verified against this one).
    fn show(&mut self, plan: &ChangeSet) -> anyhow::Result<()>;
    /// There are changes and this is the safety verdict: `true` to carry
    /// them out. Called whether or not the verdict allows it, so that the
    /// caller can show its warnings and refusals; a refused plan never runs.
    fn approve(&mut self, plan: &ChangeSet, verdict: &Verdict) -> anyhow::Result<bool>;
}

/// How an apply ended.
#[derive(Debug)]
pub enum Applied {
    /// The config is invalid (its findings are on stderr).
    Invalid,
    /// Nothing to do.
    NoChanges,
    /// Refused by the safety rules or declined by the reviewer; nothing was
    /// changed.
    Stopped,
    /// A config with `targets:`: how the multi-target apply ended.
    Fleet(super::apply_fleet::FleetApplied),
    /// The changes ran; `outcome` says which succeeded.
    Done {
        /// The change set that ran.
        plan: Box<ChangeSet>,
        /// What each operation did.
        outcome: Outcome,
    },
}

/// Apply the config (or the saved plan) to the account, or to every
/// target of a config with `targets:`.
pub fn apply<R: Review + FleetReview>(
    opts: &ApplyOptions,
    review: &mut R,
) -> anyhow::Result<Applied> {
    let Some(loaded) = super::load(&opts.config)? else {
        return Ok(Applied::Invalid);
    };
    let digest = ids::config_digest(&loaded.files)?;
    let file = opts.plan_file.as_ref().map(|p| p.display().to_string());
    if !loaded.targets.is_empty() {
        let saved = match (&opts.plan_file, &file) {
            (Some(path), Some(file)) => Some((load_fleet(path)?, file.clone())),
            _ => None,
        };
        let fleet = FleetApplyOptions {
            targets: &opts.targets,
            adopt: opts.adopt,
            safety: opts.safety,
            cancel_reason: opts.cancel_reason.as_deref(),
            connect: &opts.connect,
            quiet: opts.config.quiet,
        };
        return Ok(Applied::Fleet(apply_fleet(
            &loaded, fleet, saved, digest, review,
        )?));
    }
    super::plan::single_only(&opts.targets)?;
    let desired = from_config(&loaded.config);
    let saved = match &opts.plan_file {
        Some(path) => Some(ChangeSet::load(path)?),
        None => None,
    };
    if let (Some(saved), Some(file)) = (&saved, &file) {
        saved::check_digest(saved, &digest, file)?;
    }
    // A saved plan made with --adopt is re-derived with it (the config,
    // checked by its digest, names what may be adopted).
    let adopt = opts.adopt
        || saved
            .as_ref()
            .is_some_and(|s| s.changes.iter().any(|c| c.adopt));
    let region = desired.region.clone();
    let desired = &desired;
    with_session(&opts.connect, region.as_deref(), |session| async move {
        let live = session.observe(desired).await?;
        let plan = compute(desired, &live, adopt, digest);
        match (&saved, &file) {
            (Some(saved), Some(file)) => {
                saved::verify(saved, &plan, &live, session.aws.region(), file)
                    .map_err(anyhow::Error::msg)?;
            }
            _ => review.show(&plan)?,
        }
        if !plan.has_changes() && plan.errors.is_empty() && plan.safety.blocked.is_empty() {
            return Ok(Applied::NoChanges);
        }
        let verdict = apply::check(&plan, &plan.safety, opts.safety);
        if !review.approve(&plan, &verdict)? || !verdict.allowed() {
            return Ok(Applied::Stopped);
        }
        let owned = apply::Ownership::new(&live, &plan.stack, adopt, &plan)
            .with_cancel_reason(opts.cancel_reason.clone());
        let progress = Progress::new(plan.changes.len(), opts.config.quiet);
        let outcome = apply::execute(
            &session.aws,
            &plan,
            &owned,
            usize::from(opts.connect.concurrency),
            &progress,
        )
        .await;
        progress.finish();
        Ok(Applied::Done {
            plan: Box::new(plan),
            outcome,
        })
    })
}

/// Read a saved multi-target plan (`plan --out` of a config with targets).
fn load_fleet(path: &std::path::Path) -> anyhow::Result<crate::fleet::Fleet<ChangeSet>> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read plan file {file}: {e}"))?;
    let kind = crate::fleet::merge::kind_of(&file, &text).map_err(anyhow::Error::msg)?;
    if kind != crate::fleet::DocKind::Plan {
        anyhow::bail!("{file} is a {kind:?} document, not a plan");
    }
    serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{file} is not a backupctl plan: {e}"))
}
