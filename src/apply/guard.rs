//! The executor's own wall: whatever a plan file says, apply never mutates
//! a resource that is neither owned by the stack (tagged with it, in the
//! live state the plan was checked against) nor created or explicitly
//! adopted by this run. `apply PLANFILE` already refuses a plan that differs
//! from the current diff; this second, independent check holds even if
//! that one had a bug, and it checks identities too: a change must name
//! the ARN, plan id and selection id that the live resource of its address
//! has, so an edited id cannot redirect a call to someone else's resource.

use std::collections::{BTreeSet, HashMap};

use crate::changeset::{Action, Address, Change, ChangeSet};
use crate::model::{is_managed, Live, LivePlan, Tags, STACK_TAG};

/// What this run may touch.
pub struct Ownership<'a> {
    live: &'a Live,
    stack: &'a str,
    /// `--adopt` was given (or the verified saved plan was made with it).
    adopt: bool,
    /// Live plans by id (kept copies and duplicates).
    plans_by_id: HashMap<&'a str, &'a LivePlan>,
    /// Plan names this run creates.
    created_plans: BTreeSet<&'a str>,
    /// Plan names this run adopts.
    adopted_plans: BTreeSet<&'a str>,
}

impl<'a> Ownership<'a> {
    pub fn new(live: &'a Live, stack: &'a str, adopt: bool, plan: &'a ChangeSet) -> Ownership<'a> {
        let mut o = Ownership {
            live,
            stack,
            adopt,
            plans_by_id: live
                .plans
                .values()
                .chain(live.duplicate_plans.iter())
                .map(|p| (p.id.as_str(), p))
                .collect(),
            created_plans: BTreeSet::new(),
            adopted_plans: BTreeSet::new(),
        };
        for c in &plan.changes {
            if let Address::BackupPlan { name } = &c.address {
                match c.action {
                    Action::Create => {
                        o.created_plans.insert(name);
                    }
                    Action::Update if c.adopt => {
                        o.adopted_plans.insert(name);
                    }
                    _ => {}
                }
            }
        }
        o
    }

    /// May this resource (with `tags`) be changed by this run?
    fn owned(&self, tags: &Tags, adopting: bool) -> bool {
        is_managed(tags, self.stack) || (adopting && self.adopt && !tags.contains_key(STACK_TAG))
    }

    fn name_free_for_vault(&self, name: &str) -> bool {
        !self.live.vaults.contains_key(name)
            && !self.live.unmanaged_vaults.contains(name)
            && !self.live.other_stack_vaults.contains_key(name)
            && !self.live.aws_created_vaults.contains(name)
    }

    fn name_free_for_plan(&self, name: &str) -> bool {
        !self.live.plans.contains_key(name)
            && !self.live.unmanaged_plans.contains(name)
            && !self.live.other_stack_plans.contains_key(name)
            && !self.live.duplicate_plan_names.contains(name)
    }

    /// The live plan a change's plan id names, if this run owns it.
    fn owned_plan(&self, c: &Change, name: &str) -> Result<&'a LivePlan, String> {
        let id = c.live.as_ref().and_then(|l| l.plan_id.as_deref());
        let p = id
            .and_then(|id| self.plans_by_id.get(id))
            .ok_or("its plan id is not a live plan of this stack")?;
        if p.plan.name != name {
            return Err(format!("its plan id belongs to plan \"{}\"", p.plan.name));
        }
        if !self.owned(&p.plan.tags, self.adopted_plans.contains(name)) {
            return Err("the plan is not managed by this stack".into());
        }
        Ok(p)
    }

    /// `Err(reason)` when this run must not carry out `c`.
    pub fn check(&self, c: &Change) -> Result<(), String> {
        match (&c.address, c.action) {
            (Address::Settings, _) => Ok(()),
            (Address::Vault { name }, Action::Create) => {
                if self.name_free_for_vault(name) {
                    Ok(())
                } else {
                    Err("a vault of that name already exists".into())
                }
            }
            (Address::Vault { name }, _) => {
                let v = self
                    .live
                    .vaults
                    .get(name)
                    .ok_or("no such vault was read from the account")?;
                if c.live.as_ref().and_then(|l| l.arn.as_deref()) != Some(v.arn.as_str()) {
                    return Err("its ARN is not the live vault's".into());
                }
                if self.owned(&v.vault.tags, c.adopt) {
                    Ok(())
                } else {
                    Err("the vault is not managed by this stack".into())
                }
            }
            (Address::BackupPlan { name }, Action::Create) => {
                if self.name_free_for_plan(name) {
                    Ok(())
                } else {
                    Err("a backup plan of that name already exists".into())
                }
            }
            (Address::BackupPlan { name }, _) => self.owned_plan(c, name).map(|_| ()),
            (Address::Selection { plan, .. }, Action::Create)
                if self.created_plans.contains(plan.as_str()) =>
            {
                Ok(())
            }
            (Address::Selection { plan, .. }, action) => {
                let p = self.owned_plan(c, plan)?;
                if action == Action::Create {
                    return Ok(());
                }
                let sid = c.live.as_ref().and_then(|l| l.selection_id.as_deref());
                let known = p.selection_ids.values().any(|s| Some(s.as_str()) == sid)
                    || p.duplicate_selections
                        .iter()
                        .any(|d| Some(d.id.as_str()) == sid);
                if known {
                    Ok(())
                } else {
                    Err("its selection id is not a selection of that plan".into())
                }
            }
        }
    }

