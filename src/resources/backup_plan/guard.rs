//! The backup plan's ownership rule for the executor ([`Ownership`]): a
//! create needs a free name; anything else needs the plan id of a live
//! plan of that name that the stack owns (or this run adopts).

use crate::changeset::{Action, Address, Change};
use crate::model::LivePlan;
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
    owned_plan(o, c, name).map(|_| ())
}

/// The live plan a change's plan id names, if this run owns it.
pub(crate) fn owned_plan<'a>(
    o: &Ownership<'a>,
    c: &Change,
    name: &str,
) -> Result<&'a LivePlan, String> {
    let live = o.live();
    let id = c.live.as_ref().and_then(|l| l.plan_id.as_deref());
    let p = id
        .and_then(|id| {
            live.plans
                .values()
                .chain(live.duplicate_plans.iter())
                .find(|p| p.id == id)
        })
        .ok_or("its plan id is not a live plan of this stack")?;
    if p.plan.name != name {
        return Err(format!("its plan id belongs to plan \"{}\"", p.plan.name));
    }
    let adopted = o.adopts(&Address::BackupPlan {
        name: name.to_string(),
    });
    if !o.owned(&p.plan.tags, adopted) {
        return Err("the plan is not managed by this stack".into());
    }
    Ok(p)
}
