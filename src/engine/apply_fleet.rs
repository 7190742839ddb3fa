//! `apply` over the targets of a config with `targets:`: every target is
//! observed and planned concurrently (as `plan` does), the reviewer sees
//! the one grouped plan and the safety verdict of every target — a refusal
//! in any target stops the whole apply before anything changes — and then
//! all targets run at once, each its own phases in order. A target whose
//! rules copy into another target's vault waits, phase by phase, until
//! that target has finished the phases before (so the destination vault
//! exists before the rule that copies to it), and is held back when that
//! target failed. Each target reports done, failed and not attempted.

use std::time::Instant;

use futures_util::future::{join_all, BoxFuture};
use tokio::sync::watch;

use super::fleet::{document, observe, per_target, selected, with_fleet};
use super::plan::compute;
use super::saved;
use super::session::Session;
use crate::apply::{self, progress::Progress, Gate, Outcome, Verdict};
use crate::changeset::ChangeSet;
use crate::config::LoadedConfig;
use crate::fleet::{DocKind, Fleet};
use crate::model::Live;
use crate::targets::{copy_dependencies, TargetConfig};

/// What a multi-target apply needs (the parts of `engine::apply`'s
/// options it uses).
#[derive(Debug, Clone, Copy)]
pub struct FleetApplyOptions<'a> {
    pub targets: &'a super::fleet::FleetOptions,
    pub adopt: bool,
    pub safety: apply::SafetyOptions,
    /// Why legal holds are cancelled (`--reason`).
    pub cancel_reason: Option<&'a str>,
    pub connect: &'a super::session::ConnectOptions,
    /// Only failures in the progress lines.
    pub quiet: bool,
}

/// What the person running a multi-target apply sees and answers.
pub trait FleetReview {
    /// Show the grouped plan computed now (not for a saved plan).
    fn show_fleet(&mut self, doc: &Fleet<ChangeSet>) -> anyhow::Result<()>;
    /// There are changes; `verdicts` are the targets' (name, verdict), in
    /// target order. `true` to carry them out; never run when a verdict
    /// refuses.
    fn approve_fleet(
        &mut self,
        doc: &Fleet<ChangeSet>,
        verdicts: &[(String, Verdict)],
    ) -> anyhow::Result<bool>;
}

/// How a multi-target apply ended.
#[derive(Debug)]
pub enum FleetApplied {
    /// Nothing to do in any target that could be read.
    NoChanges { doc: Fleet<ChangeSet> },
    /// Refused or declined; nothing was changed.
    Stopped { doc: Fleet<ChangeSet> },
    /// The changes ran: per target (in target order) its outcome, or the
    /// error that kept it from being planned.
    Done {
        doc: Fleet<ChangeSet>,
        outcomes: Vec<(String, Result<Outcome, String>)>,
    },
}

/// A target read and planned, ready to run.
struct Ready {
    session: Session,
    live: Live,
    plan: ChangeSet,
}

/// Apply every selected target of `loaded`, or exactly the saved
/// multi-target plan `saved` (made by `plan --out` from the same config).
pub fn apply_fleet(
    loaded: &LoadedConfig,
    opts: FleetApplyOptions<'_>,
    saved: Option<(Fleet<ChangeSet>, String)>,
    digest: String,
    review: &mut dyn FleetReview,
) -> anyhow::Result<FleetApplied> {
    let sel = selected(loaded, opts.targets)?;
    if let Some((doc, file)) = &saved {
        check_saved(doc, file, &sel.targets, &digest)?;
    }
    let stack = &loaded.config.stack.value;
    let adopt = opts.adopt
        || saved
            .as_ref()
            .is_some_and(|(d, _)| d.results().any(|(_, p)| p.changes.iter().any(|c| c.adopt)));
    with_fleet(opts.connect, |wide| async move {
        let prepared = per_target(
            &wide,
            &sel.targets,
            observe,
            |_, desired, (session, live)| {
                let plan = compute(desired, &live, adopt, digest.clone());
                Ok((session, live, plan))
            },
        )
        .await;
        let mut ready: Vec<Option<Ready>> = Vec::new();
        let mut shown = Vec::new();
        for t in prepared {
            let (result, r) = match t.result {
                Some((session, live, plan)) => (
                    Some(plan.clone()),
                    Some(Ready {
                        session,
                        live,
                        plan,
                    }),
                ),
                None => (None, None),
            };
            ready.push(r);
            shown.push(crate::fleet::TargetResult {
                name: t.name,
                account_id: t.account_id,
                region: t.region,
                result,
                error: t.error,
            });
        }
        let doc = document(DocKind::Plan, stack, sel.shard, shown);
        match &saved {
            Some((saved_doc, file)) => verify_saved(saved_doc, &doc, &ready, file)?,
            None => review.show_fleet(&doc)?,
        }
        let changes = doc
            .results()
            .any(|(_, p)| p.has_changes() || !p.errors.is_empty() || !p.safety.blocked.is_empty());
        if !changes && doc.failed().is_empty() {
            return Ok(FleetApplied::NoChanges { doc });
        }
        let verdicts: Vec<(String, Verdict)> = doc
            .results()
            .map(|(t, p)| (t.name.clone(), apply::check(p, &p.safety, opts.safety)))
            .collect();
        if !changes {
            return Ok(FleetApplied::Done {
                outcomes: failures_only(&doc),
                doc,
            });
        }
        if !review.approve_fleet(&doc, &verdicts)? || verdicts.iter().any(|(_, v)| !v.allowed()) {
            return Ok(FleetApplied::Stopped { doc });
        }
        let outcomes = run_all(&sel.targets, &loaded.targets, &ready, &doc, adopt, opts).await;
        Ok(FleetApplied::Done { doc, outcomes })
    })
}

