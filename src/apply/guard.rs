//! The executor's own wall: whatever a plan file says, apply never mutates
//! a resource that is neither owned by the stack (tagged with it, in the
//! live state the plan was checked against) nor created or explicitly
//! adopted by this run. `apply PLANFILE` already refuses a plan that differs
//! from the current diff; this second, independent check holds even if
//! that one had a bug, and it checks identities too: a change must name
//! the ARN, plan id and selection id that the live resource of its address
//! has, so an edited id cannot redirect a call to someone else's resource.

use std::collections::{BTreeSet, HashMap};

use crate::model::{is_managed, Live, LivePlan, Tags, STACK_TAG};
use crate::plan::{Action, Address, Change, Plan};

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
    pub fn new(live: &'a Live, stack: &'a str, adopt: bool, plan: &'a Plan) -> Ownership<'a> {
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
            if let Address::Plan { name } = &c.address {
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
            (Address::Plan { name }, Action::Create) => {
                if self.name_free_for_plan(name) {
                    Ok(())
                } else {
                    Err("a backup plan of that name already exists".into())
                }
            }
            (Address::Plan { name }, _) => self.owned_plan(c, name).map(|_| ()),
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
    pub fn refusals(&self, plan: &Plan) -> Vec<(usize, String)> {
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
