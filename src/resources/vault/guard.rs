//! The vault's ownership rule for the executor ([`Ownership`]): a create
//! needs a free name; anything else needs the live vault, its ARN, and the
//! stack's tag (or this run's adoption).

use crate::changeset::{Action, Address, Change};
use crate::resources::guard::Ownership;

pub(crate) fn check(o: &Ownership<'_>, c: &Change) -> Result<(), String> {
    let Address::Vault { name } = &c.address else {
        return Err("not a vault".into());
    };
    let live = o.live();
    if c.action == Action::Create {
        let taken = live.vaults.contains_key(name)
            || live.unmanaged_vaults.contains(name)
            || live.other_stack_vaults.contains_key(name)
            || live.aws_created_vaults.contains(name)
            // One name space with air-gapped vaults.
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
        .vaults
        .get(name)
        .ok_or("no such vault was read from the account")?;
    if c.live.as_ref().and_then(|l| l.arn.as_deref()) != Some(v.arn.as_str()) {
        return Err("its ARN is not the live vault's".into());
    }
    if o.owned(&v.vault.tags, c.adopt) {
        Ok(())
    } else {
        Err("the vault is not managed by this stack".into())
    }
}
