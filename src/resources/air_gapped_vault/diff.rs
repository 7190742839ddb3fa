//! The air-gapped vault part of the diff: create, update (tags, policy,
//! notifications, MPA approval team, restore access vaults), replace (the
//! retention range and the key are fixed at creation), delete. The write-only
//! `requester_comment` of a restore access vault is never compared, the
//! `VaultState` never read into the comparison (a vault still `CREATING`
//! compares like an `AVAILABLE` one), and an unspecified key is whatever
//! AWS chose.

use serde_json::Value;

use super::model::{AirGappedVault, LiveAirGappedVault};
use crate::changeset::{Action, Address, Change, Content, LiveIds};
use crate::model::{is_managed, Desired, Live};
use crate::resources::differ::Differ;
use crate::resources::fields;

impl Differ<'_> {
    pub(crate) fn air_gapped_vaults(&mut self, desired: &Desired, live: &Live) {
        for (name, want) in &desired.air_gapped_vaults {
            let mut want = want.clone();
            self.identity_tags(&mut want.tags);
            for ra in want.restore_access_vaults.values_mut() {
                self.identity_tags(&mut ra.tags);
            }
            let address = Address::AirGappedVault { name: name.clone() };
            let Some(have) = live.air_gapped_vaults.get(name) else {
                self.changes.push(Change {
                    fields: fields::diff(None, Some(&comparable(&want, None))),
                    creator_request_id: self.crid(&format!("air_gapped_vault/{name}"), &want),
                    desired: Some(Content::AirGappedVault(want)),
                    ..Change::new(Action::Create, address)
                });
                continue;
            };
            let Some(adopt) = self.ownership("air-gapped vault", name, &have.vault.tags) else {
                continue;
            };
            let before = comparable(&have.vault, None);
            let after = comparable(&want, have.vault.encryption_key_arn.as_deref());
            let mut fields = Vec::new();
            fields::diff_values("", Some(&before), Some(&after), &mut fields);
            if fields.is_empty() && !adopt {
                continue;
            }
            let mut change = Change {
                fields,
                adopt,
                live: Some(ids(have)),
                ..Change::new(Action::Update, address)
            };
            if let Some(reason) = replace_reason(&want, &have.vault) {
                change.action = Action::Replace;
                change.replace_reason = Some(reason);
                change.creator_request_id = self.crid(&format!("air_gapped_vault/{name}"), &want);
            }
            change.desired = Some(Content::AirGappedVault(want));
            self.changes.push(change);
        }
        for (name, have) in &live.air_gapped_vaults {
            if desired.air_gapped_vaults.contains_key(name)
                || !is_managed(&have.vault.tags, self.stack)
            {
                continue;
            }
            self.changes.push(Change {
                fields: fields::diff(Some(&comparable(&have.vault, None)), None),
                live: Some(ids(have)),
                ..Change::new(
                    Action::Delete,
                    Address::AirGappedVault { name: name.clone() },
                )
            });
        }
    }
}

/// Why the vault must be deleted and re-created, if it must.
fn replace_reason(want: &AirGappedVault, have: &AirGappedVault) -> Option<String> {
    if (want.min_retention_days, want.max_retention_days)
        != (have.min_retention_days, have.max_retention_days)
    {
        return Some(
            "min_retention_days and max_retention_days cannot change after creation".into(),
        );
    }
    if want.encryption_key_arn.is_some() && want.encryption_key_arn != have.encryption_key_arn {
        return Some("encryption_key_arn cannot change after creation".into());
    }
    None
}

/// The vault as compared: the key defaulted to the live one when not
/// given, restore access vaults without their write-only comment.
fn comparable(v: &AirGappedVault, live_key: Option<&str>) -> Value {
    let mut v = v.clone();
    if v.encryption_key_arn.is_none() {
        v.encryption_key_arn = live_key.map(str::to_string);
    }
    for ra in v.restore_access_vaults.values_mut() {
        ra.requester_comment = None;
    }
    serde_json::to_value(&v).expect("serializes")
}

fn ids(v: &LiveAirGappedVault) -> LiveIds {
    LiveIds {
        arn: Some(v.arn.clone()),
        number_of_recovery_points: Some(v.number_of_recovery_points),
        ..Default::default()
    }
}
