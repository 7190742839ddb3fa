//! Diff of account settings: only declared keys are compared, and a
//! difference is an in-place update (settings are never created or deleted).

use crate::changeset::{Action, Address, Change, Content};
use crate::model::{self, Desired, Live};
use crate::resources::differ::Differ;
use crate::resources::fields;

impl Differ<'_> {
    pub(crate) fn settings(&mut self, desired: &Desired, live: &Live) {
        let want = &desired.settings;
        if want.is_empty() {
            return;
        }
        fn pick<V: Clone>(
            m: &std::collections::BTreeMap<String, V>,
            keys: &std::collections::BTreeMap<String, V>,
        ) -> std::collections::BTreeMap<String, V> {
            keys.keys()
                .filter_map(|k| m.get(k).map(|v| (k.clone(), v.clone())))
                .collect()
        }
        let have = model::Settings {
            global: pick(&live.settings.global, &want.global),
            resource_type_opt_in: pick(
                &live.settings.resource_type_opt_in,
                &want.resource_type_opt_in,
            ),
            resource_type_management: pick(
                &live.settings.resource_type_management,
                &want.resource_type_management,
            ),
        };
        let fields = fields::diff(Some(&have), Some(want));
        if fields.is_empty() {
            return;
        }
        self.changes.push(Change {
            fields,
            desired: Some(Content::Settings(want.clone())),
            ..Change::new(Action::Update, Address::Settings)
        });
    }
}
