//! The executor: runs a plan's changes in the plan's dependency order —
//! one phase at a time (settings, vaults, plans, selections, then the
//! deletes in reverse), the changes of a phase concurrently (bounded) —
//! and records what happened to each. After a phase with a failure no
//! later phase starts (later phases may depend on it); every change is
//! reported as done, failed or not attempted, and since each call is
//! idempotent (CreatorRequestIds, whole-document Puts) a re-run of `plan`
//! and `apply` picks up exactly what is left.
//!
//! The calls per change are each kind's (its registry entry's `ops.execute`):
//! a vault create is CreateBackupVault plus one Put per declared policy,
//! notifications and lock; a plan update is UpdateBackupPlan when the
//! document differs plus Tag/Untag; a selection replace is
//! DeleteBackupSelection then CreateBackupSelection. Here: the phases; the
//! shared context (plan ids) and the helpers the kinds share are in
//! `resources::exec`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use futures_util::stream::{self, StreamExt};

use crate::aws::{Aws, AwsError};
use crate::changeset::{Action, Address, Change, ChangeSet};
use crate::diff::phase;
use crate::resources::exec::Ctx;
use crate::resources::guard::Ownership;

/// What happened to one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Done,
    Failed(String),
    NotAttempted,
}

#[derive(Debug, Clone)]
pub struct OpResult {
    pub action: Action,
    pub address: Address,
    pub status: Status,
    /// An id worth showing (a new plan's id, a vault ARN).
    pub detail: Option<String>,
    pub elapsed: Duration,
}

/// Every change of the plan, in plan order, with its result.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub results: Vec<OpResult>,
    /// Why the changes not attempted were held back when no change of
    /// this plan failed (a [`Gate`] said so: another target failed).
    pub held: Option<String>,
}

impl Outcome {
    pub fn succeeded(&self) -> bool {
        self.results.iter().all(|r| r.status == Status::Done)
    }

    /// (done, failed, not attempted)
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for r in &self.results {
            match r.status {
                Status::Done => c.0 += 1,
                Status::Failed(_) => c.1 += 1,
                Status::NotAttempted => c.2 += 1,
            }
        }
        c
    }
}

/// Receives progress events (called from concurrent tasks).
pub trait Observer: Sync {
    fn started(&self, change: &Change);
    fn finished(&self, result: &OpResult);
}

/// An observer that ignores everything (library use, benchmarks).
pub struct Silent;
impl Observer for Silent {
    fn started(&self, _: &Change) {}
    fn finished(&self, _: &OpResult) {}
}

/// Lets phases of one plan wait for phases of others (the targets of a
/// multi-target apply whose vaults its rules copy into).
pub trait Gate: Sync {
    /// Before the changes of `phase` start (phases come in increasing
    /// order, empty ones skipped): `Err(reason)` holds back this phase and
    /// every later one (not attempted).
    fn enter(&self, phase: u8) -> BoxFuture<'_, Result<(), String>>;
    /// `phase` ran; `ok` when every change of it succeeded.
    fn left(&self, phase: u8, ok: bool);
    /// The plan is over (nothing more will run).
    fn finished(&self);
}

/// No waiting: a single plan.
pub struct Open;
impl Gate for Open {
    fn enter(&self, _: u8) -> BoxFuture<'_, Result<(), String>> {
        Box::pin(async { Ok(()) })
    }
    fn left(&self, _: u8, _: bool) {}
    fn finished(&self) {}
}

/// Run `plan` with at most `concurrency` changes in flight. Before any
/// call, every change is checked against `owned` ([`Ownership`]): if one
/// is refused, nothing runs (the refused ones fail, the rest are not
/// attempted).
pub async fn execute(
    aws: &Aws,
    plan: &ChangeSet,
    owned: &Ownership<'_>,
    concurrency: usize,
    observer: &dyn Observer,
) -> Outcome {
    execute_gated(aws, plan, owned, concurrency, observer, &Open).await
}

/// [`execute`], with each phase let in by `gate`.
pub async fn execute_gated(
    aws: &Aws,
    plan: &ChangeSet,
    owned: &Ownership<'_>,
    concurrency: usize,
    observer: &dyn Observer,
    gate: &dyn Gate,
) -> Outcome {
    let refused = owned.refusals(plan);
    if !refused.is_empty() {
        let mut results: Vec<OpResult> = plan.changes.iter().map(not_attempted).collect();
        for (i, why) in refused {
            results[i].status = Status::Failed(why);
        }
        gate.left(0, false);
        gate.finished();
        return Outcome {
            results,
            held: None,
        };
    }
    let mut ids = HashMap::new();
    for c in &plan.changes {
        // A deleted plan's id (a duplicate copy) must never receive the
        // selections of the copy that stays.
        if c.action == Action::Delete {
            continue;
        }
        if let (Address::BackupPlan { name } | Address::Selection { plan: name, .. }, Some(live)) =
            (&c.address, &c.live)
        {
            if let Some(id) = &live.plan_id {
                ids.insert(name.clone(), id.clone());
            }
        }
    }
    let ctx = Ctx::new(aws, ids).with_cancel_reason(owned.cancel_reason());
    let changes = &plan.changes;
    let mut results: Vec<Option<OpResult>> = vec![None; changes.len()];
    let mut failed = false;
    let mut held = None;
    let mut start = 0;
    while start < changes.len() {
        let p = phase(&changes[start]);
        let end = (start..changes.len())
            .find(|&i| phase(&changes[i]) != p)
            .unwrap_or(changes.len());
        if !failed && held.is_none() {
            held = gate.enter(p).await.err();
        }
        if failed || held.is_some() {
            for i in start..end {
                results[i] = Some(not_attempted(&changes[i]));
            }
        } else {
            let ctx = &ctx;
            let done: Vec<(usize, OpResult)> = stream::iter(start..end)
                .map(|i| async move {
                    let c = &changes[i];
                    observer.started(c);
                    let t = Instant::now();
                    let r = run(ctx, c).await;
                    let result = OpResult {
                        action: c.action,
                        address: c.address.clone(),
                        status: match &r {
                            Ok(_) => Status::Done,
                            Err(e) => Status::Failed(e.to_string()),
                        },
                        detail: r.ok().flatten(),
                        elapsed: t.elapsed(),
                    };
                    observer.finished(&result);
                    (i, result)
                })
                .buffer_unordered(concurrency.max(1))
                .collect()
                .await;
            let mut ok = true;
            for (i, r) in done {
                ok &= r.status == Status::Done;
                results[i] = Some(r);
            }
            failed |= !ok;
            gate.left(p, ok);
        }
        start = end;
    }
    gate.finished();
    Outcome {
        results: results
            .into_iter()
            .map(|r| r.expect("every change ran"))
            .collect(),
        held,
    }
}

fn not_attempted(c: &Change) -> OpResult {
    OpResult {
        action: c.action,
        address: c.address.clone(),
        status: Status::NotAttempted,
        detail: None,
        elapsed: Duration::ZERO,
    }
}

/// Carry out one change: each kind makes its own calls.
async fn run(ctx: &Ctx<'_>, c: &Change) -> Result<Option<String>, AwsError> {
    (c.address.kind().info().ops.execute)(ctx, c).await
}
