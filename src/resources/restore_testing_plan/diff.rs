//! The restore testing plan part of the diff: vault names resolved to the
//! ARNs AWS stores, then create (with its selections), update in place
//! (every member but the name can change; tags through Tag/Untag), and
//! delete (its selections first: AWS refuses to delete a plan that has
//! any). Each selection's change is `restore_testing_selection::diff`.

use std::collections::BTreeSet;

use super::model::{LiveRestoreTestingPlan, RestoreTestingPlan};
use crate::changeset::{Action, Address, Change, Content, LiveIds};
use crate::model::{is_managed, Desired, Live};
use crate::resources::differ::Differ;
use crate::resources::fields;

impl Differ<'_> {
    pub(crate) fn restore_testing_plans(&mut self, desired: &Desired, live: &Live) {
        for (name, want) in &desired.restore_testing_plans {
            let mut want = want.clone();
            let selections = std::mem::take(&mut want.selections);
            let r = &mut want.recovery_point_selection;
            match (
                resolve(&r.include_vaults, live),
                resolve(&r.exclude_vaults, live),
            ) {
                (Ok(i), Ok(e)) => (r.include_vaults, r.exclude_vaults) = (i, e),
                (Err(e), _) | (_, Err(e)) => {
                    self.errors
                        .push(format!("restore testing plan \"{name}\": {e}"));
                    continue;
                }
            }
            self.identity_tags(&mut want.tags);
            let address = Address::RestoreTestingPlan { name: name.clone() };
            let Some(have) = live.restore_testing_plans.get(name) else {
                self.changes.push(Change {
                    fields: fields::diff(None, Some(&want)),
                    creator_request_id: self.crid(&format!("restore_testing_plan/{name}"), &want),
                    desired: Some(Content::RestoreTestingPlan(want)),
                    ..Change::new(Action::Create, address)
                });
                self.restore_testing_selections(name, &selections, &Default::default(), None);
                continue;
            };
            let Some(adopt) = self.ownership("restore testing plan", name, &have.plan.tags) else {
                continue;
            };
            let mut before = have.plan.clone();
            before.selections.clear();
            let fields = fields::diff(Some(&before), Some(&want));
            if !fields.is_empty() || adopt {
                self.changes.push(Change {
                    fields,
                    adopt,
                    desired: Some(Content::RestoreTestingPlan(want)),
                    live: Some(ids(have)),
                    ..Change::new(Action::Update, address)
                });
            }
            self.restore_testing_selections(
                name,
                &selections,
                &have.plan.selections,
                Some(&have.arn),
            );
        }
        for (name, have) in &live.restore_testing_plans {
            if desired.restore_testing_plans.contains_key(name)
                || !is_managed(&have.plan.tags, self.stack)
            {
                continue;
            }
            for (sname, sel) in &have.plan.selections {
                self.rts_delete(name, sname, sel, Some(&have.arn));
            }
            let mut before: RestoreTestingPlan = have.plan.clone();
            before.selections.clear();
            self.changes.push(Change {
                fields: fields::diff(Some(&before), None),
                live: Some(ids(have)),
                ..Change::new(
                    Action::Delete,
                    Address::RestoreTestingPlan { name: name.clone() },
                )
            });
        }
    }
}

fn ids(p: &LiveRestoreTestingPlan) -> LiveIds {
    LiveIds {
        arn: Some(p.arn.clone()),
        ..Default::default()
    }
}

/// `*` and ARNs as written; a vault name as its ARN: the live vault's, or
/// built from the observed account and region (a vault this run creates).
fn resolve(refs: &BTreeSet<String>, live: &Live) -> Result<BTreeSet<String>, String> {
    refs.iter()
        .map(|v| {
            if v == "*" || v.starts_with("arn:") {
                return Ok(v.clone());
            }
            if let Some(have) = live.vaults.get(v) {
                return Ok(have.arn.clone());
            }
            let account = live.account_id.as_deref().ok_or_else(|| {
                format!("cannot tell the ARN of vault \"{v}\": the account is unknown (set account_id in the config)")
            })?;
            let partition = if live.region.starts_with("cn-") {
                "aws-cn"
            } else if live.region.starts_with("us-gov-") {
                "aws-us-gov"
            } else {
                "aws"
            };
            Ok(format!(
                "arn:{partition}:backup:{}:{account}:backup-vault:{v}",
                live.region
            ))
        })
        .collect()
}
