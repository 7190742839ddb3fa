//! The selection part of the diff: one create, delete or replace, called
//! by the plan's (`resources::backup_plan::diff`, which matches a plan's
//! live selections with its desired ones) with the plan's name and live
//! ids. Selections cannot be updated (any change replaces them); a
//! selection name held twice has its copies' addresses carry the selection
//! id.

use crate::changeset::{Action, Address, Change, Content, LiveIds};
use crate::model::Selection;
use crate::resources::differ::Differ;
use crate::resources::fields;

impl Differ<'_> {
    fn selection_identity(plan: &str, name: &str) -> String {
        format!("plan/{plan}/selection/{name}")
    }

    /// A selection to create; `live` has its plan's ids when that plan
    /// already exists (apply needs the plan id; a new plan's id is known
    /// only once created).
    pub(crate) fn selection_create(
        &mut self,
        plan: &str,
        name: &str,
        sel: &Selection,
        live: Option<LiveIds>,
    ) {
        let content = (name, sel);
        self.changes.push(Change {
            fields: fields::diff(None, Some(sel)),
            creator_request_id: self.crid(&Self::selection_identity(plan, name), &content),
            desired: Some(Content::Selection(sel.clone())),
            live,
            ..Change::new(Action::Create, selection_address(plan, name, None))
        });
    }

    /// Delete one selection of plan `plan` (whose live ids are `ids`); `tag`
    /// is the id shown in the address when the name is shared; `duplicate`
    /// says why a duplicate goes.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn selection_delete(
        &mut self,
        plan: &str,
        mut ids: LiveIds,
        name: &str,
        id: Option<String>,
        sel: &Selection,
        tag: Option<String>,
        duplicate: Option<String>,
    ) {
        ids.selection_id = id;
        self.changes.push(Change {
            fields: fields::diff(Some(sel), None),
            duplicate: duplicate.is_some(),
            note: duplicate,
            live: Some(ids),
            ..Change::new(Action::Delete, selection_address(plan, name, tag))
        });
    }

    /// Replace one selection of plan `plan` (whose live ids are `ids`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn selection_replace(
        &mut self,
        plan: &str,
        name: &str,
        sel: &Selection,
        mut ids: LiveIds,
        id: Option<String>,
        old: &Selection,
        tag: Option<String>,
    ) {
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

fn selection_address(plan: &str, name: &str, id: Option<String>) -> Address {
    Address::Selection {
        plan: plan.to_string(),
        name: name.to_string(),
        id,
    }
}
