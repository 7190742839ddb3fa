//! `iam-policy --explain`: the table behind a policy, for reviewers
//! (Markdown: each action, the statement holding it, the AWS calls that
//! need it and the commands that make them) and for tools (JSON: every
//! call with its permissions, as the conformance tests read it).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::policy::sid;
use super::table::{Need, Res, Service, Use, CALLS};

fn use_name(u: Use) -> &'static str {
    match u {
        Use::ReadOnly => "read-only",
        Use::Apply => "apply",
    }
}

fn statement_of(uses: Use, res: Res) -> &'static str {
    match res {
        Res::PassedRole | Res::KmsKey | Res::Capsule | Res::TargetRole => sid(Use::Apply, res),
        _ => sid(uses, res),
    }
}

/// Every call the policy for `uses` covers, with its permissions, as JSON.
pub fn json(uses: Use) -> Value {
    let calls: Vec<Value> = CALLS
        .iter()
        .filter(|c| c.uses <= uses)
        .map(|c| {
            let perms: Vec<Value> = c
                .permissions
                .iter()
                .map(|p| {
                    let mut types: Vec<&str> = p.resources.iter().map(|r| r.type_name()).collect();
                    types.sort_unstable();
                    types.dedup();
                    let mut sids: Vec<&str> = p
                        .resources
                        .iter()
                        .map(|r| statement_of(c.uses, *r))
                        .collect();
                    sids.sort_unstable();
                    sids.dedup();
                    json!({
                        "action": p.action,
                        "resource_types": types,
                        "statements": sids,
                        "only_with_customer_managed_key": p.need == Need::VaultKey,
                    })
                })
                .collect();
            json!({
                "service": match c.service { Service::Backup => "backup", Service::Sts => "sts" },
                "operation": c.operation,
                "use": use_name(c.uses),
                "commands": c.commands,
                "when": c.when,
                "permissions": perms,
            })
        })
        .collect();
    json!({"use": use_name(uses), "calls": calls})
}

/// The table for `uses` as Markdown: one row per action.
pub fn markdown(uses: Use) -> String {
    #[derive(Default)]
    struct Row {
        types: BTreeSet<&'static str>,
        sids: BTreeSet<&'static str>,
        calls: BTreeSet<&'static str>,
        commands: BTreeSet<&'static str>,
        key_only: bool,
    }
    let mut rows: BTreeMap<&str, Row> = BTreeMap::new();
    let mut free: Vec<&str> = Vec::new();
    for c in CALLS.iter().filter(|c| c.uses <= uses) {
        if c.permissions.is_empty() {
            free.push(c.operation);
        }
        for p in c.permissions {
            let row = rows.entry(p.action).or_default();
            row.types.extend(p.resources.iter().map(|r| r.type_name()));
            row.sids
                .extend(p.resources.iter().map(|r| statement_of(c.uses, *r)));
            row.calls.insert(c.operation);
            row.commands.extend(c.commands.iter().copied());
            row.key_only = p.need == Need::VaultKey;
        }
    }
    let join = |xs: &BTreeSet<&str>, quote: bool| {
        xs.iter()
            .map(|x| {
                if quote {
                    format!("`{x}`")
                } else {
                    x.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::from(
        "| action | resource type | statement | AWS calls | commands |\n|---|---|---|---|---|\n",
    );
    for (action, r) in &rows {
        let calls = if r.key_only {
            format!(
                "{} (with a customer managed KMS key)",
                join(&r.calls, false)
            )
        } else {
            join(&r.calls, false)
        };
        out.push_str(&format!(
            "| `{action}` | {} | {} | {calls} | {} |\n",
            join(&r.types, false),
            join(&r.sids, false),
            join(&r.commands, true),
        ));
    }
    if !free.is_empty() {
        out.push_str(&format!(
            "\nCalls that need no permission: {} (AWS documents that none is required).\n",
            free.join(", ")
        ));
    }
    out
}
