//! The legal hold's ownership rule for the executor ([`Ownership`]): a
//! create is always new (titles are not unique in AWS); anything else
//! needs the stack's active hold of that title (or this run's adoption of
//! the untagged one) and its ARN; a cancel also needs a reason.

use crate::changeset::{Action, Address, Change};
use crate::resources::guard::Ownership;

pub(crate) fn check(o: &Ownership<'_>, c: &Change) -> Result<(), String> {
    let Address::LegalHold { title } = &c.address else {
        return Err("not a legal hold".into());
    };
    if c.action == Action::Create {
        return Ok(());
    }
    let holds = &o.live().legal_holds;
    let arn = c.live.as_ref().and_then(|l| l.arn.as_deref());
    let have = holds
        .held
        .get(title)
        .or_else(|| {
            holds
                .outside
                .iter()
                .find(|h| h.hold.title == *title && Some(h.arn.as_str()) == arn)
        })
        .ok_or("no active legal hold of that title was read from the account")?;
    if arn != Some(have.arn.as_str()) {
        return Err("its ARN is not the live hold's".into());
    }
    if !o.owned(&have.hold.tags, c.adopt) {
        return Err("the legal hold is not managed by this stack".into());
    }
    if c.action == Action::Delete && o.cancel_reason().is_none_or(|r| r.trim().is_empty()) {
        return Err("cancelling a legal hold needs a reason (--reason)".into());
    }
    Ok(())
}
