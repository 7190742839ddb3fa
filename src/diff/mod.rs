//! The pure diff: `(Desired, Live) -> Plan`. No I/O, so it is unit and
//! property tested directly.
//!
//! Rules: a vault or plan is managed when it carries `backupctl:stack =
//! <stack>`; selections belong to their plan; settings are compared only for
//! declared keys. Unmanaged resources are reported, never changed; a desired
//! name held by an unmanaged resource is an error unless `--adopt`. A vault's
//! encryption key is immutable (replace); selections cannot be updated (any
//! change replaces). Changes are ordered by dependency (see [`phase`]).
//! Vaults are diffed in `vaults`, plans and selections in `plans`.

pub mod fields;
mod plans;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod trust_tests;
mod vaults;

use crate::changeset::{self, ids, Action, Address, Change, ChangeSet, Content, Unmanaged};
use crate::model::{self, is_managed, Desired, Live, STACK_TAG};

/// Switches that change what the diff allows.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiffOptions {
    /// Take over unmanaged resources that have a desired name.
    pub adopt: bool,
}

/// Order in which changes run, derived from the kinds' declared
/// dependencies ([`crate::resources::phase`]): settings, then vaults
/// (targets of rules), then plans, then their selections; deletes in reverse
/// dependency order — selections before their plan, plans before vaults.
pub fn phase(c: &Change) -> u8 {
    crate::resources::phase(c.address.kind(), c.action == Action::Delete)
}

/// Compute the plan that turns `live` into `desired`.
pub fn diff(desired: &Desired, live: &Live, opts: DiffOptions) -> ChangeSet {
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
            && !live.other_stack_vaults.contains_key(ext)
        {
            errors.push(format!(
                "external vault \"{ext}\" does not exist in {}",
                live.region
            ));
        }
    }
    errors.sort();
    ChangeSet {
        format_version: changeset::FORMAT_VERSION,
        stack: desired.stack.clone(),
        account_id: live
            .account_id
            .clone()
            .or_else(|| desired.account_id.clone()),
        region: live.region.clone(),
        changes,
        unmanaged: unmanaged(desired, live),
        errors,
        safety: Default::default(),
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
        other_stacks: live
            .other_stack_vaults
            .iter()
            .filter(|(n, _)| !desired.vaults.contains_key(*n))
            .map(|(n, s)| (format!("vault.{n}"), s.clone()))
            .chain(
                live.other_stack_plans
                    .iter()
                    .filter(|(n, _)| !desired.plans.contains_key(*n))
                    .map(|(n, s)| (format!("plan.{n}"), s.clone())),
            )
            .collect(),
        aws_created_vaults: live.aws_created_vaults.clone(),
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

    fn settings(&mut self, desired: &Desired, live: &Live) {
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
