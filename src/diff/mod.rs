//! The pure diff: `(Desired, Live) -> Plan`. No I/O, so it is unit and
//! property tested directly.
//!
//! Rules: a vault or plan is managed when it carries `backupctl:stack =
//! <stack>`; selections belong to their plan; settings are compared only for
//! declared keys. Unmanaged resources are reported, never changed; a desired
//! name held by an unmanaged resource is an error unless `--adopt`. A vault's
//! encryption key is immutable (replace); selections cannot be updated (any
//! change replaces). Changes are ordered by dependency (see [`phase`]).

pub mod fields;
#[cfg(test)]
mod tests;

use crate::model::{self, is_managed, Desired, Live, LivePlan, LiveVault, STACK_TAG};
use crate::plan::{
    self, ids, Action, Address, Change, Desired as Content, LiveIds, Plan, Unmanaged,
};

/// Switches that change what the diff allows.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiffOptions {
    /// Take over unmanaged resources that have a desired name.
    pub adopt: bool,
}

/// Order in which changes run: settings, then vaults (targets of rules), then
/// plans, then their selections; deletes in reverse dependency order —
/// selections before their plan, plans before vaults.
pub fn phase(c: &Change) -> u8 {
    match (&c.address, c.action) {
        (Address::Settings, _) => 0,
        (Address::Vault { .. }, Action::Delete) => 6,
        (Address::Vault { .. }, _) => 1,
        (Address::Plan { .. }, Action::Delete) => 5,
        (Address::Plan { .. }, _) => 2,
        (Address::Selection { .. }, Action::Delete) => 4,
        (Address::Selection { .. }, _) => 3,
    }
}

/// Compute the plan that turns `live` into `desired`.
pub fn diff(desired: &Desired, live: &Live, opts: DiffOptions) -> Plan {
    let mut d = Differ {
        stack: &desired.stack,
        opts,
        changes: Vec::new(),
        errors: Vec::new(),
    };
    d.vaults(desired, live);
    d.plans(desired, live);
    d.settings(desired, live);
    let Differ {
        mut changes,
        mut errors,
        ..
    } = d;
    changes.sort_by(|a, b| {
        (phase(a), &a.address)
            .cmp(&(phase(b), &b.address))
            .then(a.action.cmp(&b.action))
    });
    // A missing external vault matters only when a rule sends backups to it
    // (AWS would refuse the plan); merely declaring one is harmless.
    let targeted: std::collections::BTreeSet<&String> = desired
        .plans
        .values()
        .flat_map(|p| p.rules.values().map(|r| &r.target_vault))
        .collect();
    for ext in &desired.external_vaults {
        if targeted.contains(ext)
            && !live.vaults.contains_key(ext)
            && !live.unmanaged_vaults.contains(ext)
        {
            errors.push(format!(
                "external vault \"{ext}\" does not exist in {}",
                live.region
            ));
        }
    }
    errors.sort();
    Plan {
        format_version: plan::FORMAT_VERSION,
        stack: desired.stack.clone(),
        account_id: live
            .account_id
            .clone()
            .or_else(|| desired.account_id.clone()),
        region: live.region.clone(),
        changes,
        unmanaged: unmanaged(desired, live),
        errors,
        config_digest: None,
        live_fingerprint: ids::live_fingerprint(live),
    }
}

fn unmanaged(desired: &Desired, live: &Live) -> Unmanaged {
    let keep = |name: &String, globs: &[String]| !globs.iter().any(|g| glob_match(g, name));
    Unmanaged {
        vaults: live
            .unmanaged_vaults
            .iter()
            .filter(|n| !desired.vaults.contains_key(*n) && !desired.external_vaults.contains(*n))
            .filter(|n| keep(n, &desired.ignore_vaults))
            .cloned()
            .collect(),
        plans: live
            .unmanaged_plans
            .iter()
            .filter(|n| !desired.plans.contains_key(*n))
            .filter(|n| keep(n, &desired.ignore_plans))
            .cloned()
            .collect(),
    }
}

/// The one glob matcher (`*` any run, `?` one character), shared with
/// config validation.
pub use crate::config::validate::arn::glob_match;

struct Differ<'a> {
    stack: &'a str,
    opts: DiffOptions,
    changes: Vec<Change>,
    errors: Vec<String>,
}

