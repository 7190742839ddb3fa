//! The backup plan's ownership rule for the executor ([`Ownership`]): a
//! create needs a free name; anything else needs the plan id of a live
//! plan of that name that the stack owns (or this run adopts).

use crate::changeset::{Action, Address, Change};
use crate::resources::guard::Ownership;

pub(crate) fn check(o: &Ownership<'_>, c: &Change) -> Result<(), String> {
    let Address::BackupPlan { name } = &c.address else {
        return Err("not a backup plan".into());
    };
    if c.action == Action::Create {
        let live = o.live();
        let taken = live.plans.contains_key(name)
            || live.unmanaged_plans.contains(name)
            || live.other_stack_plans.contains_key(name)
            || live.duplicate_plan_names.contains(name);
        return if taken {
            Err("a backup plan of that name already exists".into())
        } else {
            Ok(())
        };
    }
    o.owned_plan(c, name)
}
