//! The plan part of the diff: create, update (document and tags), delete
//! with their selections first (the selections' own diff is
//! `resources::selection::diff`). Plan names are not unique in AWS: a name
//! held by several plans of this stack (two applies raced) has the copy
//! observe keeps (the oldest) diffed, the others deleted with their
//! selections (`duplicate`: a copy stays, nothing stops).

use crate::changeset::{Action, Address, Change, Content, LiveIds};
use crate::diff::{fields, Differ};
use crate::model::{is_managed, Desired, Live, LivePlan};
use crate::resources::selection::diff::shared_note;

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
}

pub(crate) fn plan_ids(p: &LivePlan) -> LiveIds {
    LiveIds {
        arn: Some(p.arn.clone()),
        plan_id: Some(p.id.clone()),
        version_id: Some(p.version_id.clone()),
        ..Default::default()
    }
}
