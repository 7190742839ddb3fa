//! The executor's own wall: whatever a plan file says, apply never mutates
//! a resource that is neither owned by the stack (tagged with it, in the
//! live state the plan was checked against) nor created or explicitly
//! adopted by this run. `apply PLANFILE` already refuses a plan that differs
//! from the current diff; this second, independent check holds even if
//! that one had a bug, and it checks identities too: a change must name
//! the ARN, plan id and selection id that the live resource of its address
//! has, so an edited id cannot redirect a call to someone else's resource.

use std::collections::BTreeSet;

use crate::changeset::{Action, Address, Change, ChangeSet};
use crate::model::{is_managed, Live, Tags, STACK_TAG};

/// What this run may touch.
pub struct Ownership<'a> {
    live: &'a Live,
    stack: &'a str,
    /// `--adopt` was given (or the verified saved plan was made with it).
    adopt: bool,
    /// Addresses this run creates.
    created: BTreeSet<&'a Address>,
    /// Addresses this run adopts.
    adopted: BTreeSet<&'a Address>,
    /// Why this run cancels legal holds (`apply --reason`).
    cancel_reason: Option<String>,
}

impl<'a> Ownership<'a> {
    pub fn new(live: &'a Live, stack: &'a str, adopt: bool, plan: &'a ChangeSet) -> Ownership<'a> {
        let mut o = Ownership {
            live,
            stack,
            adopt,
            created: BTreeSet::new(),
            adopted: BTreeSet::new(),
            cancel_reason: None,
        };
        for c in &plan.changes {
            match c.action {
                Action::Create => {
                    o.created.insert(&c.address);
                }
                Action::Update if c.adopt => {
                    o.adopted.insert(&c.address);
                }
                _ => {}
            }
        }
        o
    }

    /// This run cancels legal holds for `reason` (`apply --reason`).
    pub fn with_cancel_reason(mut self, reason: Option<String>) -> Ownership<'a> {
        self.cancel_reason = reason;
        self
    }

    /// Why this run cancels legal holds, if it was told.
    pub(crate) fn cancel_reason(&self) -> Option<&str> {
        self.cancel_reason.as_deref()
    }

    /// The live state the plan was checked against.
    pub(crate) fn live(&self) -> &'a Live {
        self.live
    }

    /// May this resource (with `tags`) be changed by this run?
    pub(crate) fn owned(&self, tags: &Tags, adopting: bool) -> bool {
        is_managed(tags, self.stack) || (adopting && self.adopt && !tags.contains_key(STACK_TAG))
    }

    /// Does this run create the resource at `address`?
    pub(crate) fn creates(&self, address: &Address) -> bool {
        self.created.contains(address)
    }

    /// Does this run adopt the resource at `address`?
    pub(crate) fn adopts(&self, address: &Address) -> bool {
        self.adopted.contains(address)
    }

    /// `Ok` when the plan id `c` names is a live plan named `name` that
    /// this run owns (or adopts); used by the plan's and the selection's
    /// rules.
    pub(crate) fn owned_plan(&self, c: &Change, name: &str) -> Result<(), String> {
        let id = c.live.as_ref().and_then(|l| l.plan_id.as_deref());
        let p = id
            .and_then(|id| self.live.plan_with_id(id))
            .ok_or("its plan id is not a live plan of this stack")?;
        if p.plan.name != name {
            return Err(format!("its plan id belongs to plan \"{}\"", p.plan.name));
        }
        let adopted = self.adopts(&Address::BackupPlan {
            name: name.to_string(),
        });
        if !self.owned(&p.plan.tags, adopted) {
            return Err("the plan is not managed by this stack".into());
        }
        Ok(())
    }

    /// `Err(reason)` when this run must not carry out `c`: its kind's
    /// ownership rule (`resources::<kind>::guard`).
    pub fn check(&self, c: &Change) -> Result<(), String> {
        (c.address.kind().info().ops.owns)(self, c)
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
    use crate::model::{BackupPlan as Doc, LivePlan, LiveVault, Vault};

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
