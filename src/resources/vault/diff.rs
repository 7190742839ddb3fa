//! The vault part of the diff: create, update (tags, policy, notifications,
//! lock), replace (the encryption key is immutable), delete, and release (a
//! managed vault moved to `external_vaults` leaves the stack: only its
//! stack tag is removed, the vault is never deleted).
//!
//! Vault Lock: the compared lock is min, max and the mode (governance, or
//! compliance when the config gives `changeable_for_days` / AWS reports a
//! `LockDate`), never the write-only grace period itself, so an unchanged
//! compliance lock is not re-sent (re-sending would move its lock date and
//! postpone immutability for ever). When a lock is re-sent with a grace
//! period, the plan shows the old and the new lock date. A compliance lock
//! past its lock date can never change: a config that differs is a plan
//! error naming the date, not a doomed API call.

use serde_json::{json, Value};

use crate::changeset::{Action, Address, Change, Content, FieldChange, LiveIds};
use crate::model::{self, is_managed, Desired, Live, LiveVault, STACK_TAG};
use crate::resources::differ::Differ;
use crate::resources::fields;

impl Differ<'_> {
    pub(crate) fn vaults(&mut self, desired: &Desired, live: &Live) {
        for (name, want) in &desired.vaults {
            let mut want = want.clone();
            self.identity_tags(&mut want.tags);
            let address = Address::Vault { name: name.clone() };
            let Some(have) = live.vaults.get(name) else {
                // A create shows (and sends) everything, the write-only lock grace
                // period included.
                self.changes.push(Change {
                    fields: fields::diff(None, Some(&want)),
                    creator_request_id: self.crid(&format!("vault/{name}"), &want),
                    desired: Some(Content::Vault(want)),
                    ..Change::new(Action::Create, address)
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
            let address = Address::Vault { name: name.clone() };
            if desired.external_vaults.contains(name) {
                self.changes.push(release(have, self.stack, address));
                continue;
            }
            self.changes.push(Change {
                fields: fields::diff(Some(&comparable(&have.vault, None)), None),
                live: Some(vault_ids(have)),
                ..Change::new(Action::Delete, address)
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
        let before = comparable(&have.vault, None);
        let after = comparable(&want, have.vault.encryption_key_arn.as_deref());
        let mut fields = Vec::new();
        fields::diff_values("", Some(&before), Some(&after), &mut fields);
        if fields.iter().any(|f| is_lock(&f.path)) {
            let live_date = have.vault.lock.as_ref().and_then(|l| l.lock_date.clone());
            if let Some(date) = live_date.as_ref().filter(|_| have.locked) {
                let what: Vec<&str> = fields
                    .iter()
                    .filter(|f| is_lock(&f.path))
                    .map(|f| f.path.as_str())
                    .collect();
                self.errors.push(format!(
                    "vault \"{}\": its Vault Lock is in compliance mode and immutable since {date}; the config differs ({}) but the lock can never change again: make the config match the live lock",
                    want.name,
                    what.join(", ")
                ));
                fields.retain(|f| !is_lock(&f.path));
            } else {
                // The lock is re-sent: with a grace period it gets a new lock
                // date, without one (governance mode) the pending date goes.
                let days = want.lock.as_ref().and_then(|l| l.changeable_for_days);
                if days.is_some() || live_date.is_some() {
                    fields.push(FieldChange {
                        path: "lock.lock_date".into(),
                        before: live_date.map(Value::String),
                        after: days.map(|d| json!(format!("apply time + {d} days"))),
                    });
                }
            }
        }
        if fields.is_empty() && !adopt {
            return;
        }
        let mut change = Change {
            fields,
            adopt,
            live: Some(vault_ids(have)),
            ..Change::new(Action::Update, address)
        };
        if key_changed {
            change.action = Action::Replace;
            change.replace_reason =
                Some("encryption_key_arn cannot change after creation".to_string());
            change.creator_request_id = self.crid(&format!("vault/{}", want.name), &want);
        }
        change.desired = Some(Content::Vault(want));
        self.changes.push(change);
    }
}

fn is_lock(path: &str) -> bool {
    path == "lock" || path.starts_with("lock.")
}

/// Hand a managed vault over (moved to `external_vaults`): untag it.
fn release(have: &LiveVault, stack: &str, address: Address) -> Change {
    let mut kept = have.vault.clone();
    kept.tags.remove(STACK_TAG);
    Change {
        fields: vec![FieldChange {
            path: format!("tags.{STACK_TAG}"),
            before: Some(json!(stack)),
            after: None,
        }],
        release: true,
        desired: Some(Content::Vault(kept)),
        live: Some(vault_ids(have)),
        ..Change::new(Action::Update, address)
    }
}

/// A vault as compared: an unspecified encryption key taken as whatever
/// AWS chose, and the lock as min, max and mode (the write-only grace
/// period and the read-only lock date left out).
fn comparable(v: &model::Vault, live_key: Option<&str>) -> Value {
    let mut v = v.clone();
    if v.encryption_key_arn.is_none() {
        v.encryption_key_arn = live_key.map(str::to_string);
    }
    let mode = v.lock.as_ref().map(|l| l.mode());
    let mut value = serde_json::to_value(&v).expect("serializes");
    if let (Some(lock), Some(mode)) = (value.get_mut("lock").and_then(Value::as_object_mut), mode) {
        lock.remove("changeable_for_days");
        lock.remove("lock_date");
        lock.insert("mode".into(), json!(mode.as_str()));
    }
    value
}

pub(crate) fn vault_ids(v: &LiveVault) -> LiveIds {
    LiveIds {
        arn: Some(v.arn.clone()),
        number_of_recovery_points: Some(v.number_of_recovery_points),
        ..Default::default()
    }
}
