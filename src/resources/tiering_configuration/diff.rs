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

#[cfg(test)]
mod tests {
    use super::super::model::{LiveTieringConfiguration, TieringConfiguration, TieringSelection};
    use crate::changeset::{Action, ChangeSet};
    use crate::diff::{diff, DiffOptions};
    use crate::model::{Desired, Live, STACK_TAG};

    fn config(vault: &str, sels: &[(&[&str], i64)], stack: Option<&str>) -> TieringConfiguration {
        TieringConfiguration {
            name: "t".into(),
            vault: vault.into(),
            resource_selection: sels
                .iter()
                .map(|(r, d)| TieringSelection {
                    resource_type: "S3".into(),
                    resources: r.iter().map(|s| s.to_string()).collect(),
                    tiering_down_settings_in_days: *d,
                })
                .collect(),
            tags: stack
                .map(|s| [(STACK_TAG.to_string(), s.to_string())].into())
                .unwrap_or_default(),
        }
    }

    fn run(want: Option<TieringConfiguration>, have: Option<TieringConfiguration>) -> ChangeSet {
        let mut d = Desired {
            stack: "s".into(),
            ..Default::default()
        };
        if let Some(w) = want {
            d.tiering_configurations.insert("t".into(), w);
        }
        let mut l = Live::default();
        if let Some(h) = have {
            l.tiering_configurations.insert(
                "t".into(),
                LiveTieringConfiguration {
                    arn: "arn:aws:backup:us-east-1:123456789012:tiering-configuration:t-1".into(),
                    config: h,
                },
            );
        }
        diff(&d, &l, DiffOptions::default())
    }

    #[test]
    fn order_of_selections_and_resources_is_no_change() {
        let want = config(
            "v",
            &[
                (&["arn:aws:s3:::a", "arn:aws:s3:::b"], 60),
                (&["arn:aws:s3:::c"], 90),
            ],
            None,
        );
        let have = config(
            "v",
            &[
                (&["arn:aws:s3:::c"], 90),
                (&["arn:aws:s3:::b", "arn:aws:s3:::a"], 60),
            ],
            Some("s"),
        );
        assert!(run(Some(want), Some(have)).changes.is_empty());
    }

    #[test]
    fn a_new_vault_is_an_update_in_place_with_the_field() {
        let want = config("*", &[(&["*"], 60)], None);
        let have = config("v", &[(&["*"], 60)], Some("s"));
        let plan = run(Some(want), Some(have));
        assert_eq!(plan.changes.len(), 1);
        let c = &plan.changes[0];
        assert_eq!(c.action, Action::Update);
        assert_eq!(
            c.fields.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            ["vault"]
        );
        assert!(c.live.as_ref().and_then(|l| l.arn.as_ref()).is_some());
    }

    #[test]
    fn create_carries_a_deterministic_creator_request_id() {
        let a = run(Some(config("v", &[(&["*"], 60)], None)), None);
        let b = run(Some(config("v", &[(&["*"], 60)], None)), None);
        let c = run(Some(config("v", &[(&["*"], 61)], None)), None);
        let id = |p: &ChangeSet| p.changes[0].creator_request_id.clone().unwrap();
        assert_eq!(a.changes[0].action, Action::Create);
        assert_eq!(id(&a), id(&b));
        assert_ne!(id(&a), id(&c));
    }

    #[test]
    fn only_the_stacks_own_are_deleted_and_others_are_refused() {
        let plan = run(None, Some(config("v", &[(&["*"], 60)], Some("s"))));
        assert_eq!(plan.changes[0].action, Action::Delete);
        assert!(run(None, Some(config("v", &[(&["*"], 60)], None)))
            .changes
            .is_empty());
        assert!(run(None, Some(config("v", &[(&["*"], 60)], Some("other"))))
            .changes
            .is_empty());
        let plan = run(
            Some(config("v", &[(&["*"], 60)], None)),
            Some(config("v", &[(&["*"], 60)], Some("other"))),
        );
        assert!(plan.changes.is_empty());
        assert!(
            plan.errors[0].contains("managed by another stack"),
            "{:?}",
            plan.errors
        );
    }
}
