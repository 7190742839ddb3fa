//! `apply PLANFILE`: a saved plan is carried out only if it is exactly what
//! the current config and account call for. Checked in this order, each
//! with a message that names what differs: the region, the account, the
//! live fingerprint (the account changed since), and finally the changes
//! themselves, recomputed from the live state now — a hand-edited plan file
//! (an added delete, a re-pointed ARN, an allow-all policy) is refused
//! before any call, with nothing changed. The config digest is checked
//! first, before connecting ([`check_digest`]).

use crate::changeset::{ids, Change, ChangeSet};
use crate::model::Live;

/// Refuse a saved plan made from another config (or other -f files).
pub fn check_digest(saved: &ChangeSet, digest: &str, file: &str) -> anyhow::Result<()> {
    if saved.config_digest.as_deref() != Some(digest) {
        anyhow::bail!(
            "stale plan: the config changed since {file} was saved (or -f names other files); run `backupctl plan --out` again"
        );
    }
    Ok(())
}

/// `Err(message)` when `saved` must not be applied; `fresh` is the plan
/// computed now from the same config and `live`.
pub fn verify(
    saved: &ChangeSet,
    fresh: &ChangeSet,
    live: &Live,
    client_region: &str,
    file: &str,
) -> Result<(), String> {
    if saved.region != client_region {
        return Err(format!(
            "{file} was made for region {} but the client uses {client_region} (pass --region {} or make a plan for {client_region})",
            saved.region, saved.region
        ));
    }
    if let (Some(want), Some(have)) = (&saved.account_id, &live.account_id) {
        if want != have {
            return Err(format!(
                "{file} was made for account {want} but the credentials belong to account {have}"
            ));
        }
    }
    if saved.live_fingerprint != ids::live_fingerprint(live) {
        return Err(format!(
            "stale plan: the account changed since {file} was saved; run `backupctl plan --out` again"
        ));
    }
    let differ = differences(&saved.changes, &fresh.changes);
    if !differ.is_empty() || saved.errors != fresh.errors {
        let what = if differ.is_empty() {
            "its errors".to_string()
        } else {
            differ.join(", ")
        };
        return Err(format!(
            "{file} does not match what the config and the account call for now ({what}); it was edited, or made by another backupctl version. Nothing was changed; run `backupctl plan --out` again"
        ));
    }
    Ok(())
}

/// One phrase per change that is in one plan and not, or not equally, in
/// the other.
fn differences(saved: &[Change], fresh: &[Change]) -> Vec<String> {
    let mut out = Vec::new();
    for c in saved {
        match fresh
            .iter()
            .find(|f| f.address == c.address && f.action == c.action)
        {
            None => out.push(format!(
                "{} {} is not part of the current plan",
                c.action.symbol(),
                c.address
            )),
            Some(f) if f != c => out.push(format!(
                "{} {} differs from the current plan",
                c.action.symbol(),
                c.address
            )),
            Some(_) => {}
        }
    }
    for f in fresh {
        if !saved
            .iter()
            .any(|c| c.address == f.address && c.action == f.action)
        {
            out.push(format!(
                "{} {} is missing from it",
                f.action.symbol(),
                f.address
            ));
        }
    }
    if out.is_empty() && saved != fresh {
        out.push("the order of its changes differs".into());
    }
    out
}
