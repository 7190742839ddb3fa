//! The legal hold's safety rules: an edited hold (anything but tags) is
//! blocked whatever the flags, with the way out; cancelling a hold needs
//! `--cancel-legal-holds` (and `--reason`, sent as CancelDescription).

use crate::changeset::{Action, Address, Change, Safety};
use crate::model::Desired;
use crate::resources::safety::need;

pub const CANCEL_LEGAL_HOLDS: &str = "--cancel-legal-holds";

pub(crate) fn check(c: &Change, _: &Desired, v: &mut Safety) {
    let Address::LegalHold { title } = &c.address else {
        return;
    };
    match c.action {
        Action::Update => {
            let edits: Vec<&str> = c
                .fields
                .iter()
                .filter(|f| !f.path.starts_with("tags."))
                .map(|f| f.path.as_str())
                .collect();
            if !edits.is_empty() {
                v.blocked.push(format!(
                    "legal hold \"{title}\" differs from the live hold ({}), but AWS cannot edit a legal hold (only its tags); backupctl never cancels and re-creates one on its own: declare the new hold under a new title (and remove this entry to cancel the old one with {CANCEL_LEGAL_HOLDS} --reason TEXT), or restore this entry to match the live hold",
                    edits.join(", ")
                ));
            }
        }
        Action::Delete | Action::Replace => {
            let arn = c
                .live
                .as_ref()
                .and_then(|l| l.arn.as_deref())
                .unwrap_or("?");
            need(
                v,
                CANCEL_LEGAL_HOLDS,
                format!(
                    "the plan would cancel legal hold \"{title}\" ({arn}), which releases the recovery points it holds; give the reason with --reason TEXT (sent as CancelDescription)"
                ),
            );
        }
        Action::Create => {}
    }
}
