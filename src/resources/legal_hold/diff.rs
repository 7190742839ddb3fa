//! The legal hold part of the diff. A declared title with no active hold
//! of the stack is created; a live hold that differs only in tags is
//! retagged; one that differs in anything else becomes an update the
//! safety rules always refuse (AWS cannot edit a hold, and backupctl never
//! cancels and re-creates one on its own); a hold of the stack whose title
//! left the config is cancelled (only with `--cancel-legal-holds`).
//!
//! An untagged active hold with a declared title is taken over with
//! `--adopt` (else it is a plan error); holds of other stacks are never
//! matched: titles are an identity within a stack only.

use crate::changeset::{Action, Address, Change, Content, LiveIds};
use crate::model::{Desired, Live, STACK_TAG};
use crate::resources::differ::Differ;
use crate::resources::fields;

use super::model::{LegalHold, LiveLegalHold};

impl Differ<'_> {
    pub(crate) fn legal_holds(&mut self, desired: &Desired, live: &Live) {
        let holds = &live.legal_holds;
        for (title, want) in &desired.legal_holds {
            let mut want = want.clone();
            self.identity_tags(&mut want.tags);
            let address = Address::LegalHold {
                title: title.clone(),
            };
            if let Some(extra) = holds.duplicates.get(title) {
                self.errors.push(format!(
                    "legal hold \"{title}\": {} active holds of stack \"{}\" share this title (also {}); backupctl does not guess which one the config means: cancel the extra ones by hand",
                    extra.len() + 1,
                    self.stack,
                    extra.join(", ")
                ));
                continue;
            }
            if let Some(have) = holds.held.get(title) {
                self.hold_change(want, have, false, address);
                continue;
            }
            let loose: Vec<&LiveLegalHold> = holds
                .outside
                .iter()
                .filter(|h| h.hold.title == *title && !h.hold.tags.contains_key(STACK_TAG))
                .collect();
            match loose.as_slice() {
                [] => {}
                [one] if self.opts.adopt => {
                    self.hold_change(want, one, true, address);
                    continue;
                }
                [one] => {
                    self.errors.push(format!(
                        "legal hold \"{title}\" already exists ({}) but is not managed by stack \"{}\" (no {STACK_TAG} tag); pass --adopt to take it over",
                        one.id, self.stack
                    ));
                    continue;
                }
                many => {
                    let ids: Vec<&str> = many.iter().map(|h| h.id.as_str()).collect();
                    self.errors.push(format!(
                        "legal hold \"{title}\": {} untagged active holds have this title ({}); backupctl cannot tell which one the config means",
                        many.len(),
                        ids.join(", ")
                    ));
                    continue;
                }
            }
            // The token changes after each cancellation of a hold of this
            // title, so re-creating a cancelled hold is not answered with
            // the cancelled one.
            let generation = holds.canceled.get(title).copied().unwrap_or(0);
            self.changes.push(Change {
                fields: fields::diff(None, Some(&want)),
                creator_request_id: self.crid(&format!("legal_hold/{title}/{generation}"), &want),
                desired: Some(Content::LegalHold(want)),
                ..Change::new(Action::Create, address)
            });
        }
        for (title, have) in &holds.held {
            if desired.legal_holds.contains_key(title) {
                continue;
            }
            self.changes.push(Change {
                fields: fields::diff(Some(&have.hold), None),
                live: Some(ids(have)),
                note: Some(format!(
                    "cancels legal hold {} (CancelLegalHold): its recovery points are no longer held",
                    have.id
                )),
                ..Change::new(Action::Delete, Address::LegalHold {
                    title: title.clone(),
                })
            });
        }
    }

    fn hold_change(
        &mut self,
        want: LegalHold,
        have: &LiveLegalHold,
        adopt: bool,
        address: Address,
    ) {
        let fields = fields::diff(Some(&have.hold), Some(&want));
        if fields.is_empty() && !adopt {
            return;
        }
        let edits: Vec<&str> = fields
            .iter()
            .filter(|f| !f.path.starts_with("tags."))
            .map(|f| f.path.as_str())
            .collect();
        let note = (!edits.is_empty()).then(|| {
            format!(
                "AWS cannot edit a legal hold ({} differ); refused: declare a new hold under a new title",
                edits.join(", ")
            )
        });
        self.changes.push(Change {
            fields,
            adopt,
            note,
            desired: Some(Content::LegalHold(want)),
            live: Some(ids(have)),
            ..Change::new(Action::Update, address)
        });
    }
}

pub(crate) fn ids(h: &LiveLegalHold) -> LiveIds {
    LiveIds {
        arn: Some(h.arn.clone()),
        ..Default::default()
    }
}

/// A hold's id from its ARN (`...:legal-hold:ID`).
pub(crate) fn id_of(arn: &str) -> Option<&str> {
    arn.rsplit_once(":legal-hold:").map(|(_, id)| id)
}
