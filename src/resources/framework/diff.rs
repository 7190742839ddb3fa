//! The framework part of the diff: create, update in place (description,
//! controls and tags: UpdateFramework changes all but the name; controls
//! and parameters compare as maps, so their order is no change, and a
//! parameter left out compares as its default), and delete of the stack's
//! frameworks the config no longer declares. Another stack's or an
//! unmanaged framework is never touched (taking one over needs `--adopt`).

use crate::changeset::{Action, Address, Change, Content, LiveIds};
use crate::model::{is_managed, Desired, Live};
use crate::resources::differ::Differ;
use crate::resources::fields;

use super::model::LiveFramework;

impl Differ<'_> {
    pub(crate) fn frameworks(&mut self, desired: &Desired, live: &Live) {
        for (name, want) in &desired.frameworks {
            let mut want = want.clone();
            self.identity_tags(&mut want.tags);
            let address = Address::Framework { name: name.clone() };
            let Some(have) = live.frameworks.get(name) else {
                self.changes.push(Change {
                    fields: fields::diff(None, Some(&want)),
                    creator_request_id: self.crid(&format!("framework/{name}"), &want),
                    desired: Some(Content::Framework(want)),
                    ..Change::new(Action::Create, address)
                });
                continue;
            };
            let Some(adopt) = self.ownership("framework", name, &have.framework.tags) else {
                continue;
            };
            let fields = fields::diff(Some(&have.framework), Some(&want));
            if fields.is_empty() && !adopt {
                continue;
            }
            self.changes.push(Change {
                fields,
                adopt,
                live: Some(ids(have)),
                // The update's IdempotencyToken: a retry of the same
                // update is recognised, another update is not.
                creator_request_id: self.crid(&format!("framework/{name}/update"), &want),
                desired: Some(Content::Framework(want)),
                ..Change::new(Action::Update, address)
            });
        }
        for (name, have) in &live.frameworks {
            if desired.frameworks.contains_key(name)
                || !is_managed(&have.framework.tags, self.stack)
            {
                continue;
            }
            self.changes.push(Change {
                fields: fields::diff(Some(&have.framework), None),
                live: Some(ids(have)),
                ..Change::new(Action::Delete, Address::Framework { name: name.clone() })
            });
        }
    }
}

fn ids(f: &LiveFramework) -> LiveIds {
    LiveIds {
        arn: Some(f.arn.clone()),
        ..Default::default()
    }
}
