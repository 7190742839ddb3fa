//! Observe, plans: ListBackupPlans (1 per page), ListTags 1 per plan, and
//! for a plan read in full GetBackupPlan + its selections
//! (`resources::selection::observe`: ListBackupSelections 1 per page +
//! GetBackupSelection per selection). So 1 call per unmanaged plan,
//! 3 + selections per managed plan.
//!
//! Plan names are not unique in AWS. A name held by several plans is read
//! in full only when every holder is this stack's and was created by
//! backupctl (a `bctl-` CreatorRequestId: two applies racing on different
//! config versions): the oldest (ties by id) is kept in `Live::plans`, the
//! others go to `Live::duplicate_plans` for the diff to remove — every run
//! picks the same survivor. Any other shared name is never guessed at
//! (`duplicate_plan_names`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use futures_util::future::try_join_all;

use super::convert::plan_from;
use crate::aws::error::from_sdk;
use crate::aws::{Aws, AwsError};
use crate::model::{is_managed, LivePlan, Tags};
use crate::resources::observe::{classify, ObserveScope, Seen};
use crate::resources::Kind;

/// A plan as ListBackupPlans reports it.
pub(crate) struct PlanSummary {
    pub(crate) name: String,
    pub(crate) id: String,
    pub(crate) arn: String,
    pub(crate) creator_request_id: Option<String>,
    /// Seconds since the epoch (0 when AWS gave none).
    pub(crate) created: f64,
}

/// What observing plans found.
pub(crate) struct PlansSeen {
    pub(crate) seen: Vec<Seen<LivePlan>>,
    pub(crate) duplicate_names: BTreeSet<String>,
    pub(crate) duplicate_plans: Vec<LivePlan>,
    pub(crate) first_arn: Option<String>,
}

/// CreatorRequestIds backupctl sends start with this (`plan::ids`).
const OUR_CRID_PREFIX: &str = "bctl-";

impl Aws {
    pub(crate) async fn list_plans(&self) -> Result<Vec<PlanSummary>, AwsError> {
        let pages = self
            .client
            .list_backup_plans()
            .max_results(1000)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        for page in self.all_pages("ListBackupPlans", pages).await? {
            for p in page.backup_plans_list.unwrap_or_default() {
                if p.deletion_date.is_some() {
                    continue;
                }
                let (Some(name), Some(id), Some(arn)) =
                    (p.backup_plan_name, p.backup_plan_id, p.backup_plan_arn)
                else {
                    continue;
                };
                out.push(PlanSummary {
                    name,
                    id,
                    arn,
                    creator_request_id: p.creator_request_id,
                    created: p.creation_date.map(|d| d.as_secs_f64()).unwrap_or(0.0),
                });
            }
        }
        Ok(out)
    }

