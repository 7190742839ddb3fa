//! Digests that tie a saved plan to what it was computed from, and the
//! deterministic CreatorRequestIds apply sends so retried or re-run creates
//! never make a second resource (AWS-BACKUP-FACTS, quirk 6).

use sha2::{Digest, Sha256};

use crate::model::Live;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Digest of the config files' contents, in load order (not their paths, so
/// the same config checked out elsewhere has the same digest).
pub fn config_digest(files: &[std::path::PathBuf]) -> anyhow::Result<String> {
    let mut h = Sha256::new();
    for f in files {
        let text = std::fs::read(f)
            .map_err(|e| anyhow::anyhow!("cannot read {} for its digest: {e}", f.display()))?;
        h.update((text.len() as u64).to_le_bytes());
        h.update(&text);
    }
    Ok(format!("sha256:{}", hex(&h.finalize())))
}

/// Fingerprint of the normalized live state (BTreeMaps serialize in a fixed
/// order, so equal states give equal fingerprints). The names of unmanaged
/// resources (outside any stack, other stacks', AWS-created: see
/// [`Live::fingerprinted`]) are left out: a plan never changes them (a config-named one is
/// read in full and fingerprinted), so someone else creating or deleting an
/// unrelated vault in a busy account does not make a saved plan stale. The
/// account id is left out too (an empty account has none to tell; apply
/// compares the accounts themselves when both are known).
pub fn live_fingerprint(live: &Live) -> String {
    let relevant = live.fingerprinted();
    let json = serde_json::to_vec(&relevant).expect("live state serializes");
    format!("sha256:{}", hex(&Sha256::digest(json)))
}

/// CreatorRequestId: `bctl-` and 40 hex digits of sha256(stack, resource
/// identity, canonical desired content) — 45 characters of `[a-z0-9-]`,
/// within AWS's 1..50 of `[A-Za-z0-9-_.]`.
pub fn creator_request_id(stack: &str, identity: &str, content: &serde_json::Value) -> String {
    let mut h = Sha256::new();
    for part in [stack, identity, &content.to_string()] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    let digest = hex(&h.finalize());
    format!("bctl-{}", &digest[..40])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn creator_request_ids_are_deterministic_and_valid() {
        let a = creator_request_id("s", "vault/main", &json!({"name": "main"}));
        let b = creator_request_id("s", "vault/main", &json!({"name": "main"}));
        let c = creator_request_id("s", "vault/main", &json!({"name": "other"}));
        let d = creator_request_id("t", "vault/main", &json!({"name": "main"}));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
        assert!(a.len() <= 50);
        assert!(a
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "-_.".contains(ch)));
    }

    #[test]
    fn equal_live_states_have_equal_fingerprints() {
        let a = Live::default();
        assert_eq!(live_fingerprint(&a), live_fingerprint(&a.clone()));
        let mut b = Live::default();
        b.unmanaged_vaults.insert("x".into());
        b.unmanaged_plans.insert("y".into());
        assert_eq!(live_fingerprint(&a), live_fingerprint(&b));
        b.settings
            .global
            .insert("isCrossAccountBackupEnabled".into(), "true".into());
        assert_ne!(live_fingerprint(&a), live_fingerprint(&b));
    }

    /// A kind whose outside names reached the fingerprint would make every
    /// saved plan stale when someone touches an unrelated resource. Every
    /// kind's outside lists are filled here: the fingerprint must not move,
    /// and every outside collection of `Live` must be reachable from a kind
    /// (so none is left out of `Live::outside` by mistake).
    #[test]
    fn nothing_outside_the_stack_reaches_the_fingerprint() {
        use crate::resources::Kind;
        let base = Live::default();
        let mut live = Live::default();
        let mut filled = 0;
        for kind in Kind::all() {
            let o = live.outside_mut(kind);
            if let Some(u) = o.unmanaged {
                u.insert(format!("SENTINEL-{kind:?}"));
                filled += 1;
            }
            if let Some(m) = o.other_stacks {
                m.insert(format!("SENTINEL-{kind:?}"), "other".into());
                filled += 1;
            }
            if let Some(a) = o.aws_created {
                a.insert(format!("SENTINEL-{kind:?}"));
                filled += 1;
            }
        }
        assert_eq!(live_fingerprint(&base), live_fingerprint(&live));
        let full = serde_json::to_string(&live).unwrap();
        assert_eq!(full.matches("SENTINEL-").count(), filled);
        assert!(!serde_json::to_string(&live.fingerprinted())
            .unwrap()
            .contains("SENTINEL-"));
        // Every collection `fingerprinted` empties is one a kind fills: the
        // outside collections serialized by an otherwise empty `Live` are
        // exactly the ones filled above.
        let empty = serde_json::to_value(Live::default()).unwrap();
        let filled_json = serde_json::to_value(&live).unwrap();
        let grown: Vec<&String> = filled_json
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| empty.get(k.as_str()) != filled_json.get(k.as_str()))
            .collect();
        assert_eq!(grown.len(), filled, "{grown:?}");
    }
}
