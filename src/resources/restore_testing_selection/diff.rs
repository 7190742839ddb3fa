//! The restore testing selection part of the diff, called by its plan's
//! (`resources::restore_testing_plan::diff`) for each selection name: a
//! create, an update in place, a replace (the protected resource type
//! cannot change) or a delete. The live ids are the plan's ARN.

use std::collections::BTreeMap;

use super::model::RestoreTestingSelection;
use crate::changeset::{Action, Address, Change, Content, LiveIds};
use crate::resources::differ::Differ;
use crate::resources::fields;

fn address(plan: &str, name: &str) -> Address {
    Address::RestoreTestingSelection {
        plan: plan.to_string(),
        name: name.to_string(),
    }
}

fn ids(plan_arn: Option<&str>) -> Option<LiveIds> {
    plan_arn.map(|a| LiveIds {
        arn: Some(a.to_string()),
        ..Default::default()
    })
}

impl Differ<'_> {
    fn rts_crid(&self, plan: &str, name: &str, sel: &RestoreTestingSelection) -> Option<String> {
        self.crid(
            &format!("restore_testing_plan/{plan}/selection/{name}"),
            &(name, sel),
        )
    }

    /// Match one plan's desired and live selections (`have` is empty for a
    /// plan this run creates, `plan_arn` its live ARN when it exists).
    pub(crate) fn restore_testing_selections(
        &mut self,
        plan: &str,
        want: &BTreeMap<String, RestoreTestingSelection>,
        have: &BTreeMap<String, RestoreTestingSelection>,
        plan_arn: Option<&str>,
    ) {
        for (name, sel) in want {
            let Some(old) = have.get(name) else {
                self.changes.push(Change {
                    fields: fields::diff(None, Some(sel)),
                    creator_request_id: self.rts_crid(plan, name, sel),
                    desired: Some(Content::RestoreTestingSelection(sel.clone())),
                    live: ids(plan_arn),
                    ..Change::new(Action::Create, address(plan, name))
                });
                continue;
            };
            if old == sel {
                continue;
            }
            let mut change = Change {
                fields: fields::diff(Some(old), Some(sel)),
                desired: Some(Content::RestoreTestingSelection(sel.clone())),
                live: ids(plan_arn),
                ..Change::new(Action::Update, address(plan, name))
            };
            if old.protected_resource_type != sel.protected_resource_type {
                change.action = Action::Replace;
                change.replace_reason =
                    Some("protected_resource_type cannot change after creation".to_string());
                change.creator_request_id = self.rts_crid(plan, name, sel);
            }
            self.changes.push(change);
        }
        for (name, old) in have {
            if !want.contains_key(name) {
                self.rts_delete(plan, name, old, plan_arn);
            }
        }
    }

    /// Delete one selection (its plan is removed, or it left the config).
    pub(crate) fn rts_delete(
        &mut self,
        plan: &str,
        name: &str,
        old: &RestoreTestingSelection,
        plan_arn: Option<&str>,
    ) {
        self.changes.push(Change {
            fields: fields::diff(Some(old), None),
            live: ids(plan_arn),
            ..Change::new(Action::Delete, address(plan, name))
        });
    }
}
