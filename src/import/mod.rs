//! Import: turn live vaults, plans (with their selections) and settings into
//! a config file, so an account built by hand or by another tool can be
//! brought under backupctl. The output is YAML in the config's own syntax,
//! with a `# source: ARN` comment on every resource, AWS defaults left out,
//! and only what `model` compares, so that import → validate → plan shows
//! no changes (once the resources carry the stack tag: `import --adopt`).
//!
//! Selection rules: a name pattern and tag filters choose vaults and plans;
//! resources of another stack and plan names held twice are skipped (never
//! guessed); vaults that chosen rules target but that are not imported are
//! listed under `external_vaults`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::config::validate::values::GLOBAL_SETTINGS;
use crate::config::{self, Diagnostics};
use crate::diff::{diff, glob_match, DiffOptions};
use crate::model::desired::from_config;
use crate::model::{
    BackupPlan, Conditions, Lifecycle, Live, LivePlan, LiveVault, Rule, Selection, Settings, Tags,
    DEFAULT_COMPLETION_WINDOW, DEFAULT_START_WINDOW, DEFAULT_TIMEZONE, STACK_TAG,
};

/// Which live resources to import. Empty lists mean "no restriction".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Name globs (`*`, `?`); a resource matching any of them is chosen.
    pub names: Vec<String>,
    /// Tags a resource must all carry.
    pub tags: Vec<(String, String)>,
}

impl Filter {
    pub fn matches(&self, name: &str, tags: &Tags) -> bool {
        (self.names.is_empty() || self.names.iter().any(|g| glob_match(g, name)))
            && self
                .tags
                .iter()
                .all(|(k, v)| tags.get(k).is_some_and(|t| t == v))
    }
}

/// A resource the import chose, and whether it still needs the stack tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub kind: &'static str,
    pub name: String,
    pub arn: String,
    /// Untagged: `--adopt` tags it into the stack.
    pub adopt: bool,
}

/// What the import will write.
#[derive(Debug, Clone, Default)]
pub struct Import<'a> {
    pub vaults: Vec<&'a LiveVault>,
    pub plans: Vec<&'a LivePlan>,
    /// Vaults chosen rules target that are not imported themselves.
    pub external_vaults: BTreeSet<String>,
    pub settings: Option<&'a Settings>,
    /// Resources left out, with the reason (shown as warnings).
    pub skipped: Vec<String>,
}

impl Import<'_> {
    /// Every chosen vault and plan, with its ARN and ownership.
    pub fn chosen(&self, stack: &str) -> Vec<Chosen> {
        let adopt = |tags: &Tags| tags.get(STACK_TAG).map(String::as_str) != Some(stack);
        let vaults = self.vaults.iter().map(|v| Chosen {
            kind: "vault",
            name: v.vault.name.clone(),
            arn: v.arn.clone(),
            adopt: adopt(&v.vault.tags),
        });
        let plans = self.plans.iter().map(|p| Chosen {
            kind: "plan",
            name: p.plan.name.clone(),
            arn: p.arn.clone(),
            adopt: adopt(&p.plan.tags),
        });
        vaults.chain(plans).collect()
    }
}

/// Choose what to import from a live state read in full.
pub fn select<'a>(live: &'a Live, stack: &str, filter: &Filter, with_settings: bool) -> Import<'a> {
    let mut out = Import {
        settings: with_settings.then_some(&live.settings),
        ..Default::default()
    };
    let foreign = |tags: &Tags| tags.get(STACK_TAG).filter(|s| s.as_str() != stack).cloned();
    for v in live.vaults.values() {
        if !filter.matches(&v.vault.name, &v.vault.tags) {
            continue;
        }
        match foreign(&v.vault.tags) {
            Some(other) => out.skipped.push(format!(
                "vault \"{}\" belongs to stack \"{other}\"",
                v.vault.name
            )),
            None => out.vaults.push(v),
        }
    }
    for p in live.plans.values() {
        if !filter.matches(&p.plan.name, &p.plan.tags) {
            continue;
        }
        match foreign(&p.plan.tags) {
            Some(other) => out.skipped.push(format!(
                "plan \"{}\" belongs to stack \"{other}\"",
                p.plan.name
            )),
            None => out.plans.push(p),
        }
    }
    for p in &out.plans {
        for d in &p.duplicate_selections {
            out.skipped.push(format!(
                "selection \"{}\" (id {}) of plan \"{}\": the plan holds another selection of that name, and only one is imported",
                d.name, d.id, p.plan.name
            ));
        }
    }
    for name in &live.duplicate_plan_names {
        if filter.names.is_empty() || filter.names.iter().any(|g| glob_match(g, name)) {
            out.skipped.push(format!(
                "plan name \"{name}\" is held by more than one plan (rename one first)"
            ));
        }
    }
    let imported: BTreeSet<&str> = out.vaults.iter().map(|v| v.vault.name.as_str()).collect();
    out.external_vaults = out
        .plans
        .iter()
        .flat_map(|p| p.plan.rules.values().map(|r| r.target_vault.as_str()))
        .filter(|t| !imported.contains(t))
        .map(str::to_string)
        .collect();
    out
}