/// The outcome list when nothing ran: only the targets that failed.
fn failures_only(doc: &Fleet<ChangeSet>) -> Vec<(String, Result<Outcome, String>)> {
    doc.targets
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                match &t.error {
                    Some(e) => Err(e.clone()),
                    None => Ok(Outcome::default()),
                },
            )
        })
        .collect()
}

/// Run every ready target concurrently, each gated on the targets it
/// copies into.
async fn run_all(
    targets: &[&TargetConfig],
    all: &[TargetConfig],
    ready: &[Option<Ready>],
    doc: &Fleet<ChangeSet>,
    adopt: bool,
    opts: FleetApplyOptions<'_>,
) -> Vec<(String, Result<Outcome, String>)> {
    let board = Board::new(targets, all);
    let started = Instant::now();
    let runs = targets.iter().enumerate().map(|(i, tc)| {
        let board = &board;
        async move {
            let name = tc.target.name.clone();
            let Some(r) = &ready[i] else {
                board.finish_failed(i);
                let e = doc.targets[i].error.clone().unwrap_or_default();
                return (name, Err(e));
            };
            let gate = TargetGate {
                me: i,
                deps: board.deps[i].clone(),
                board,
            };
            let owned = apply::Ownership::new(&r.live, &r.plan.stack, adopt, &r.plan)
                .with_cancel_reason(opts.cancel_reason.map(str::to_string));
            let progress = Progress::for_target(r.plan.changes.len(), opts.quiet, &name);
            let outcome = apply::execute_gated(
                &r.session.aws,
                &r.plan,
                &owned,
                usize::from(opts.connect.concurrency),
                &progress,
                &gate,
            )
            .await;
            (name, Ok(outcome))
        }
    });
    let out = join_all(runs).await;
    tracing::info!(
        "applied {} targets in {:.2}s",
        out.len(),
        started.elapsed().as_secs_f64()
    );
    out
}

/// How far each target has got, for the targets waiting on it.
#[derive(Debug, Clone, Copy, Default)]
struct Reached {
    /// Every phase below this one is over.
    below: u8,
    /// The phase in which a change failed (or 0 when the target could not
    /// be planned or its ownership check refused).
    failed_at: Option<u8>,
    over: bool,
}

struct Board {
    names: Vec<String>,
    state: Vec<watch::Sender<Reached>>,
    /// Per target, the targets whose vaults its rules copy into.
    deps: Vec<Vec<usize>>,
}

impl Board {
    /// `all` is every target of the config (a destination may be outside
    /// `--target`: then it is not waited for, as it does not run).
    fn new(targets: &[&TargetConfig], all: &[TargetConfig]) -> Board {
        let state = targets
            .iter()
            .map(|_| watch::Sender::new(Reached::default()))
            .collect();
        let deps = targets
            .iter()
            .map(|tc| {
                copy_dependencies(tc, all)
                    .iter()
                    .filter_map(|name| targets.iter().position(|t| &t.target.name == name))
                    .collect()
            })
            .collect();
        Board {
            names: targets.iter().map(|t| t.target.name.clone()).collect(),
            state,
            deps,
        }
    }

    fn finish_failed(&self, i: usize) {
        self.state[i].send_modify(|r| {
            r.failed_at.get_or_insert(0);
            r.over = true;
        });
    }
}

struct TargetGate<'a> {
    me: usize,
    deps: Vec<usize>,
    board: &'a Board,
}

impl Gate for TargetGate<'_> {
    fn enter(&self, phase: u8) -> BoxFuture<'_, Result<(), String>> {
        Box::pin(async move {
            self.board.state[self.me].send_modify(|r| r.below = r.below.max(phase));
            for &d in &self.deps {
                let mut rx = self.board.state[d].subscribe();
                loop {
                    let r = *rx.borrow_and_update();
                    if let Some(f) = r.failed_at {
                        if f < phase {
                            return Err(format!(
                                "held back: target {}, whose vaults its rules copy into, failed",
                                self.board.names[d]
                            ));
                        }
                    }
                    if r.over || r.below >= phase {
                        break;
                    }
                    if rx.changed().await.is_err() {
                        break;
                    }
                }
            }
            Ok(())
        })
    }

    fn left(&self, phase: u8, ok: bool) {
        self.board.state[self.me].send_modify(|r| {
            if ok {
                r.below = r.below.max(phase + 1);
            } else {
                r.failed_at.get_or_insert(phase);
            }
        });
    }

    fn finished(&self) {
        self.board.state[self.me].send_modify(|r| {
            if r.failed_at.is_none() {
                r.below = u8::MAX;
            }
            r.over = true;
        });
    }
}

