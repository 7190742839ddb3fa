//! The plan and selection part of the diff. Plans: create, update (document
//! and tags), delete with their selections first. Selections cannot be
//! updated (any change replaces them). Names are not unique in AWS:
//! - a plan name held by several plans of this stack (two applies raced):
//!   the copy observe keeps (the oldest) is diffed, the others are deleted
//!   with their selections (`duplicate`: a copy stays, nothing stops);
//! - a selection name held twice in a managed plan: a copy equal to the
//!   config is kept (else the first is replaced), the others are deleted;
//!   their addresses carry the selection id.

use crate::changeset::{Action, Address, Change, Content, LiveIds};
use crate::diff::{fields, Differ};
use crate::model::{self, is_managed, Desired, Live, LivePlan, Selection};

impl Differ<'_> {
    pub(crate) fn plans(&mut self, desired: &Desired, live: &Live) {
        for name in &live.duplicate_plan_names {
            self.errors.push(format!(
                "more than one backup plan is named \"{name}\" in the account; resolve it by hand (backupctl never guesses which one is meant)"
            ));
        }
        for extra in &live.duplicate_plans {
            let kept = live.plans.get(&extra.plan.name).map(|p| p.id.as_str());
            self.plan_delete(extra, true, kept);
        }
        for (name, want) in &desired.plans {
            if live.duplicate_plan_names.contains(name) {
                continue;
            }
            let mut doc = want.clone();
            doc.selections.clear();
            self.identity_tags(&mut doc.tags);
            let address = Address::BackupPlan { name: name.clone() };
            let Some(have) = live.plans.get(name) else {
                self.changes.push(Change {
                    fields: fields::diff(None, Some(&doc)),
                    creator_request_id: self.crid(&format!("plan/{name}"), &doc),
                    desired: Some(Content::BackupPlan(doc)),
                    ..Change::new(Action::Create, address)
                });
                for (sname, sel) in &want.selections {
                    self.selection_create(name, sname, sel, None);
                }
                continue;
            };
            let Some(adopt) = self.ownership("plan", name, &have.plan.tags) else {
                continue;
            };
            let mut before = have.plan.clone();
            before.selections.clear();
            let fields = fields::diff(Some(&before), Some(&doc));
            if !fields.is_empty() || adopt {
                self.changes.push(Change {
                    fields,
                    adopt,
                    desired: Some(Content::BackupPlan(doc)),
                    live: Some(plan_ids(have)),
                    ..Change::new(Action::Update, address)
                });
            }
            self.selections(name, want, have);
        }
        for (name, have) in &live.plans {
            if desired.plans.contains_key(name)
                || live.duplicate_plan_names.contains(name)
                || !is_managed(&have.plan.tags, self.stack)
            {
                continue;
            }
            self.plan_delete(have, false, None);
        }
    }

    /// Delete a plan and, first, every selection it holds.
    fn plan_delete(&mut self, have: &LivePlan, duplicate: bool, kept: Option<&str>) {
        let name = &have.plan.name;
        let why = duplicate.then(|| format!("its plan is a second copy of \"{name}\""));
        for (sname, sel) in &have.plan.selections {
            let id = have.selection_ids.get(sname).cloned();
            let tag = if duplicate { id.clone() } else { None };
            self.selection_delete(have, sname, id, sel, tag, why.clone());
        }
        for d in &have.duplicate_selections {
            let id = Some(d.id.clone());
            let why = why.clone().or_else(|| Some(shared_note(have, &d.name)));
            self.selection_delete(have, &d.name, id.clone(), &d.selection, id, why);
        }
        let mut before = have.plan.clone();
        before.selections.clear();
        let note = duplicate.then(|| {
            format!(
                "a second backup plan named \"{name}\" (id {}), left by concurrent applies of this stack; the oldest copy{} is kept",
                have.id,
                kept.map(|k| format!(" (id {k})")).unwrap_or_default()
            )
        });
        self.changes.push(Change {
            fields: fields::diff(Some(&before), None),
            duplicate,
            note,
            live: Some(plan_ids(have)),
            ..Change::new(Action::Delete, Address::BackupPlan { name: name.clone() })
        });
    }

    fn selection_identity(plan: &str, name: &str) -> String {
        format!("plan/{plan}/selection/{name}")
    }

    /// A selection to create; `have` is its plan when that already exists
    /// (apply needs the plan id; a new plan's id is known only once created).
    fn selection_create(
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
    fn selection_delete(
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

    fn selections(&mut self, plan: &str, want: &model::BackupPlan, have: &LivePlan) {
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

fn shared_note(have: &LivePlan, name: &str) -> String {
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

pub(crate) fn plan_ids(p: &LivePlan) -> LiveIds {
    LiveIds {
        arn: Some(p.arn.clone()),
        plan_id: Some(p.id.clone()),
        version_id: Some(p.version_id.clone()),
        ..Default::default()
    }
}
