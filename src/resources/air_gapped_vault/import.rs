//! Import writer for a live air-gapped vault: its `air_gapped_vaults:`
//! entry (stack tags left out, restore access vaults listed by name).

use serde_json::{json, Value};

use super::model::LiveAirGappedVault;
use crate::model::{Live, STACK_TAG};
use crate::resources::ops::Select;
use crate::resources::writer::{item, put, user_tags, Obj};
use crate::resources::Import;

/// The air-gapped vaults the filter chooses; another stack's are skipped.
pub(crate) fn select<'a>(live: &'a Live, s: &Select<'_>, out: &mut Import<'a>) {
    for v in live.air_gapped_vaults.values() {
        if !s.filter.matches(&v.vault.name, &v.vault.tags) {
            continue;
        }
        match v
            .vault
            .tags
            .get(STACK_TAG)
            .filter(|t| t.as_str() != s.stack)
        {
            Some(other) => out.skipped.push(format!(
                "air-gapped vault \"{}\" belongs to stack \"{other}\"",
                v.vault.name
            )),
            None => out.air_gapped_vaults.push(v),
        }
    }
}

/// The `air_gapped_vaults:` section.
pub(crate) fn write(import: &Import<'_>, out: &mut String) {
    if !import.air_gapped_vaults.is_empty() {
        out.push_str("\nair_gapped_vaults:\n");
        for v in &import.air_gapped_vaults {
            out.push_str(&item(&format!("source: {}", v.arn), &vault(v)));
        }
    }
}

fn vault(v: &LiveAirGappedVault) -> Value {
    let v = &v.vault;
    let mut m = Obj::new();
    m.insert("name".into(), json!(v.name));
    m.insert("min_retention_days".into(), json!(v.min_retention_days));
    m.insert("max_retention_days".into(), json!(v.max_retention_days));
    put(&mut m, "encryption_key_arn", v.encryption_key_arn.as_ref());
    put(&mut m, "tags", user_tags(&v.tags));
    put(&mut m, "access_policy", v.access_policy.as_ref());
    put(
        &mut m,
        "notifications",
        v.notifications
            .as_ref()
            .map(|n| json!({"sns_topic_arn": n.sns_topic_arn, "events": n.events})),
    );
    put(
        &mut m,
        "mpa_approval_team_arn",
        v.mpa_approval_team_arn.as_ref(),
    );
    let ras: Vec<Value> = v
        .restore_access_vaults
        .iter()
        .map(|(name, ra)| {
            let mut r = Obj::new();
            r.insert("name".into(), json!(name));
            put(&mut r, "tags", user_tags(&ra.tags));
            Value::Object(r)
        })
        .collect();
    if !ras.is_empty() {
        m.insert("restore_access_vaults".into(), Value::Array(ras));
    }
    Value::Object(m)
}
