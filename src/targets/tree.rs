//! The per-target edits of one file's YAML tree, before it is decoded:
//! dropping the vaults and plans whose `targets:` does not select the
//! target, and turning `destination_vault: { target, vault }` into the
//! destination vault's ARN. Also the list of vault names a resolved tree
//! declares (what a cross-target reference may name).

use std::collections::{BTreeMap, BTreeSet};

use crate::yaml::decode::did_you_mean;
use crate::yaml::raw::{Kind, Node, Pos};

use super::select::{self, Selector};
use super::subst::Finding;
use super::Target;

/// The resource lists a `targets:` key may appear in.
pub const SELECTABLE: &[&str] = &["vaults", "plans"];

fn key_is(k: &Node, key: &str) -> bool {
    matches!(&k.kind, Kind::Str(s) if s == key)
}

fn list_mut<'a>(tree: &'a mut Node, key: &str) -> Option<&'a mut Vec<Node>> {
    let Kind::Map(entries) = &mut tree.kind else {
        return None;
    };
    let (_, v) = entries.iter_mut().find(|(k, _)| key_is(k, key))?;
    match &mut v.kind {
        Kind::Seq(items) => Some(items),
        _ => None,
    }
}

/// Remove the top-level `keys` of a tree.
pub fn strip_keys(tree: &mut Node, keys: &[&str]) {
    if let Kind::Map(entries) = &mut tree.kind {
        entries.retain(|(k, _)| !keys.iter().any(|key| key_is(k, key)));
    }
}

/// The selectors of one file: for each selectable list, the selector of
/// each item (`None`: no `targets:` key, every target).
pub type Selectors = BTreeMap<&'static str, Vec<Option<Selector>>>;

/// The `targets:` keys of `tree`'s vaults and plans, parsed, with the
/// position of each (for "no top-level targets" findings).
pub fn selectors(tree: &Node, out: &mut Vec<Finding>) -> (Selectors, Vec<(Pos, String)>) {
    let mut sel = Selectors::new();
    let mut keys = Vec::new();
    for list in SELECTABLE {
        let Some(Kind::Seq(items)) = tree.get(list).map(|n| &n.kind) else {
            continue;
        };
        let parsed = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let path = format!("{list}[{i}].targets");
                let (k, v) = item.as_map()?.iter().find(|(k, _)| key_is(k, "targets"))?;
                keys.push((k.pos, path.clone()));
                match select::parse(v, &path) {
                    Ok(s) => Some(s),
                    Err(f) => {
                        out.extend(f);
                        // A broken selector selects nothing (already reported).
                        Some(Selector::Patterns(Vec::new()))
                    }
                }
            })
            .collect();
        sel.insert(list, parsed);
    }
    (sel, keys)
}

/// Keep the vaults and plans that select `t` (all, when `t` is `None`),
/// without their `targets:` key.
pub fn select_resources(tree: &mut Node, sel: &Selectors, t: Option<&Target>) {
    for (list, items) in sel {
        let Some(nodes) = list_mut(tree, list) else {
            continue;
        };
        let mut i = 0;
        nodes.retain(|_| {
            let keep = items
                .get(i)
                .and_then(Option::as_ref)
                .is_none_or(|s| t.is_none_or(|t| s.matches(t)));
            i += 1;
            keep
        });
        for n in nodes.iter_mut() {
            if let Kind::Map(entries) = &mut n.kind {
                entries.retain(|(k, _)| !key_is(k, "targets"));
            }
        }
    }
}

/// The vault names a resolved tree declares: `vaults[*].name` and
/// `external_vaults[*]`.
pub fn vault_names(tree: &Node, out: &mut BTreeSet<String>) {
    if let Some(Kind::Seq(vaults)) = tree.get("vaults").map(|n| &n.kind) {
        for v in vaults {
            if let Some(Kind::Str(name)) = v.get("name").map(|n| &n.kind) {
                out.insert(name.clone());
            }
        }
    }
    if let Some(Kind::Seq(ext)) = tree.get("external_vaults").map(|n| &n.kind) {
        for v in ext {
            if let Kind::Str(name) = &v.kind {
                out.insert(name.clone());
            }
        }
    }
}

