//! The executor: runs a plan's changes in the plan's dependency order —
//! one phase at a time (settings, vaults, plans, selections, then the
//! deletes in reverse), the changes of a phase concurrently (bounded) —
//! and records what happened to each. After a phase with a failure no
//! later phase starts (later phases may depend on it); every change is
//! reported as done, failed or not attempted, and since each call is
//! idempotent (CreatorRequestIds, whole-document Puts) a re-run of `plan`
//! and `apply` picks up exactly what is left.
//!
//! Calls per change: a vault create is CreateBackupVault (name, key, tags)
//! plus one Put per declared policy, notifications and lock; an update
//! touches only the aspects whose fields differ (Tag/Untag with the
//! difference, Put or Delete for policy, notifications and lock); a plan
//! update is UpdateBackupPlan when the document differs plus Tag/Untag; a
//! selection replace is DeleteBackupSelection then CreateBackupSelection.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};

use super::guard::Ownership;
use crate::aws::{Aws, AwsError};
use crate::changeset::{Action, Address, Change, ChangeSet, Content, FieldChange};
use crate::diff::phase;
use crate::model::Tags;

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

struct Ctx<'a> {
    aws: &'a Aws,
    /// Plan name -> plan id: from the plan's live ids and from plans
    /// created during this run (their selections need the id).
    plan_ids: Mutex<HashMap<String, String>>,
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
    let refused = owned.refusals(plan);
    if !refused.is_empty() {
        let mut results: Vec<OpResult> = plan.changes.iter().map(not_attempted).collect();
        for (i, why) in refused {
            results[i].status = Status::Failed(why);
        }
        return Outcome { results };
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
    let ctx = Ctx {
        aws,
        plan_ids: Mutex::new(ids),
    };
    let changes = &plan.changes;
    let mut results: Vec<Option<OpResult>> = vec![None; changes.len()];
    let mut failed = false;
    let mut start = 0;
    while start < changes.len() {
        let p = phase(&changes[start]);
        let end = (start..changes.len())
            .find(|&i| phase(&changes[i]) != p)
            .unwrap_or(changes.len());
        if failed {
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
            for (i, r) in done {
                failed |= r.status != Status::Done;
                results[i] = Some(r);
            }
        }
        start = end;
    }
    Outcome {
        results: results
            .into_iter()
            .map(|r| r.expect("every change ran"))
            .collect(),
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

/// A change the plan file cannot carry out (hand-edited or corrupt).
fn malformed(c: &Change, what: &str) -> AwsError {
    AwsError::Other {
        operation: "apply",
        detail: format!("{} {}: the plan lacks {what}", c.action.verb(), c.address),
    }
}

/// Carry out one change. Ok(detail to show).
async fn run(ctx: &Ctx<'_>, c: &Change) -> Result<Option<String>, AwsError> {
    let aws = ctx.aws;
    let live_arn = || c.live.as_ref().and_then(|l| l.arn.clone());
    let live_plan_id = || c.live.as_ref().and_then(|l| l.plan_id.clone());
    let crid = || {
        c.creator_request_id
            .clone()
            .ok_or_else(|| malformed(c, "a CreatorRequestId"))
    };
    match (&c.address, c.action, &c.desired) {
        (Address::Settings, _, Some(Content::Settings(s))) => {
            aws.update_global_settings(&s.global).await?;
            aws.update_region_settings(&s.resource_type_opt_in, &s.resource_type_management)
                .await?;
            Ok(None)
        }
        (Address::Vault { name }, Action::Delete, _) => {
            aws.delete_vault(name).await?;
            Ok(None)
        }
        (Address::Vault { name }, Action::Replace, Some(Content::Vault(want))) => {
            aws.delete_vault(name).await?;
            let arn = aws.create_vault(want, &crid()?).await?;
            vault_documents(aws, want, None).await?;
            Ok(Some(arn))
        }
        (Address::Vault { .. }, Action::Create, Some(Content::Vault(want))) => {
            let arn = aws.create_vault(want, &crid()?).await?;
            vault_documents(aws, want, None).await?;
            Ok(Some(arn))
        }
        (Address::Vault { .. }, Action::Update, Some(Content::Vault(want))) => {
            let arn = live_arn().ok_or_else(|| malformed(c, "the vault ARN"))?;
            retag(aws, &arn, &c.fields).await?;
            vault_documents(aws, want, Some(&c.fields)).await?;
            Ok(None)
        }
        (Address::BackupPlan { .. }, Action::Delete, _) => {
            let id = live_plan_id().ok_or_else(|| malformed(c, "the plan id"))?;
            aws.delete_plan(&id).await?;
            Ok(None)
        }
        (Address::BackupPlan { name }, Action::Create, Some(Content::BackupPlan(doc))) => {
            let (id, _arn, _version) = aws.create_plan(doc, &doc.tags, &crid()?).await?;
            ctx.plan_ids
                .lock()
                .expect("not poisoned")
                .insert(name.clone(), id.clone());
            Ok(Some(id))
        }
        (Address::BackupPlan { .. }, Action::Update, Some(Content::BackupPlan(doc))) => {
            let id = live_plan_id().ok_or_else(|| malformed(c, "the plan id"))?;
            let arn = live_arn().ok_or_else(|| malformed(c, "the plan ARN"))?;
            if c.fields.iter().any(|f| !is_tag(&f.path)) {
                aws.update_plan(&id, doc).await?;
            }
            retag(aws, &arn, &c.fields).await?;
            Ok(None)
        }
        (Address::Selection { plan, .. }, Action::Delete, _) => {
            let (plan_id, sid) = selection_ids(c)?;
            let _ = plan;
            aws.delete_selection(&plan_id, &sid).await?;
            Ok(None)
        }
        (Address::Selection { plan, name, .. }, action, Some(Content::Selection(sel))) => {
            let plan_id = match ctx.plan_ids.lock().expect("not poisoned").get(plan) {
                Some(id) => id.clone(),
                None => return Err(malformed(c, "the id of its plan")),
            };
            if action == Action::Replace {
                let (_, sid) = selection_ids(c)?;
                aws.delete_selection(&plan_id, &sid).await?;
            }
            let sid = aws.create_selection(&plan_id, name, sel, &crid()?).await?;
            Ok(Some(sid))
        }
        _ => Err(malformed(c, "the desired content for this action")),
    }
}

fn selection_ids(c: &Change) -> Result<(String, String), AwsError> {
    let live = c.live.as_ref().ok_or_else(|| malformed(c, "live ids"))?;
    match (&live.plan_id, &live.selection_id) {
        (Some(p), Some(s)) => Ok((p.clone(), s.clone())),
        _ => Err(malformed(c, "the plan and selection ids")),
    }
}

fn is_tag(path: &str) -> bool {
    path.starts_with("tags.")
}

/// Tag/Untag with exactly the tag differences among `fields`.
async fn retag(aws: &Aws, arn: &str, fields: &[FieldChange]) -> Result<(), AwsError> {
    let mut set = Tags::new();
    let mut unset = Vec::new();
    for f in fields {
        let Some(key) = f.path.strip_prefix("tags.") else {
            continue;
        };
        match &f.after {
            Some(serde_json::Value::String(v)) => {
                set.insert(key.to_string(), v.clone());
            }
            Some(other) => {
                set.insert(key.to_string(), other.to_string());
            }
            None => unset.push(key.to_string()),
        }
    }
    aws.tag(arn, &set).await?;
    aws.untag(arn, &unset).await
}

/// Put or delete a vault's policy, notifications and lock. On create
/// (`fields` = None) only the declared ones are put; on update only those
/// whose fields differ are touched.
async fn vault_documents(
    aws: &Aws,
    want: &crate::model::Vault,
    fields: Option<&[FieldChange]>,
) -> Result<(), AwsError> {
    let touched = |prefix: &str| match fields {
        None => true,
        Some(fs) => fs.iter().any(|f| {
            f.path == prefix
                || f.path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('.'))
        }),
    };
    let creating = fields.is_none();
    let name = &want.name;
    if touched("access_policy") {
        match &want.access_policy {
            Some(p) => aws.put_access_policy(name, p).await?,
            None if !creating => aws.delete_access_policy(name).await?,
            None => {}
        }
    }
    if touched("notifications") {
        match &want.notifications {
            Some(n) => aws.put_notifications(name, n).await?,
            None if !creating => aws.delete_notifications(name).await?,
            None => {}
        }
    }
    if touched("lock") {
        match &want.lock {
            Some(l) => aws.put_lock(name, l).await?,
            None if !creating => aws.delete_lock(name).await?,
            None => {}
        }
    }
    Ok(())
}
