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

use serde_json::{json, Map, Value};

use crate::config::{self, Diagnostics};
use crate::diff::{diff, DiffOptions};
use crate::model::desired::from_config;
use crate::model::{Live, STACK_TAG};
use crate::resources::ops::Select;
use crate::resources::writer::yaml;
use crate::resources::REGISTRY;
pub use crate::resources::{Chosen, Filter, Import};

/// Choose what to import from a live state read in full: each kind chooses
/// its own (`resources::<kind>::import::select`), in dependency order.
pub fn select<'a>(live: &'a Live, stack: &str, filter: &Filter, with_settings: bool) -> Import<'a> {
    let mut out = Import::default();
    let s = Select {
        stack,
        filter,
        with_settings,
    };
    let mut kinds: Vec<_> = REGISTRY.iter().collect();
    kinds.sort_by_key(|i| i.kind.rank());
    for ops in kinds.iter().filter_map(|i| i.ops.import.as_ref()) {
        (ops.select)(live, &s, &mut out);
    }
    out
}

/// The config text: schema modeline, header, then the resources, each
/// preceded by a comment naming its source.
pub fn to_yaml(
    import: &Import<'_>,
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
    let mut sections: Vec<_> = REGISTRY
        .iter()
        .filter_map(|i| i.ops.import.as_ref())
        .collect();
    sections.sort_by_key(|ops| ops.section);
    for ops in sections {
        (ops.write)(import, &mut out);
    }
    out
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
