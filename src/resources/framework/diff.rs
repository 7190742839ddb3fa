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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::model::{normalize_params, Control, Framework, LiveFramework};
    use crate::changeset::Action;
    use crate::diff::{diff, DiffOptions};
    use crate::model::{Desired, Live, STACK_TAG};

    fn framework(params: &[(&str, &str)], stack: Option<&str>) -> Framework {
        let name = "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK";
        let p: BTreeMap<String, String> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Framework {
            name: "f".into(),
            description: None,
            controls: [
                (
                    name.to_string(),
                    Control {
                        parameters: normalize_params(name, p),
                        scope: None,
                    },
                ),
                (
                    "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION".to_string(),
                    Control {
                        parameters: normalize_params(
                            "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
                            [(
                                "crossRegionList".to_string(),
                                " us-west-2 , eu-west-1".to_string(),
                            )]
                            .into(),
                        ),
                        scope: None,
                    },
                ),
            ]
            .into(),
            tags: stack
                .map(|s| [(STACK_TAG.to_string(), s.to_string())].into())
                .unwrap_or_default(),
        }
    }

    fn run(want: Framework, have: Framework) -> Vec<(Action, Vec<String>)> {
        let mut d = Desired {
            stack: "s".into(),
            ..Default::default()
        };
        d.frameworks.insert("f".into(), want);
        let mut l = Live::default();
        l.frameworks.insert(
            "f".into(),
            LiveFramework {
                arn: "arn:aws:backup:us-east-1:123456789012:framework:f-1".into(),
                framework: have,
            },
        );
        diff(&d, &l, DiffOptions::default())
            .changes
            .into_iter()
            .map(|c| (c.action, c.fields.into_iter().map(|f| f.path).collect()))
            .collect()
    }

    #[test]
    fn a_default_parameter_left_out_and_list_spacing_are_no_change() {
        let want = framework(&[], None);
        let have = framework(&[("requiredRetentionDays", "35")], Some("s"));
        assert_eq!(
            want.controls.values().next().unwrap().parameters["requiredRetentionDays"],
            "35"
        );
        assert!(run(want, have).is_empty());
    }

    #[test]
    fn a_changed_parameter_is_an_update_in_place_naming_it() {
        let want = framework(&[("requiredRetentionDays", "60")], None);
        let have = framework(&[], Some("s"));
        assert_eq!(
            run(want, have),
            [(
                Action::Update,
                vec!["controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK.parameters.requiredRetentionDays".to_string()]
            )]
        );
    }
}