    /// Every change this run must not carry out, with the reason.
    pub fn refusals(&self, plan: &ChangeSet) -> Vec<(usize, String)> {
        plan.changes
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                self.check(c).err().map(|e| {
                    (
                        i,
                        format!(
                            "refused: {} {} is not this stack's to change ({e})",
                            c.action.verb(),
                            c.address
                        ),
                    )
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changeset::{Content, LiveIds};
    use crate::model::{BackupPlan as Doc, LiveVault, Vault};

    fn tagged(stack: Option<&str>) -> Tags {
        stack
            .map(|s| [(STACK_TAG.to_string(), s.to_string())].into())
            .unwrap_or_default()
    }

    fn live() -> Live {
        let mut live = Live::default();
        for (name, stack) in [("mine", Some("s")), ("loose", None), ("theirs", Some("o"))] {
            live.vaults.insert(
                name.into(),
                LiveVault {
                    arn: format!("arn:{name}"),
                    vault: Vault {
                        name: name.into(),
                        tags: tagged(stack),
                        ..Default::default()
                    },
                    number_of_recovery_points: 0,
                    locked: false,
                },
            );
        }
        live.plans.insert(
            "p".into(),
            LivePlan {
                id: "pid".into(),
                arn: "arn:p".into(),
                version_id: "v".into(),
                plan: Doc {
                    name: "p".into(),
                    tags: tagged(Some("s")),
                    ..Default::default()
                },
                selection_ids: [("s".to_string(), "sid".to_string())].into(),
                duplicate_selections: Vec::new(),
            },
        );
        live.plans.insert(
            "q".into(),
            LivePlan {
                id: "qid".into(),
                plan: Doc {
                    name: "q".into(),
                    ..Default::default()
                },
                ..live.plans["p"].clone()
            },
        );
        live.unmanaged_plans.insert("q".into());
        live
    }

    fn vault_update(name: &str, arn: &str, adopt: bool) -> Change {
        Change {
            adopt,
            desired: Some(Content::Vault(Vault::default())),
            live: Some(LiveIds {
                arn: Some(arn.into()),
                ..Default::default()
            }),
            ..Change::new(Action::Update, Address::Vault { name: name.into() })
        }
    }

    fn plan_change(action: Action, name: &str, id: &str, sid: Option<&str>) -> Change {
        let address = match sid {
            Some(_) => Address::Selection {
                plan: name.into(),
                name: "s".into(),
                id: None,
            },
            None => Address::BackupPlan { name: name.into() },
        };
        Change {
            live: Some(LiveIds {
                plan_id: Some(id.into()),
                selection_id: sid.map(str::to_string),
                ..Default::default()
            }),
            ..Change::new(action, address)
        }
    }

    fn verdicts(changes: Vec<Change>, adopt: bool) -> Vec<bool> {
        let live = live();
        let plan = ChangeSet {
            format_version: 1,
            stack: "s".into(),
            account_id: None,
            region: "r".into(),
            changes,
            unmanaged: Default::default(),
            errors: Vec::new(),
            safety: Default::default(),
            config_digest: None,
            live_fingerprint: String::new(),
        };
        let o = Ownership::new(&live, "s", adopt, &plan);
        plan.changes.iter().map(|c| o.check(c).is_ok()).collect()
    }

    #[test]
    fn the_executor_refuses_resources_the_stack_does_not_own() {
        let got = verdicts(
            vec![
                vault_update("mine", "arn:mine", false),
                // An unmanaged vault, not adopted by this run.
                vault_update("loose", "arn:loose", false),
                // Another stack's vault, even when the change says adopt.
                vault_update("theirs", "arn:theirs", true),
                // Our vault's name with someone else's ARN.
                vault_update("mine", "arn:loose", false),
                // A create over an existing name.
                Change::new(
                    Action::Create,
                    Address::Vault {
                        name: "loose".into(),
                    },
                ),
                plan_change(Action::Delete, "p", "pid", None),
                // An unmanaged plan, and our plan's name with its id.
                plan_change(Action::Delete, "q", "qid", None),
                plan_change(Action::Delete, "p", "qid", None),
                plan_change(Action::Delete, "p", "pid", Some("sid")),
                plan_change(Action::Delete, "p", "pid", Some("other-sid")),
            ],
            true,
        );
        assert_eq!(
            got,
            [true, false, false, false, false, true, false, false, true, false]
        );
    }

    #[test]
    fn adoption_is_allowed_only_when_this_run_adopts() {
        let c = || vec![vault_update("loose", "arn:loose", true)];
        assert_eq!(verdicts(c(), true), [true]);
        assert_eq!(verdicts(c(), false), [false]);
    }
}
