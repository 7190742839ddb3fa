//! The selection part of the diff, called by the plan's
//! (`resources::backup_plan::diff`) for each plan it creates, keeps or
//! deletes. Selections cannot be updated (any change replaces them). A
//! selection name held twice in a managed plan: a copy equal to the config
//! is kept (else the first is replaced), the others are deleted; their
//! addresses carry the selection id.

use crate::changeset::{Action, Address, Change, Content};
use crate::diff::{fields, Differ};
use crate::model::{self, LivePlan, Selection};
use crate::resources::backup_plan::plan_ids;

impl Differ<'_> {
    fn selection_identity(plan: &str, name: &str) -> String {
        format!("plan/{plan}/selection/{name}")
    }

    /// A selection to create; `have` is its plan when that already exists
    /// (apply needs the plan id; a new plan's id is known only once created).
    pub(crate) fn selection_create(
        &mut self,
        plan: &str,
        name: &str,
        sel: &model::Selection,
        have: Option<&LivePlan>,
    ) {
        let content = (name, sel);
        self.changes.push(Change {
            fields: fields::diff(None, Some(sel)),
            creator_request_id: self.crid(&Self::selection_identity(plan, name), &content),
            desired: Some(Content::Selection(sel.clone())),
            live: have.map(plan_ids),
            ..Change::new(Action::Create, selection_address(plan, name, None))
        });
    }

    /// Delete one selection; `tag` is the id shown in the address when the
    /// name is shared; `duplicate` says why a duplicate goes.
    pub(crate) fn selection_delete(
        &mut self,
        have: &LivePlan,
        name: &str,
        id: Option<String>,
        sel: &Selection,
        tag: Option<String>,
        duplicate: Option<String>,
    ) {
        let mut ids = plan_ids(have);
        ids.selection_id = id;
        self.changes.push(Change {
            fields: fields::diff(Some(sel), None),
            duplicate: duplicate.is_some(),
            note: duplicate,
            live: Some(ids),
            ..Change::new(
                Action::Delete,
                selection_address(&have.plan.name, name, tag),
            )
        });
    }

    pub(crate) fn selections(&mut self, plan: &str, want: &model::BackupPlan, have: &LivePlan) {
        // Every live copy of each name: (id, selection), lowest id first.
        let mut copies: std::collections::BTreeMap<&str, Vec<(Option<&String>, &Selection)>> =
            Default::default();
        for (name, sel) in &have.plan.selections {
            copies
                .entry(name)
                .or_default()
                .push((have.selection_ids.get(name), sel));
        }
        for d in &have.duplicate_selections {
            copies
                .entry(&d.name)
                .or_default()
                .push((Some(&d.id), &d.selection));
        }
        for (name, sel) in &want.selections {
            let Some(live) = copies.get(name.as_str()) else {
                self.selection_create(plan, name, sel, Some(have));
                continue;
            };
            let shared = live.len() > 1;
            let keep = live.iter().position(|(_, s)| *s == sel);
            for (i, (id, old)) in live.iter().enumerate() {
                let tag = shared.then(|| id.cloned()).flatten();
                if Some(i) == keep {
                    continue;
                }
                if keep.is_none() && i == 0 {
                    self.selection_replace(plan, name, sel, have, id.cloned(), old, tag);
                } else {
                    let why = Some(shared_note(have, name));
                    self.selection_delete(have, name, id.cloned(), old, tag, why);
                }
            }
        }
        for (name, live) in &copies {
            if want.selections.contains_key(*name) {
                continue;
            }
            let shared = live.len() > 1;
            for (id, old) in live {
                let tag = shared.then(|| id.cloned()).flatten();
                let why = shared.then(|| shared_note(have, name));
                self.selection_delete(have, name, id.cloned(), old, tag, why);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn selection_replace(
        &mut self,
        plan: &str,
        name: &str,
        sel: &Selection,
        have: &LivePlan,
        id: Option<String>,
        old: &Selection,
        tag: Option<String>,
    ) {
        let mut ids = plan_ids(have);
        ids.selection_id = id;
        let content = (name, sel);
        self.changes.push(Change {
            fields: fields::diff(Some(old), Some(sel)),
            replace_reason: Some(
                "backup selections cannot be updated; any change replaces them".to_string(),
            ),
            creator_request_id: self.crid(&Self::selection_identity(plan, name), &content),
            desired: Some(Content::Selection(sel.clone())),
            live: Some(ids),
            ..Change::new(Action::Replace, selection_address(plan, name, tag))
        });
    }
}

pub(crate) fn shared_note(have: &LivePlan, name: &str) -> String {
    format!(
        "plan \"{}\" holds more than one selection named \"{name}\"",
        have.plan.name
    )
}

fn selection_address(plan: &str, name: &str, id: Option<String>) -> Address {
    Address::Selection {
        plan: plan.to_string(),
        name: name.to_string(),
        id,
    }
}
