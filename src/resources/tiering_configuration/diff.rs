//! The tiering configuration part of the diff: create, update in place
//! (vault, selections and tags: UpdateTieringConfiguration changes all but
//! the name, so nothing forces a replace; a renamed configuration is a
//! delete and a create) and delete of the stack's configurations the config
//! no longer declares. Another stack's or an unmanaged configuration is
//! never touched (taking one over needs `--adopt`).

use crate::changeset::{Action, Address, Change, Content, LiveIds};
use crate::model::{is_managed, Desired, Live};
use crate::resources::differ::Differ;
use crate::resources::fields;

use super::model::LiveTieringConfiguration;

impl Differ<'_> {
    pub(crate) fn tiering_configurations(&mut self, desired: &Desired, live: &Live) {
        for (name, want) in &desired.tiering_configurations {
            let mut want = want.clone();
            self.identity_tags(&mut want.tags);
            let address = Address::TieringConfiguration { name: name.clone() };
            let Some(have) = live.tiering_configurations.get(name) else {
                self.changes.push(Change {
                    fields: fields::diff(None, Some(&want)),
                    creator_request_id: self.crid(&format!("tiering_configuration/{name}"), &want),
                    desired: Some(Content::TieringConfiguration(want)),
                    ..Change::new(Action::Create, address)
                });
                continue;
            };
            let Some(adopt) = self.ownership("tiering configuration", name, &have.config.tags)
            else {
                continue;
            };
            let fields = fields::diff(Some(&have.config), Some(&want));
            if fields.is_empty() && !adopt {
                continue;
            }
            self.changes.push(Change {
                fields,
                adopt,
                live: Some(ids(have)),
                desired: Some(Content::TieringConfiguration(want)),
                ..Change::new(Action::Update, address)
            });
        }
        for (name, have) in &live.tiering_configurations {
            if desired.tiering_configurations.contains_key(name)
                || !is_managed(&have.config.tags, self.stack)
            {
                continue;
            }
            self.changes.push(Change {
                fields: fields::diff(Some(&have.config), None),
                live: Some(ids(have)),
                ..Change::new(
                    Action::Delete,
                    Address::TieringConfiguration { name: name.clone() },
                )
            });
        }
    }
}

fn ids(t: &LiveTieringConfiguration) -> LiveIds {
    LiveIds {
        arn: Some(t.arn.clone()),
        ..Default::default()
    }
}