    pub(crate) async fn observe_plans(&self, scope: &ObserveScope) -> Result<PlansSeen, AwsError> {
        let listed = self.list_plans().await?;
        let first_arn = listed.first().map(|p| p.arn.clone());
        let mut count: HashMap<&str, usize> = HashMap::new();
        for p in &listed {
            *count.entry(p.name.as_str()).or_default() += 1;
        }
        let count = &count;
        let wanted = |p: &PlanSummary, t: &Tags| scope.reads_in_full(Kind::BackupPlan, &p.name, t);
        // Tags, and a unique name's plan read in full right away (pipelined).
        let first = try_join_all(listed.iter().map(|p| async move {
            let t = self.list_tags(&p.arn).await?;
            let lp = if count[p.name.as_str()] == 1 && wanted(p, &t) {
                Some(self.read_plan(p, t.clone()).await?)
            } else {
                None
            };
            Ok::<_, AwsError>((t, lp))
        }))
        .await?;
        let (tags, mut full): (Vec<Tags>, Vec<Option<LivePlan>>) = first.into_iter().unzip();
        // Names shared only by this stack's own creations can be converged.
        let mut ours_only: HashMap<&str, bool> = HashMap::new();
        for (p, t) in listed.iter().zip(&tags) {
            let ours = is_managed(t, &scope.stack)
                && p.creator_request_id
                    .as_deref()
                    .is_some_and(|c| c.starts_with(OUR_CRID_PREFIX));
            *ours_only.entry(p.name.as_str()).or_insert(true) &= ours;
        }
        let copies_read = try_join_all(
            listed
                .iter()
                .zip(&tags)
                .enumerate()
                .filter(|(_, (p, _))| count[p.name.as_str()] > 1 && ours_only[p.name.as_str()])
                .map(|(i, (p, t))| async move {
                    Ok::<_, AwsError>((i, self.read_plan(p, t.clone()).await?))
                }),
        )
        .await?;
        for (i, lp) in copies_read {
            full[i] = Some(lp);
        }
        let wanted_dup: BTreeSet<&str> = listed
            .iter()
            .zip(&tags)
            .filter(|(p, t)| count[p.name.as_str()] > 1 && wanted(p, t))
            .map(|(p, _)| p.name.as_str())
            .collect();
        let mut out = PlansSeen {
            seen: Vec::new(),
            duplicate_names: BTreeSet::new(),
            duplicate_plans: Vec::new(),
            first_arn,
        };
        let mut copies: BTreeMap<String, Vec<(f64, String, LivePlan)>> = BTreeMap::new();
        for ((p, t), lp) in listed.iter().zip(&tags).zip(full) {
            match (count[p.name.as_str()], lp) {
                (1, Some(lp)) => out.seen.push(Seen::Full(lp)),
                (1, None) => out.seen.push(classify(p.name.clone(), t)),
                (_, Some(lp)) => {
                    copies
                        .entry(p.name.clone())
                        .or_default()
                        .push((p.created, p.id.clone(), lp));
                }
                (_, None) if wanted_dup.contains(p.name.as_str()) => {
                    out.duplicate_names.insert(p.name.clone());
                }
                (_, None) => out.seen.push(classify(p.name.clone(), t)),
            }
        }
        for (_, mut v) in copies {
            v.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
            let mut it = v.into_iter().map(|(_, _, lp)| lp);
            if let Some(keep) = it.next() {
                out.seen.push(Seen::Full(keep));
            }
            out.duplicate_plans.extend(it);
        }
        Ok(out)
    }

    /// GetBackupPlan and the plan's selections, by id (lowest id first, so
    /// the selection kept under a shared name is always the same one).
    pub(crate) async fn read_plan(
        &self,
        p: &PlanSummary,
        tags: Tags,
    ) -> Result<LivePlan, AwsError> {
        let ((version_id, mut plan), listed) =
            tokio::try_join!(self.get_plan(&p.id), self.list_selections(&p.id))?;
        plan.tags = tags;
        let read = self.read_selections(&p.id, listed).await?;
        plan.selections.extend(read.selections);
        Ok(LivePlan {
            id: p.id.clone(),
            arn: p.arn.clone(),
            version_id,
            plan,
            selection_ids: read.ids,
            duplicate_selections: read.duplicates,
        })
    }
}

impl Aws {
    /// GetBackupPlan (the one place that sends it).
    pub(crate) async fn get_plan_output(
        &self,
        id: &str,
    ) -> Result<aws_sdk_backup::operation::get_backup_plan::GetBackupPlanOutput, AwsError> {
        let _p = self.permit("GetBackupPlan").await;
        self.client
            .get_backup_plan()
            .backup_plan_id(id)
            .send()
            .await
            .map_err(|e| from_sdk("GetBackupPlan", e))
    }

    pub(crate) async fn get_plan(
        &self,
        id: &str,
    ) -> Result<(String, crate::model::BackupPlan), AwsError> {
        let out = self.get_plan_output(id).await?;
        let plan = out.backup_plan.map(plan_from).ok_or(AwsError::Other {
            operation: "GetBackupPlan",
            detail: format!("plan {id} came back without a document"),
        })?;
        Ok((out.version_id.unwrap_or_default(), plan))
    }

    /// A plan's current version id and whether it is deleted.
    pub(crate) async fn plan_version(&self, id: &str) -> Result<(String, bool), AwsError> {
        let out = self.get_plan_output(id).await?;
        Ok((
            out.version_id.unwrap_or_default(),
            out.deletion_date.is_some(),
        ))
    }
}