/// Every target's name -> (the target, the vaults its config declares).
pub type Destinations<'a> = BTreeMap<&'a str, (&'a Target, BTreeSet<String>)>;

/// Visit every copy action of the tree (in plans' rules and in rule
/// templates) with its key path.
fn copy_actions(tree: &mut Node, f: &mut dyn FnMut(&mut Node, &str)) {
    let each = |rule: &mut Node, path: &str, f: &mut dyn FnMut(&mut Node, &str)| {
        if let Some(actions) = list_mut(rule, "copy_actions") {
            for (i, a) in actions.iter_mut().enumerate() {
                f(a, &format!("{path}.copy_actions[{i}]"));
            }
        }
    };
    if let Some(plans) = list_mut(tree, "plans") {
        for (pi, plan) in plans.iter_mut().enumerate() {
            if let Some(rules) = list_mut(plan, "rules") {
                for (ri, rule) in rules.iter_mut().enumerate() {
                    each(rule, &format!("plans[{pi}].rules[{ri}]"), f);
                }
            }
        }
    }
    if let Kind::Map(entries) = &mut tree.kind {
        if let Some((
            _,
            Node {
                kind: Kind::Map(tpls),
                ..
            },
        )) = entries
            .iter_mut()
            .find(|(k, _)| key_is(k, "rule_templates"))
        {
            for (k, tpl) in tpls.iter_mut() {
                let path = format!("rule_templates.{}", k.scalar_text());
                each(tpl, &path, f);
            }
        }
    }
}

fn finding(pos: Pos, path: String, message: String, hint: Option<String>) -> Finding {
    Finding {
        pos,
        path,
        message,
        hint,
    }
}

/// Resolve `destination_vault: { target, vault }` into
/// `destination_vault_arn` (at the reference's position, recorded in
/// `resolved`). Without targets (`dest` is `None`) each reference is a
/// mistake (reported, and replaced by a placeholder ARN).
pub fn resolve_refs(
    tree: &mut Node,
    dest: Option<&Destinations<'_>>,
    out: &mut Vec<Finding>,
    resolved: &mut Vec<Pos>,
) {
    copy_actions(tree, &mut |action, path| {
        let Kind::Map(entries) = &mut action.kind else {
            return;
        };
        let Some(ri) = entries
            .iter()
            .position(|(k, _)| key_is(k, "destination_vault"))
        else {
            return;
        };
        let at = format!("{path}.destination_vault");
        let (key, r) = &entries[ri];
        let (key_pos, r) = (key.pos, r.clone());
        if let Some((_, arn)) = entries
            .iter()
            .find(|(k, _)| key_is(k, "destination_vault_arn"))
        {
            out.push(finding(
                arn.pos,
                format!("{path}.destination_vault_arn"),
                "a copy action has `destination_vault` or `destination_vault_arn`, not both".into(),
                None,
            ));
            entries.remove(ri);
            return;
        }
        let Some(dest) = dest else {
            out.push(finding(
                key_pos,
                at,
                "`destination_vault` needs top-level `targets:`".into(),
                Some("without targets, write `destination_vault_arn`".into()),
            ));
            placeholder(&mut entries[ri]);
            return;
        };
        match lookup(&r, dest, &at) {
            Ok(arn) => {
                resolved.push(r.pos);
                entries[ri] = (
                    Node {
                        pos: key_pos,
                        kind: Kind::Str("destination_vault_arn".into()),
                    },
                    Node {
                        pos: r.pos,
                        kind: Kind::Str(arn),
                    },
                );
            }
            Err(f) => {
                out.push(f);
                placeholder(&mut entries[ri]);
            }
        }
    });
}

/// A reference already reported becomes a well-formed ARN, so decoding
/// and the checks add no follow-up findings about it.
fn placeholder(entry: &mut (Node, Node)) {
    entry.0.kind = Kind::Str("destination_vault_arn".into());
    entry.1.kind =
        Kind::Str("arn:aws:backup:us-east-1:000000000000:backup-vault:unresolved".into());
}

fn lookup(r: &Node, dest: &Destinations<'_>, at: &str) -> Result<String, Finding> {
    let bad =
        |pos: Pos, path: String, msg: String, hint: Option<String>| finding(pos, path, msg, hint);
    let Some(entries) = r.as_map() else {
        return Err(bad(
            r.pos,
            at.into(),
            format!("expected a mapping, found {}", r.kind.type_name()),
            Some("`destination_vault: { target: central/eu-west-1, vault: archive }`".into()),
        ));
    };
    for (k, _) in entries {
        let key = k.scalar_text();
        if key != "target" && key != "vault" {
            let hint = did_you_mean(&key, ["target", "vault"])
                .map_or("the keys are `target` and `vault`".into(), |s| {
                    format!("did you mean `{s}`?")
                });
            return Err(bad(
                k.pos,
                format!("{at}.{key}"),
                format!("unknown key `{key}`"),
                Some(hint),
            ));
        }
    }
    let field = |name: &str| -> Result<(String, Pos), Finding> {
        match r.get(name) {
            Some(Node {
                kind: Kind::Str(s),
                pos,
            }) => Ok((s.clone(), *pos)),
            Some(n) => Err(bad(
                n.pos,
                format!("{at}.{name}"),
                format!("expected a string, found {}", n.kind.type_name()),
                None,
            )),
            None => Err(bad(
                r.pos,
                at.into(),
                format!("missing required key `{name}`"),
                None,
            )),
        }
    };
    let (target, tpos) = field("target")?;
    let (vault, vpos) = field("vault")?;
    let Some((t, vaults)) = dest.get(target.as_str()) else {
        let hint = match did_you_mean(&target, dest.keys().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "targets: {}",
                dest.keys().copied().collect::<Vec<_>>().join(", ")
            ),
        };
        return Err(bad(
            tpos,
            format!("{at}.target"),
            format!("no target is named `{target}`"),
            Some(hint),
        ));
    };
    if !vaults.contains(&vault) {
        let hint = match did_you_mean(&vault, vaults.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if vaults.is_empty() => format!("`{target}` declares no vaults"),
            None => format!(
                "vaults of `{target}`: {}",
                vaults.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        };
        return Err(bad(
            vpos,
            format!("{at}.vault"),
            format!("target `{target}` declares no vault `{vault}` (in `vaults` selected for it, or `external_vaults`)"),
            Some(hint),
        ));
    }
    Ok(t.vault_arn(&vault))
}
