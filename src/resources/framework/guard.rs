//! The framework's ownership rule for the executor ([`Ownership`]): a
//! create needs a free name; anything else needs the live framework, its
//! ARN, and the stack's tag (or this run's adoption).

use crate::changeset::{Action, Address, Change};
use crate::resources::guard::Ownership;
use crate::resources::Kind;

pub(crate) fn check(o: &Ownership<'_>, c: &Change) -> Result<(), String> {
    let Address::Framework { name } = &c.address else {
        return Err("not a framework".into());
    };
    let live = o.live();
    if c.action == Action::Create {
        let outside = live.outside(Kind::Framework);
        let taken = live.frameworks.contains_key(name)
            || outside.unmanaged.is_some_and(|u| u.contains(name))
            || outside.other_stacks.is_some_and(|s| s.contains_key(name));
        return if taken {
            Err("a framework of that name already exists".into())
        } else {
            Ok(())
        };
    }
    let f = live
        .frameworks
        .get(name)
        .ok_or("no such framework was read from the account")?;
    if c.live.as_ref().and_then(|l| l.arn.as_deref()) != Some(f.arn.as_str()) {
        return Err("its ARN is not the live framework's".into());
    }
    if o.owned(&f.framework.tags, c.adopt) {
        Ok(())
    } else {
        Err("the framework is not managed by this stack".into())
    }
}
