//! The air-gapped vault's safety rules: deleting or replacing one (a
//! retention or key change is a replace) is blocked by `prevent_destroy`
//! (else needs `--allow-destroy`) and by recovery points whatever the flags.

use crate::changeset::{Action, Address, Change, Safety};
use crate::model::Desired;
use crate::resources::safety::{need, ALLOW_DESTROY};

pub(crate) fn check(c: &Change, desired: &Desired, v: &mut Safety) {
    let Address::AirGappedVault { name } = &c.address else {
        return;
    };
    if !matches!(c.action, Action::Delete | Action::Replace) {
        return;
    }
    let verb = if c.action == Action::Delete {
        "delete"
    } else {
        "replace (delete and re-create)"
    };
    if desired.prevent_destroy.contains(name) {
        v.blocked.push(format!(
            "air-gapped vault \"{name}\" has prevent_destroy: true; refusing to {verb} it (remove prevent_destroy first if this is intended)"
        ));
    } else {
        need(
            v,
            ALLOW_DESTROY,
            format!("the plan would {verb} air-gapped vault \"{name}\""),
        );
    }
    let points = c
        .live
        .as_ref()
        .and_then(|l| l.number_of_recovery_points)
        .unwrap_or(0);
    if points > 0 {
        v.blocked.push(format!(
            "air-gapped vault \"{name}\" holds {points} recovery point(s); backupctl never deletes a vault with recovery points (delete or move them first)"
        ));
    }
}