/// A saved multi-target plan must come from this config and cover exactly
/// the targets of this run, each planned (a target that failed when it was
/// saved was never reviewed).
fn check_saved(
    doc: &Fleet<ChangeSet>,
    file: &str,
    targets: &[&TargetConfig],
    digest: &str,
) -> anyhow::Result<()> {
    let names: Vec<&str> = targets.iter().map(|t| t.target.name.as_str()).collect();
    let saved: Vec<&str> = doc.targets.iter().map(|t| t.name.as_str()).collect();
    if names != saved {
        anyhow::bail!(
            "{file} covers targets {} but this run covers {} (give apply the same --target/--shard as plan)",
            saved.join(", "),
            names.join(", ")
        );
    }
    if let Some(t) = doc.targets.iter().find(|t| t.result.is_none()) {
        anyhow::bail!(
            "{file} has no plan for target {} (it failed when planned); plan again",
            t.name
        );
    }
    for (_, p) in doc.results() {
        saved::check_digest(p, digest, file)?;
    }
    Ok(())
}

/// Each target's fresh plan must be the saved one.
fn verify_saved(
    saved: &Fleet<ChangeSet>,
    fresh: &Fleet<ChangeSet>,
    ready: &[Option<Ready>],
    file: &str,
) -> anyhow::Result<()> {
    for (i, t) in fresh.targets.iter().enumerate() {
        let (Some(r), Some(s)) = (&ready[i], &saved.targets[i].result) else {
            anyhow::bail!(
                "target {}: {}",
                t.name,
                t.error.as_deref().unwrap_or("not planned")
            );
        };
        saved::verify(s, &r.plan, &r.live, r.session.aws.region(), file)
            .map_err(|e| anyhow::anyhow!("target {}: {e}", t.name))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(n: usize, deps: Vec<Vec<usize>>) -> Board {
        Board {
            names: (0..n).map(|i| format!("t{i}/eu-west-1")).collect(),
            state: (0..n)
                .map(|_| watch::Sender::new(Reached::default()))
                .collect(),
            deps,
        }
    }

    fn gate(board: &Board, me: usize) -> TargetGate<'_> {
        TargetGate {
            me,
            deps: board.deps[me].clone(),
            board,
        }
    }

    #[tokio::test]
    async fn a_rule_copying_into_another_target_waits_for_its_vault_phase() {
        let b = board(2, vec![vec![1], vec![]]);
        let (source, dest) = (gate(&b, 0), gate(&b, 1));
        let log = std::sync::Mutex::new(Vec::new());
        let run_source = async {
            source.enter(2).await.unwrap();
            log.lock().unwrap().push("source plans");
            source.left(2, true);
            source.finished();
        };
        let run_dest = async {
            dest.enter(1).await.unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            log.lock().unwrap().push("dest vaults");
            dest.left(1, true);
            dest.finished();
        };
        tokio::join!(run_source, run_dest);
        assert_eq!(*log.lock().unwrap(), ["dest vaults", "source plans"]);
    }

    #[tokio::test]
    async fn a_failed_destination_holds_back_the_later_phases_of_its_sources() {
        let b = board(2, vec![vec![1], vec![]]);
        let (source, dest) = (gate(&b, 0), gate(&b, 1));
        dest.enter(1).await.unwrap();
        dest.left(1, false);
        dest.finished();
        // Phases up to the failed one are not held (nothing of them is
        // needed from the destination)...
        assert!(source.enter(1).await.is_ok());
        // ...the later ones are.
        let why = source.enter(2).await.unwrap_err();
        assert!(why.contains("target t1/eu-west-1"), "{why}");
        // A target that could not be planned holds back everything after
        // the first phase.
        let b = board(2, vec![vec![1], vec![]]);
        b.finish_failed(1);
        assert!(gate(&b, 0).enter(1).await.is_err());
    }

    #[tokio::test]
    async fn targets_copying_into_each_other_do_not_deadlock() {
        let b = board(2, vec![vec![1], vec![0]]);
        let (a, c) = (gate(&b, 0), gate(&b, 1));
        async fn go(g: &TargetGate<'_>) {
            for p in [1u8, 2, 3] {
                g.enter(p).await.unwrap();
                g.left(p, true);
            }
            g.finished();
        }
        tokio::time::timeout(std::time::Duration::from_secs(5), async {
            tokio::join!(go(&a), go(&c));
        })
        .await
        .expect("no deadlock");
    }
}
