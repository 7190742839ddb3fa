//! The backup plan's safety rule: deleting one stops its backups and needs
//! `--allow-destroy` (removing a duplicate copy of a plan does not, and
//! needs nothing).

use crate::changeset::{Action, Address, Change, Safety};
use crate::model::Desired;
use crate::resources::safety::{need, ALLOW_DESTROY};

pub(crate) fn check(c: &Change, _: &Desired, v: &mut Safety) {
    if let (Address::BackupPlan { name }, Action::Delete, false) =
        (&c.address, c.action, c.duplicate)
    {
        need(
            v,
            ALLOW_DESTROY,
            format!("the plan would delete backup plan \"{name}\", which stops its backups"),
        );
    }
}