impl Differ<'_> {
    fn identity_tags(&self, tags: &mut model::Tags) {
        tags.insert(STACK_TAG.to_string(), self.stack.to_string());
    }

    fn crid(&self, identity: &str, content: &impl serde::Serialize) -> Option<String> {
        let json = serde_json::to_value(content).expect("serializes");
        Some(ids::creator_request_id(self.stack, identity, &json))
    }

    /// Ownership check for a live resource with a desired name: Ok(adopt?)
    /// or an error already recorded.
    fn ownership(&mut self, kind: &str, name: &str, tags: &model::Tags) -> Option<bool> {
        if is_managed(tags, self.stack) {
            return Some(false);
        }
        if let Some(other) = tags.get(STACK_TAG) {
            self.errors.push(format!(
                "{kind} \"{name}\" is managed by another stack (\"{other}\"); refusing to take it over"
            ));
            return None;
        }
        if self.opts.adopt {
            return Some(true);
        }
        self.errors.push(format!(
            "{kind} \"{name}\" already exists but is not managed by stack \"{}\" (no {STACK_TAG} tag); pass --adopt to take it over",
            self.stack
        ));
        None
    }

    fn vaults(&mut self, desired: &Desired, live: &Live) {
        for (name, want) in &desired.vaults {
            let mut want = want.clone();
            self.identity_tags(&mut want.tags);
            let address = Address::Vault { name: name.clone() };
            let Some(have) = live.vaults.get(name) else {
                // A create shows (and sends) everything, the write-only lock grace
                // period included.
                let fields = fields::diff(None, Some(&want));
                self.changes.push(Change {
                    action: Action::Create,
                    address,
                    fields,
                    replace_reason: None,
                    adopt: false,
                    creator_request_id: self.crid(&format!("vault/{name}"), &want),
                    desired: Some(Content::Vault(want)),
                    live: None,
                });
                continue;
            };
            let Some(adopt) = self.ownership("vault", name, &have.vault.tags) else {
                continue;
            };
            self.vault_change(want, have, adopt, address);
        }
        for (name, have) in &live.vaults {
            if desired.vaults.contains_key(name) || !is_managed(&have.vault.tags, self.stack) {
                continue;
            }
            self.changes.push(Change {
                action: Action::Delete,
                address: Address::Vault { name: name.clone() },
                fields: fields::diff(Some(&comparable_vault(&have.vault, None)), None),
                replace_reason: None,
                adopt: false,
                desired: None,
                live: Some(vault_ids(have)),
                creator_request_id: None,
            });
        }
    }

    fn vault_change(
        &mut self,
        want: model::Vault,
        have: &LiveVault,
        adopt: bool,
        address: Address,
    ) {
        let key_changed = want.encryption_key_arn.is_some()
            && want.encryption_key_arn != have.vault.encryption_key_arn;
        let before = comparable_vault(&have.vault, None);
        let after = comparable_vault(&want, have.vault.encryption_key_arn.as_deref());
        let fields = fields::diff(Some(&before), Some(&after));
        if fields.is_empty() && !adopt {
            return;
        }
        let (action, reason, crid) = if key_changed {
            let crid = self.crid(&format!("vault/{}", want.name), &want);
            (
                Action::Replace,
                Some("encryption_key_arn cannot change after creation".to_string()),
                crid,
            )
        } else {
            (Action::Update, None, None)
        };
        self.changes.push(Change {
            action,
            address,
            fields,
            replace_reason: reason,
            adopt,
            desired: Some(Content::Vault(want)),
            live: Some(vault_ids(have)),
            creator_request_id: crid,
        });
    }

    fn plans(&mut self, desired: &Desired, live: &Live) {
        for name in &live.duplicate_plan_names {
            self.errors.push(format!(
                "more than one backup plan is named \"{name}\" in the account; resolve it by hand (backupctl never guesses which one is meant)"
            ));
        }
        for (name, want) in &desired.plans {
            if live.duplicate_plan_names.contains(name) {
                continue;
            }
            let mut doc = want.clone();
            doc.selections.clear();
            self.identity_tags(&mut doc.tags);
            let address = Address::Plan { name: name.clone() };
            let Some(have) = live.plans.get(name) else {
                self.changes.push(Change {
                    action: Action::Create,
                    address,
                    fields: fields::diff(None, Some(&doc)),
                    replace_reason: None,
                    adopt: false,
                    creator_request_id: self.crid(&format!("plan/{name}"), &doc),
                    desired: Some(Content::Plan(doc)),
                    live: None,
                });
                for (sname, sel) in &want.selections {
                    self.selection_create(name, sname, sel, None);
                }
                continue;
            };
            let Some(adopt) = self.ownership("plan", name, &have.plan.tags) else {
                continue;
            };
            let mut before = have.plan.clone();
            before.selections.clear();
            let fields = fields::diff(Some(&before), Some(&doc));
            if !fields.is_empty() || adopt {
                self.changes.push(Change {
                    action: Action::Update,
                    address,
                    fields,
                    replace_reason: None,
                    adopt,
                    desired: Some(Content::Plan(doc)),
                    live: Some(plan_ids(have)),
                    creator_request_id: None,
                });
            }
            self.selections(name, want, have);
        }
        for (name, have) in &live.plans {
            if desired.plans.contains_key(name)
                || live.duplicate_plan_names.contains(name)
                || !is_managed(&have.plan.tags, self.stack)
            {
                continue;
            }
            for sname in have.plan.selections.keys() {
                self.selection_delete(name, sname, have);
            }
            let mut before = have.plan.clone();
            before.selections.clear();
            self.changes.push(Change {
                action: Action::Delete,
                address: Address::Plan { name: name.clone() },
                fields: fields::diff(Some(&before), None),
                replace_reason: None,
                adopt: false,
                desired: None,
                live: Some(plan_ids(have)),
                creator_request_id: None,
            });
        }
    }

    fn selection_identity(plan: &str, name: &str) -> String {
        format!("plan/{plan}/selection/{name}")
    }

    /// A selection to create; `have` is its plan when that already exists
    /// (apply needs the plan id; a new plan's id is known only once created).
    fn selection_create(
        &mut self,
        plan: &str,
        name: &str,
        sel: &model::Selection,
        have: Option<&LivePlan>,
    ) {
        let content = (name, sel);
        self.changes.push(Change {
            action: Action::Create,
            address: Address::Selection {
                plan: plan.to_string(),
                name: name.to_string(),
            },
            fields: fields::diff(None, Some(sel)),
            replace_reason: None,
            adopt: false,
            creator_request_id: self.crid(&Self::selection_identity(plan, name), &content),
            desired: Some(Content::Selection(sel.clone())),
            live: have.map(plan_ids),
        });
    }

    fn selection_delete(&mut self, plan: &str, name: &str, have: &LivePlan) {
        let sel = &have.plan.selections[name];
        let mut ids = plan_ids(have);
        ids.selection_id = have.selection_ids.get(name).cloned();
        self.changes.push(Change {
            action: Action::Delete,
            address: Address::Selection {
                plan: plan.to_string(),
                name: name.to_string(),
            },
            fields: fields::diff(Some(sel), None),
            replace_reason: None,
            adopt: false,
            desired: None,
            live: Some(ids),
            creator_request_id: None,
        });
    }

    fn selections(&mut self, plan: &str, want: &model::Plan, have: &LivePlan) {
        for (name, sel) in &want.selections {
            match have.plan.selections.get(name) {
                None => self.selection_create(plan, name, sel, Some(have)),
                Some(old) if old == sel => {}
                Some(old) => {
                    let mut ids = plan_ids(have);
                    ids.selection_id = have.selection_ids.get(name).cloned();
                    let content = (name, sel);
                    self.changes.push(Change {
                        action: Action::Replace,
                        address: Address::Selection {
                            plan: plan.to_string(),
                            name: name.clone(),
                        },
                        fields: fields::diff(Some(old), Some(sel)),
                        replace_reason: Some(
                            "backup selections cannot be updated; any change replaces them"
                                .to_string(),
                        ),
                        adopt: false,
                        creator_request_id: self
                            .crid(&Self::selection_identity(plan, name), &content),
                        desired: Some(Content::Selection(sel.clone())),
                        live: Some(ids),
                    });
                }
            }
        }
        for name in have.plan.selections.keys() {
            if !want.selections.contains_key(name) {
                self.selection_delete(plan, name, have);
            }
        }
    }

    fn settings(&mut self, desired: &Desired, live: &Live) {
        let want = &desired.settings;
        if want.is_empty() {
            return;
        }
        let pick = |m: &std::collections::BTreeMap<String, String>,
                    keys: &std::collections::BTreeMap<String, String>| {
            keys.keys()
                .filter_map(|k| m.get(k).map(|v| (k.clone(), v.clone())))
                .collect()
        };
        let pick_flags =
            |m: &std::collections::BTreeMap<String, bool>,
             keys: &std::collections::BTreeMap<String, bool>| {
                keys.keys()
                    .filter_map(|k| m.get(k).map(|v| (k.clone(), *v)))
                    .collect()
            };
        let have = model::Settings {
            global: pick(&live.settings.global, &want.global),
            resource_type_opt_in: pick_flags(
                &live.settings.resource_type_opt_in,
                &want.resource_type_opt_in,
            ),
            resource_type_management: pick_flags(
                &live.settings.resource_type_management,
                &want.resource_type_management,
            ),
        };
        let fields = fields::diff(Some(&have), Some(want));
        if fields.is_empty() {
            return;
        }
        self.changes.push(Change {
            action: Action::Update,
            address: Address::Settings,
            fields,
            replace_reason: None,
            adopt: false,
            desired: Some(Content::Settings(want.clone())),
            live: None,
            creator_request_id: None,
        });
    }
}

/// A vault as compared: the write-only `changeable_for_days` dropped, and an
/// unspecified encryption key taken as whatever AWS chose.
fn comparable_vault(v: &model::Vault, live_key: Option<&str>) -> model::Vault {
    let mut v = v.clone();
    if v.encryption_key_arn.is_none() {
        v.encryption_key_arn = live_key.map(str::to_string);
    }
    if let Some(l) = &mut v.lock {
        l.changeable_for_days = None;
    }
    v
}

fn vault_ids(v: &LiveVault) -> LiveIds {
    LiveIds {
        arn: Some(v.arn.clone()),
        number_of_recovery_points: Some(v.number_of_recovery_points),
        ..Default::default()
    }
}

fn plan_ids(p: &LivePlan) -> LiveIds {
    LiveIds {
        arn: Some(p.arn.clone()),
        plan_id: Some(p.id.clone()),
        version_id: Some(p.version_id.clone()),
        ..Default::default()
    }
}
