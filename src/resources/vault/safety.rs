//! The vault's safety rules: deleting or replacing one is blocked by
//! `prevent_destroy` (else needs `--allow-destroy`) and by recovery points
//! whatever the flags; a Vault Lock sent with `changeable_for_days`
//! (compliance mode, irreversible after the grace time) is warned about.

use crate::changeset::{Action, Address, Change, Content, Safety};
use crate::model::Desired;
use crate::resources::safety::{need, ALLOW_DESTROY};

pub(crate) fn check(c: &Change, desired: &Desired, v: &mut Safety) {
    let Address::Vault { name } = &c.address else {
        return;
    };
    if matches!(c.action, Action::Delete | Action::Replace) {
        let verb = if c.action == Action::Delete {
            "delete"
        } else {
            "replace (delete and re-create)"
        };
        if desired.prevent_destroy.contains(name) {
            v.blocked.push(format!(
                "vault \"{name}\" has prevent_destroy: true; refusing to {verb} it (remove prevent_destroy first if this is intended)"
            ));
        } else {
            need(
                v,
                ALLOW_DESTROY,
                format!("the plan would {verb} vault \"{name}\""),
            );
        }
        let points = c
            .live
            .as_ref()
            .and_then(|l| l.number_of_recovery_points)
            .unwrap_or(0);
        if points > 0 {
            v.blocked.push(format!(
                "vault \"{name}\" holds {points} recovery point(s); backupctl never deletes a vault with recovery points (delete or move them first)"
            ));
        }
    }
    if let (Some(Content::Vault(want)), Action::Create | Action::Update | Action::Replace) =
        (&c.desired, c.action)
    {
        let lock_changes =
            c.action != Action::Update || c.fields.iter().any(|f| f.path.starts_with("lock"));
        if let Some(days) = want.lock.as_ref().and_then(|l| l.changeable_for_days) {
            if lock_changes {
                v.warnings.push(format!(
                    "vault \"{name}\": Vault Lock with changeable_for_days: {days} enters compliance mode after {days} days; from then on the lock can never be changed or removed, and the vault cannot be deleted while it holds recovery points, by anyone, including AWS support"
                ));
            }
        }
    }
}
