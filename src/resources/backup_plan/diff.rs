//! The plan part of the diff: create, update (document and tags), delete
//! with their selections first, and the matching of a plan's live and
//! desired selections (one selection's change is
//! `resources::selection::diff`). Plan names are not unique in AWS: a name
//! held by several plans of this stack (two applies raced) has the copy
//! observe keeps (the oldest) diffed, the others deleted with their
//! selections (`duplicate`: a copy stays, nothing stops).

use crate::changeset::{Action, Address, Change, Content, LiveIds};
use crate::model::{is_managed, BackupPlan, Desired, Live, LivePlan, Selection};
use crate::resources::differ::Differ;
use crate::resources::fields;

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

    /// Match a kept plan's live selections (every copy of each name) with
    /// its desired ones. A selection name held twice in a managed plan: a
    /// copy equal to the config is kept (else the first is replaced), the
    /// others are deleted.
    pub(crate) fn selections(&mut self, plan: &str, want: &BackupPlan, have: &LivePlan) {
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
                self.selection_create(plan, name, sel, Some(plan_ids(have)));
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
                    let ids = plan_ids(have);
                    self.selection_replace(plan, name, sel, ids, id.cloned(), old, tag);
                } else {
                    let why = Some(shared_note(have, name));
                    self.selection_delete(
                        &have.plan.name,
                        plan_ids(have),
                        name,
                        id.cloned(),
                        old,
                        tag,
                        why,
                    );
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
                self.selection_delete(
                    &have.plan.name,
                    plan_ids(have),
                    name,
                    id.cloned(),
                    old,
                    tag,
                    why,
                );
            }
        }
    }

    /// Delete a plan and, first, every selection it holds.
    fn plan_delete(&mut self, have: &LivePlan, duplicate: bool, kept: Option<&str>) {
        let name = &have.plan.name;
        let why = duplicate.then(|| format!("its plan is a second copy of \"{name}\""));
        for (sname, sel) in &have.plan.selections {
            let id = have.selection_ids.get(sname).cloned();
            let tag = if duplicate { id.clone() } else { None };
            self.selection_delete(name, plan_ids(have), sname, id, sel, tag, why.clone());
        }
        for d in &have.duplicate_selections {
            let id = Some(d.id.clone());
            let why = why.clone().or_else(|| Some(shared_note(have, &d.name)));
            let ids = plan_ids(have);
            self.selection_delete(name, ids, &d.name, id.clone(), &d.selection, id, why);
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

pub(crate) fn shared_note(have: &LivePlan, name: &str) -> String {
    format!(
        "plan \"{}\" holds more than one selection named \"{name}\"",
        have.plan.name
    )
}