/// The config text: schema modeline, header, then the resources, each
/// preceded by a comment naming its source.
pub fn to_yaml(
    import: &Import,
    stack: &str,
    account_id: Option<&str>,
    region: &str,
    schema: &str,
) -> String {
    let mut out = format!(
        "# yaml-language-server: $schema={schema}\n#\n# Written by `backupctl import` from account {} in {region}.\n# Review it, then `backupctl plan` should show no changes (after\n# `import --adopt`, or `plan --adopt` to take the resources over).\n",
        account_id.unwrap_or("(unknown)")
    );
    let mut head = Map::new();
    head.insert("version".into(), json!(1));
    head.insert("stack".into(), json!(stack));
    if let Some(a) = account_id {
        head.insert("account_id".into(), json!(a));
    }
    head.insert("region".into(), json!(region));
    if !import.external_vaults.is_empty() {
        head.insert("external_vaults".into(), json!(import.external_vaults));
    }
    out.push_str(&yaml(&Value::Object(head)));
    if !import.vaults.is_empty() {
        out.push_str("\nvaults:\n");
        for v in &import.vaults {
            out.push_str(&item(&format!("source: {}", v.arn), &vault(v)));
        }
    }
    if !import.plans.is_empty() {
        out.push_str("\nplans:\n");
        for p in &import.plans {
            out.push_str(&item(
                &format!("source: {} (version {})", p.arn, p.version_id),
                &plan(p),
            ));
        }
    }
    if let Some(s) = import.settings.and_then(settings) {
        out.push_str("\n# source: DescribeGlobalSettings and DescribeRegionSettings\n");
        out.push_str(&yaml(&json!({ "settings": s })));
    }
    out
}

fn yaml(v: &Value) -> String {
    serde_saphyr::to_string(v).expect("JSON values always serialize to YAML")
}

