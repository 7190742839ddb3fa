//! The pure diff: `(Desired, Live) -> Plan`. No I/O, so it is unit and
//! property tested directly.
//!
//! Rules: a vault or plan is managed when it carries `backupctl:stack =
//! <stack>`; selections belong to their plan; settings are compared only for
//! declared keys. Unmanaged resources are reported, never changed; a desired
//! name held by an unmanaged resource is an error unless `--adopt`. A vault's
//! encryption key is immutable (replace); selections cannot be updated (any
//! change replaces). Changes are ordered by dependency (see [`phase`]).
//! Each kind diffs itself (`resources::<kind>::diff`); this module holds
//! the ordering and the unmanaged lists (the shared `Differ` and `fields`
//! are in `resources`, below the kinds).

pub use crate::resources::fields;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod trust_tests;

use crate::changeset::{self, ids, Action, Change, ChangeSet, Unmanaged};
use crate::model::{Desired, Live};
pub use crate::resources::differ::DiffOptions;
use crate::resources::differ::Differ;

/// Order in which changes run, derived from the kinds' declared
/// dependencies ([`crate::resources::phase`]): settings, then vaults
/// (targets of rules), then plans, then their selections; deletes in reverse
/// dependency order — selections before their plan, plans before vaults.
pub fn phase(c: &Change) -> u8 {
    crate::resources::phase(c.address.kind(), c.action == Action::Delete)
}

/// Compute the plan that turns `live` into `desired`.
pub fn diff(desired: &Desired, live: &Live, opts: DiffOptions) -> ChangeSet {
    let mut d = Differ::new(&desired.stack, opts);
    for diff in crate::resources::REGISTRY.iter().filter_map(|i| i.ops.diff) {
        diff(&mut d, desired, live);
    }
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

/// What the account holds outside this stack, per kind that lists it:
/// names outside any stack (less desired, external and ignored ones),
/// other stacks' resources (less desired ones) and AWS-created ones.
fn unmanaged(desired: &Desired, live: &Live) -> Unmanaged {
    let keep = |name: &String, globs: &[String]| !globs.iter().any(|g| glob_match(g, name));
    let mut out = Unmanaged::default();
    for info in crate::resources::REGISTRY {
        let kind = info.kind;
        let outside = live.outside(kind);
        let declared = |n: &String| desired.declares(kind, n);
        if let (Some(list), Some(names)) = (out.names_mut(kind), outside.unmanaged) {
            *list = names
                .iter()
                .filter(|n| !declared(n) && !desired.is_external(kind, n))
                .filter(|n| keep(n, desired.ignored(kind)))
                .cloned()
                .collect();
        }
        if let Some(others) = outside.other_stacks {
            out.other_stacks.extend(
                others
                    .iter()
                    .filter(|(n, _)| !declared(n))
                    .map(|(n, s)| (format!("{}.{n}", info.prefix), s.clone())),
            );
        }
        if let (Some(list), Some(names)) = (out.aws_created_mut(kind), outside.aws_created) {
            list.clone_from(names);
        }
    }
    out
}

/// The one glob matcher (`*` any run, `?` one character), shared with
/// config validation.
pub use crate::yaml::arn::glob_match;
