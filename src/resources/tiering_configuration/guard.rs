//! The tiering configuration's ownership rule for the executor
//! ([`Ownership`]): a create needs a free name; anything else needs the
//! live configuration, its ARN, and the stack's tag (or this run's
//! adoption).

use crate::changeset::{Action, Address, Change};
use crate::resources::guard::Ownership;
use crate::resources::Kind;

pub(crate) fn check(o: &Ownership<'_>, c: &Change) -> Result<(), String> {
    let Address::TieringConfiguration { name } = &c.address else {
        return Err("not a tiering configuration".into());
    };
    let live = o.live();
    if c.action == Action::Create {
        let outside = live.outside(Kind::TieringConfiguration);
        let taken = live.tiering_configurations.contains_key(name)
            || outside.unmanaged.is_some_and(|u| u.contains(name))
            || outside.other_stacks.is_some_and(|s| s.contains_key(name));
        return if taken {
            Err("a tiering configuration of that name already exists".into())
        } else {
            Ok(())
        };
    }
    let t = live
        .tiering_configurations
        .get(name)
        .ok_or("no such tiering configuration was read from the account")?;
    if c.live.as_ref().and_then(|l| l.arn.as_deref()) != Some(t.arn.as_str()) {
        return Err("its ARN is not the live tiering configuration's".into());
    }
    if o.owned(&t.config.tags, c.adopt) {
        Ok(())
    } else {
        Err("the tiering configuration is not managed by this stack".into())
    }
}