/// One list element under a top-level key: the comment, then `- ` and the
/// element indented by two spaces.
fn item(comment: &str, v: &Value) -> String {
    let mut out = format!("  # {comment}\n");
    for (i, line) in yaml(v).lines().enumerate() {
        let prefix = if i == 0 { "  - " } else { "    " };
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(prefix);
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Tags without the stack tag (the stack adds it); `None` when none are left.
fn user_tags(tags: &Tags) -> Option<BTreeMap<&String, &String>> {
    let t: BTreeMap<&String, &String> = tags.iter().filter(|(k, _)| *k != STACK_TAG).collect();
    (!t.is_empty()).then_some(t)
}

type Obj = Map<String, Value>;

/// `key: value` when there is a value.
fn put<T: serde::Serialize>(m: &mut Obj, key: &str, v: Option<T>) {
    if let Some(v) = v {
        m.insert(key.into(), json!(v));
    }
}

/// `key: [f(item), ...]` when there are items.
fn put_list<I: IntoIterator>(m: &mut Obj, key: &str, items: I, f: impl FnMut(I::Item) -> Value) {
    let list: Vec<Value> = items.into_iter().map(f).collect();
    if !list.is_empty() {
        m.insert(key.into(), Value::Array(list));
    }
}

/// `key: {...}` unless the map is empty.
fn put_map<K: serde::Serialize, V: serde::Serialize>(m: &mut Obj, key: &str, map: &BTreeMap<K, V>) {
    put(m, key, (!map.is_empty()).then_some(map));
}

fn vault(v: &LiveVault) -> Value {
    let v = &v.vault;
    let mut m = Obj::new();
    m.insert("name".into(), json!(v.name));
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
    if let Some(l) = &v.lock {
        let mut lock = Obj::new();
        put(&mut lock, "min_retention_days", l.min_retention_days);
        put(&mut lock, "max_retention_days", l.max_retention_days);
        // A compliance-mode lock: AWS never returns the grace period, so
        // the days left until its lock date stand in (at least AWS's
        // minimum of 3). Only the mode is compared, so this plans nothing;
        // left out, the config would claim governance mode.
        if let Some(date) = &l.lock_date {
            put(
                &mut lock,
                "changeable_for_days",
                Some(grace_days_left(date)),
            );
        }
        if !lock.is_empty() {
            m.insert("lock".into(), Value::Object(lock));
        }
    }
    Value::Object(m)
}

/// Whole days from now until `date` (RFC 3339), at least 3.
fn grace_days_left(date: &str) -> i64 {
    let left = chrono::DateTime::parse_from_rfc3339(date)
        .map(|d| (d.timestamp() - chrono::Utc::now().timestamp() + 86_399) / 86_400)
        .unwrap_or(0);
    left.max(3)
}

fn plan(p: &LivePlan) -> Value {
    let p: &BackupPlan = &p.plan;
    let mut m = Obj::new();
    m.insert("name".into(), json!(p.name));
    put(&mut m, "tags", user_tags(&p.tags));
    put_list(
        &mut m,
        "advanced_backup_settings",
        &p.advanced_backup_settings,
        |(t, o)| json!({"resource_type": t, "backup_options": o}),
    );
    put_list(&mut m, "scan_settings", &p.scan_settings, |s| {
        let mut e = Obj::new();
        put(&mut e, "malware_scanner", s.malware_scanner.as_ref());
        put_list(&mut e, "resource_types", &s.resource_types, |t| json!(t));
        put(&mut e, "scanner_role_arn", s.scanner_role_arn.as_ref());
        Value::Object(e)
    });
    put_list(&mut m, "rules", &p.rules, |(n, r)| rule(n, r));
    put_list(&mut m, "selections", &p.selections, |(n, s)| {
        selection(n, s)
    });
    Value::Object(m)
}

fn lifecycle(l: &Lifecycle) -> Value {
    let mut m = Obj::new();
    put(
        &mut m,
        "move_to_cold_storage_after_days",
        l.move_to_cold_storage_after_days,
    );
    put(&mut m, "delete_after_days", l.delete_after_days);
    put(
        &mut m,
        "opt_in_to_archive_for_supported_resources",
        l.opt_in_to_archive_for_supported_resources.then_some(true),
    );
    put(&mut m, "delete_after_event", l.delete_after_event.as_ref());
    Value::Object(m)
}

fn rule(name: &str, r: &Rule) -> Value {
    let mut m = Obj::new();
    m.insert("name".into(), json!(name));
    m.insert("target_vault".into(), json!(r.target_vault));
    put(
        &mut m,
        "target_logically_air_gapped_backup_vault_arn",
        r.target_logically_air_gapped_backup_vault_arn.as_ref(),
    );
    m.insert("schedule".into(), json!(r.schedule));
    // AWS defaults are left out.
    put(
        &mut m,
        "schedule_timezone",
        (r.schedule_timezone != DEFAULT_TIMEZONE).then_some(&r.schedule_timezone),
    );
    put(
        &mut m,
        "start_window_minutes",
        (r.start_window_minutes != DEFAULT_START_WINDOW).then_some(r.start_window_minutes),
    );
    put(
        &mut m,
        "completion_window_minutes",
        (r.completion_window_minutes != DEFAULT_COMPLETION_WINDOW)
            .then_some(r.completion_window_minutes),
    );
    put(&mut m, "lifecycle", r.lifecycle.as_ref().map(lifecycle));
    put_list(&mut m, "copy_actions", &r.copy_actions, |c| {
        let mut e = Obj::new();
        e.insert(
            "destination_vault_arn".into(),
            json!(c.destination_vault_arn),
        );
        put(&mut e, "lifecycle", c.lifecycle.as_ref().map(lifecycle));
        Value::Object(e)
    });
    put(
        &mut m,
        "enable_continuous_backup",
        r.enable_continuous_backup.then_some(true),
    );
    put_map(&mut m, "recovery_point_tags", &r.recovery_point_tags);
    put_list(
        &mut m,
        "index_actions",
        &r.index_actions,
        |t| json!({ "resource_types": t }),
    );
    put_list(&mut m, "scan_actions", &r.scan_actions, |s| {
        let mut e = Obj::new();
        put(&mut e, "malware_scanner", s.malware_scanner.as_ref());
        put(&mut e, "scan_mode", s.scan_mode.as_ref());
        Value::Object(e)
    });
    Value::Object(m)
}

fn conditions(c: &Conditions) -> Value {
    let mut m = Obj::new();
    for (key, set) in [
        ("string_equals", &c.string_equals),
        ("string_not_equals", &c.string_not_equals),
        ("string_like", &c.string_like),
        ("string_not_like", &c.string_not_like),
    ] {
        put_list(&mut m, key, set, |(k, v)| json!({"key": k, "value": v}));
    }
    Value::Object(m)
}

fn selection(name: &str, s: &Selection) -> Value {
    let mut m = Obj::new();
    m.insert("name".into(), json!(name));
    m.insert("iam_role_arn".into(), json!(s.iam_role_arn));
    put_list(&mut m, "resources", &s.resources, |r| json!(r));
    put_list(&mut m, "not_resources", &s.not_resources, |r| json!(r));
    put_list(&mut m, "list_of_tags", &s.list_of_tags, |t| {
        let mut e = Obj::new();
        put(
            &mut e,
            "condition_type",
            (t.condition_type != "STRINGEQUALS").then_some(&t.condition_type),
        );
        e.insert("key".into(), json!(t.key));
        e.insert("value".into(), json!(t.value));
        Value::Object(e)
    });
    put(
        &mut m,
        "conditions",
        (!s.conditions.is_empty()).then(|| conditions(&s.conditions)),
    );
    Value::Object(m)
}

/// The settings block, or `None` when AWS reported nothing.
fn settings(s: &Settings) -> Option<Value> {
    let mut m = Obj::new();
    // Only keys a config may declare (AWS reports read-only ones too), and of
    // the organization-level ones only those switched on: apply sends every
    // declared key, and an account that is not the organization's management
    // account should not start sending them.
    let global: BTreeMap<&String, &String> = s
        .global
        .iter()
        .filter(|(k, v)| {
            GLOBAL_SETTINGS.contains(&k.as_str())
                && (k.as_str() == "isCrossAccountBackupEnabled" || v.as_str() == "true")
        })
        .collect();
    put_map(&mut m, "global", &global);
    let mut region = Obj::new();
    put_map(&mut region, "resource_type_opt_in", &s.resource_type_opt_in);
    put_map(
        &mut region,
        "resource_type_management",
        &s.resource_type_management,
    );
    if !region.is_empty() {
        m.insert("region".into(), Value::Object(region));
    }
    (!m.is_empty()).then_some(Value::Object(m))
}

/// Check written config text against the live state it came from: it must
/// load without errors, and planning it (adopting) may only add the stack
/// tag. Returns what else the plan would change (empty when the import is
/// faithful); `Err` holds the findings when the text does not validate.
pub fn verify(text: &str, live: &Live) -> Result<Vec<String>, Diagnostics> {
    let loaded = config::load_from_str(&[("import.yaml", text)])?;
    let desired = from_config(&loaded.config);
    let plan = diff(&desired, live, DiffOptions { adopt: true });
    let mut residue: Vec<String> = plan.errors.clone();
    for c in &plan.changes {
        let only_stack_tag = c.adopt
            && c.fields
                .iter()
                .all(|f| f.path == format!("tags.{STACK_TAG}"));
        if !only_stack_tag {
            let fields: Vec<&str> = c.fields.iter().map(|f| f.path.as_str()).collect();
            residue.push(format!(
                "{} {:?} [{}]",
                c.address,
                c.action,
                fields.join(", ")
            ));
        }
    }
    Ok(residue)
}

#[cfg(test)]
mod tests;
