//! The report plan's ownership rule for the executor ([`Ownership`]): a
//! create needs a free name; anything else needs the live report plan, its
//! ARN, and the stack's tag (or this run's adoption).

use crate::changeset::{Action, Address, Change};
use crate::resources::guard::Ownership;
use crate::resources::Kind;

pub(crate) fn check(o: &Ownership<'_>, c: &Change) -> Result<(), String> {
    let Address::ReportPlan { name } = &c.address else {
        return Err("not a report plan".into());
    };
    let live = o.live();
    if c.action == Action::Create {
        let outside = live.outside(Kind::ReportPlan);
        let taken = live.report_plans.contains_key(name)
            || outside.unmanaged.is_some_and(|u| u.contains(name))
            || outside.other_stacks.is_some_and(|s| s.contains_key(name));
        return if taken {
            Err("a report plan of that name already exists".into())
        } else {
            Ok(())
        };
    }
    let f = live
        .report_plans
        .get(name)
        .ok_or("no such report plan was read from the account")?;
    if c.live.as_ref().and_then(|l| l.arn.as_deref()) != Some(f.arn.as_str()) {
        return Err("its ARN is not the live report plan's".into());
    }
    if o.owned(&f.plan.tags, c.adopt) {
        Ok(())
    } else {
        Err("the report plan is not managed by this stack".into())
    }
}
