//! The restore testing plan's ownership rule for the executor
//! ([`Ownership`]): a create needs a free name; anything else needs the
//! live plan, its ARN, and the stack's tag (or this run's adoption).

use crate::changeset::{Action, Address, Change};
use crate::resources::guard::Ownership;

pub(crate) fn check(o: &Ownership<'_>, c: &Change) -> Result<(), String> {
    let Address::RestoreTestingPlan { name } = &c.address else {
        return Err("not a restore testing plan".into());
    };
    let live = o.live();
    if c.action == Action::Create {
        let taken = live.restore_testing_plans.contains_key(name)
            || live.unmanaged_restore_testing_plans.contains(name)
            || live.other_stack_restore_testing_plans.contains_key(name);
        return if taken {
            Err("a restore testing plan of that name already exists".into())
        } else {
            Ok(())
        };
    }
    let p = live
        .restore_testing_plans
        .get(name)
        .ok_or("no such restore testing plan was read from the account")?;
    if c.live.as_ref().and_then(|l| l.arn.as_deref()) != Some(p.arn.as_str()) {
        return Err("its ARN is not the live plan's".into());
    }
    if o.owned(&p.plan.tags, c.adopt) {
        Ok(())
    } else {
        Err("the restore testing plan is not managed by this stack".into())
    }
}
