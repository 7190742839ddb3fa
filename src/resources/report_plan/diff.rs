//! The report plan part of the diff: create, update in place (description,
//! delivery, frameworks, accounts, OUs, Regions, tags), replace when the
//! template changes (AWS cannot change it), and delete of the stack's plans
//! the config no longer declares. Frameworks compare by name: a live ARN
//! (or a configured one) of a framework read from the account is taken as
//! that framework's name, so a framework declared by name and deployed
//! under an ARN with an id is no change.

use std::collections::BTreeMap;

use crate::changeset::{Action, Address, Change, Content, LiveIds};
use crate::model::{is_managed, Desired, Live};
use crate::resources::differ::Differ;
use crate::resources::fields;

use super::model::{LiveReportPlan, ReportPlan};

/// Framework ARNs the account holds -> their names.
fn names_by_arn(live: &Live) -> BTreeMap<&str, &str> {
    live.frameworks
        .values()
        .map(|f| (f.arn.as_str(), f.framework.name.as_str()))
        .collect()
}

fn by_name(p: &ReportPlan, names: &BTreeMap<&str, &str>) -> ReportPlan {
    let mut p = p.clone();
    p.frameworks = p
        .frameworks
        .iter()
        .map(|f| {
            names
                .get(f.as_str())
                .map_or_else(|| f.clone(), |n| n.to_string())
        })
        .collect();
    p
}

impl Differ<'_> {
    pub(crate) fn report_plans(&mut self, desired: &Desired, live: &Live) {
        let names = names_by_arn(live);
        for (name, want) in &desired.report_plans {
            let mut want = by_name(want, &names);
            self.identity_tags(&mut want.tags);
            let address = Address::ReportPlan { name: name.clone() };
            let Some(have) = live.report_plans.get(name) else {
                self.changes.push(Change {
                    fields: fields::diff(None, Some(&want)),
                    creator_request_id: self.crid(&format!("report_plan/{name}"), &want),
                    desired: Some(Content::ReportPlan(want)),
                    ..Change::new(Action::Create, address)
                });
                continue;
            };
            let Some(adopt) = self.ownership("report plan", name, &have.plan.tags) else {
                continue;
            };
            let before = by_name(&have.plan, &names);
            let fields = fields::diff(Some(&before), Some(&want));
            if fields.is_empty() && !adopt {
                continue;
            }
            let mut change = Change {
                fields,
                adopt,
                live: Some(ids(have)),
                creator_request_id: self.crid(&format!("report_plan/{name}/update"), &want),
                ..Change::new(Action::Update, address)
            };
            if before.template != want.template {
                change.action = Action::Replace;
                change.replace_reason =
                    Some("a report plan's template cannot change after creation".into());
                change.creator_request_id = self.crid(&format!("report_plan/{name}"), &want);
            }
            change.desired = Some(Content::ReportPlan(want));
            self.changes.push(change);
        }
        for (name, have) in &live.report_plans {
            if desired.report_plans.contains_key(name) || !is_managed(&have.plan.tags, self.stack) {
                continue;
            }
            self.changes.push(Change {
                fields: fields::diff(Some(&by_name(&have.plan, &names)), None),
                live: Some(ids(have)),
                ..Change::new(Action::Delete, Address::ReportPlan { name: name.clone() })
            });
        }
    }
}

fn ids(p: &LiveReportPlan) -> LiveIds {
    LiveIds {
        arn: Some(p.arn.clone()),
        ..Default::default()
    }
}
