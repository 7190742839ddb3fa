//! Observe, selections of a plan read in full: GetBackupSelection for each
//! one ListBackupSelections listed, by id. Lowest id first, so the
//! selection kept under a shared name is always the same one; a second
//! selection with a name already seen goes to
//! `LivePlan::duplicate_selections`.

use std::collections::BTreeMap;

use futures_util::future::try_join_all;

use super::aws::SelectionSummary;
use crate::aws::{Aws, AwsError};
use crate::model::{LiveSelection, Selection};

/// One plan's selections as read.
pub(crate) struct PlanSelections {
    /// By name (the first of each name).
    pub(crate) selections: BTreeMap<String, Selection>,
    /// Name -> selection id, for those in `selections`.
    pub(crate) ids: BTreeMap<String, String>,
    /// Later selections with a name already seen.
    pub(crate) duplicates: Vec<LiveSelection>,
}

impl Aws {
    /// Read each `listed` selection of plan `plan_id` in full.
    pub(crate) async fn read_selections(
        &self,
        plan_id: &str,
        mut listed: Vec<SelectionSummary>,
    ) -> Result<PlanSelections, AwsError> {
        listed.sort_by(|a, b| a.id.cmp(&b.id));
        let read = try_join_all(listed.iter().map(|s| self.get_selection(plan_id, &s.id))).await?;
        let mut out = PlanSelections {
            selections: BTreeMap::new(),
            ids: BTreeMap::new(),
            duplicates: Vec::new(),
        };
        for (s, (name, selection)) in listed.into_iter().zip(read) {
            if out.ids.contains_key(&name) {
                out.duplicates.push(LiveSelection {
                    id: s.id,
                    name,
                    selection,
                });
                continue;
            }
            out.ids.insert(name.clone(), s.id);
            out.selections.insert(name, selection);
        }
        Ok(out)
    }
}
