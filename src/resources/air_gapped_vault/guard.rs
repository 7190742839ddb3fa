//! The air-gapped vault's ownership rule for the executor: a create needs
//! a name free among all vaults (one name space); anything else needs the
//! live air-gapped vault, its ARN, and the stack's tag (or this run's
//! adoption).

use crate::changeset::{Action, Address, Change};
use crate::resources::guard::Ownership;

pub(crate) fn check(o: &Ownership<'_>, c: &Change) -> Result<(), String> {
    let Address::AirGappedVault { name } = &c.address else {
        return Err("not an air-gapped vault".into());
    };
    let live = o.live();
    if c.action == Action::Create {
        let taken = live.vaults.contains_key(name)
            || live.unmanaged_vaults.contains(name)
            || live.other_stack_vaults.contains_key(name)
            || live.aws_created_vaults.contains(name)
            || live.air_gapped_vaults.contains_key(name)
            || live.unmanaged_air_gapped_vaults.contains(name)
            || live.other_stack_air_gapped_vaults.contains_key(name);
        return if taken {
            Err("a vault of that name already exists".into())
        } else {
            Ok(())
        };
    }
    let v = live
        .air_gapped_vaults
        .get(name)
        .ok_or("no such air-gapped vault was read from the account")?;
    if c.live.as_ref().and_then(|l| l.arn.as_deref()) != Some(v.arn.as_str()) {
        return Err("its ARN is not the live vault's".into());
    }
    if o.owned(&v.vault.tags, c.adopt) {
        Ok(())
    } else {
        Err("the air-gapped vault is not managed by this stack".into())
    }
}
