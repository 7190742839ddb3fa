//! Drift: what a scheduled job needs to know about an account compared with
//! its config, derived from the same diff `plan` uses (so the two never
//! disagree). Each change of the plan falls into one category:
//!
//! - `changed`: a managed resource differs from the config (out-of-band
//!   edit), with its field diffs;
//! - `missing`: declared but absent — deleted out of band, or never applied
//!   (the account cannot tell the two apart without history);
//! - `orphaned`: tagged with this stack but no longer in the config (apply
//!   would delete it);
//! - `unmanaged`: vaults and plans in the account outside any stack and
//!   not matched by the config's `ignore` patterns.
//!
//! Every finding is written as an address (`vault.NAME`, `plan.NAME`,
//! `plan.PLAN.selection.NAME`), like the plan JSON; the JSON form is
//! documented in docs/drift-format.md.
//!
//! Other stacks' resources are not drift: they belong to a stack. They are
//! counted in `other_stacks` and never fail the job. Vaults AWS creates
//! itself (`aws/efs/automatic-backup-vault`) cannot be managed: left out
//! unless asked for (`aws_created`). Plan errors (a name held by an
//! unmanaged resource, duplicate plan names) are reported as errors, not
//! drift, and an error means there is no verdict.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::changeset::{Action, Address, ChangeSet, FieldChange};

/// Version of the JSON drift report. 2: `unmanaged` is a list of addresses
/// (it was `{vaults, plans}` of names); `aws_created` is present exactly
/// when asked for (docs/drift-format.md).
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Changed,
    Missing,
    Orphaned,
    Unmanaged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub address: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DriftReport {
    pub format_version: u32,
    pub stack: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    pub region: String,
    pub changed: Vec<Changed>,
    pub missing: Vec<String>,
    pub orphaned: Vec<String>,
    /// Addresses of vaults, then plans, outside any stack.
    pub unmanaged: Vec<String>,
    /// Resources of other stacks: address -> stack (never drift).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stacks: BTreeMap<String, String>,
    /// Addresses of AWS-created vaults (never drift); `None` unless asked
    /// for with `--include-aws-created`, so an empty list means "none".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws_created: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

impl DriftReport {
    /// Number of findings in `category`.
    pub fn count(&self, category: Category) -> usize {
        match category {
            Category::Changed => self.changed.len(),
            Category::Missing => self.missing.len(),
            Category::Orphaned => self.orphaned.len(),
            Category::Unmanaged => self.unmanaged.len(),
        }
    }

    /// True when any of `categories` has a finding.
    pub fn drifted(&self, categories: &[Category]) -> bool {
        categories.iter().any(|c| self.count(*c) > 0)
    }
}

/// Classify the plan's changes; `aws_created` lists AWS's own vaults too.
pub fn classify(plan: &ChangeSet, aws_created: bool) -> DriftReport {
    let mut r = DriftReport {
        format_version: FORMAT_VERSION,
        stack: plan.stack.clone(),
        account_id: plan.account_id.clone(),
        region: plan.region.clone(),
        changed: Vec::new(),
        missing: Vec::new(),
        orphaned: Vec::new(),
        unmanaged: plan
            .unmanaged
            .vaults
            .iter()
            .map(|v| vault_address(v))
            .chain(
                plan.unmanaged
                    .plans
                    .iter()
                    .map(|p| Address::BackupPlan { name: p.clone() }.to_string()),
            )
            .collect(),
        other_stacks: plan.unmanaged.other_stacks.clone(),
        aws_created: aws_created.then(|| {
            plan.unmanaged
                .aws_created_vaults
                .iter()
                .map(|v| vault_address(v))
                .collect()
        }),
        errors: plan.errors.clone(),
    };
    for c in &plan.changes {
        let address = c.address.to_string();
        match c.action {
            Action::Create => r.missing.push(address),
            Action::Delete => r.orphaned.push(address),
            // Moved to external_vaults: apply only untags it.
            Action::Update if c.release => r.orphaned.push(address),
            // An adoption is not drift of a managed resource: the name is
            // held by an unmanaged one (only with --adopt, never here).
            Action::Update | Action::Replace if !c.adopt => r.changed.push(Changed {
                address,
                fields: c.fields.clone(),
            }),
            Action::Update | Action::Replace => {}
        }
    }
    r
}

fn vault_address(name: &str) -> String {
    Address::Vault {
        name: name.to_string(),
    }
    .to_string()
}

fn value(v: &Option<serde_json::Value>) -> String {
    v.as_ref()
        .map_or_else(|| "(absent)".to_string(), |v| v.to_string())
}

/// Plain text (colour is left to the caller's stream).
pub fn human(r: &DriftReport) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "Drift of stack \"{}\" in {}{}.\n\n",
        r.stack,
        r.region,
        r.account_id
            .as_ref()
            .map(|a| format!(", account {a}"))
            .unwrap_or_default()
    );
    let total: usize = [
        Category::Changed,
        Category::Missing,
        Category::Orphaned,
        Category::Unmanaged,
    ]
    .iter()
    .map(|c| r.count(*c))
    .sum();
    if !r.errors.is_empty() {
        // An error means there is no verdict: never "No drift" beside it.
        // The errors themselves go to stderr.
        out.push_str("No verdict: fix the errors reported on stderr first.\n\n");
    }
    let others = other_lines(r);
    if total == 0 {
        if r.errors.is_empty() {
            out.push_str("No drift: the account matches the configuration.\n");
        }
        out.push_str(&others);
        return out;
    }
    if !r.changed.is_empty() {
        out.push_str("Changed out of band:\n");
        for c in &r.changed {
            let _ = writeln!(out, "  ~ {}", c.address);
            for f in &c.fields {
                // A plan's `before` is the live value, `after` the config's.
                let _ = writeln!(
                    out,
                    "      {}: live {}, config {}",
                    f.path,
                    value(&f.before),
                    value(&f.after)
                );
            }
        }
        out.push('\n');
    }
    for (title, items, mark) in [
        ("Missing (declared, not in the account):", &r.missing, "+"),
        (
            "Orphaned (managed by this stack, no longer declared):",
            &r.orphaned,
            "-",
        ),
    ] {
        if !items.is_empty() {
            let _ = writeln!(out, "{title}");
            for i in items {
                let _ = writeln!(out, "  {mark} {i}");
            }
            out.push('\n');
        }
    }
    if r.count(Category::Unmanaged) > 0 {
        out.push_str("Unmanaged (in the account, not in any stack):\n");
        for a in &r.unmanaged {
            let _ = writeln!(out, "  ? {a}");
        }
        out.push('\n');
    }
    out.push_str(&others);
    let _ = writeln!(
        out,
        "Drift: {} changed, {} missing, {} orphaned, {} unmanaged.",
        r.count(Category::Changed),
        r.count(Category::Missing),
        r.count(Category::Orphaned),
        r.count(Category::Unmanaged)
    );
    out
}

/// Lines about what is not drift: other stacks' resources (a count) and
/// the AWS-created vaults when asked for.
fn other_lines(r: &DriftReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if !r.other_stacks.is_empty() {
        let _ = writeln!(
            out,
            "Not drift: {} resource(s) of other stacks.",
            r.other_stacks.len()
        );
    }
    if let Some(list) = r.aws_created.as_ref().filter(|l| !l.is_empty()) {
        let _ = writeln!(out, "Created by AWS (cannot be managed, not drift):");
        for a in list {
            let _ = writeln!(out, "  {a}");
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Markdown for an issue or PR comment.
pub fn markdown(r: &DriftReport) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "### backupctl drift: stack `{}` in `{}`\n\n",
        r.stack, r.region
    );
    if !r.errors.is_empty() {
        let _ = writeln!(
            out,
            "**No verdict: the errors below must be fixed first.**\n"
        );
        for e in &r.errors {
            let _ = writeln!(out, "> **Error:** {}", e.replace('\n', " "));
        }
        out.push('\n');
    }
    out.push_str("| category | count |\n|---|---:|\n");
    for c in [
        Category::Changed,
        Category::Missing,
        Category::Orphaned,
        Category::Unmanaged,
    ] {
        let _ = writeln!(out, "| {c:?} | {} |", r.count(c));
    }
    out.push('\n');
    if !r.changed.is_empty() {
        out.push_str("**Changed out of band** (`-` config, `+` live)\n\n```diff\n");
        for c in &r.changed {
            let _ = writeln!(out, "~ {}", c.address);
            for f in &c.fields {
                if f.after.is_some() {
                    let _ = writeln!(out, "-   {} = {}", f.path, value(&f.after));
                }
                if f.before.is_some() {
                    let _ = writeln!(out, "+   {} = {}", f.path, value(&f.before));
                }
            }
        }
        out.push_str("```\n\n");
    }
    let list = |out: &mut String, title: &str, items: Vec<String>| {
        if !items.is_empty() {
            let _ = writeln!(out, "**{title}**\n");
            for i in items {
                let _ = writeln!(out, "- `{i}`");
            }
            out.push('\n');
        }
    };
    list(&mut out, "Missing", r.missing.clone());
    list(&mut out, "Orphaned", r.orphaned.clone());
    list(&mut out, "Unmanaged", r.unmanaged.clone());
    let others = other_lines(r);
    if !others.is_empty() {
        out.push_str(&others.replace("\n  ", "\n- "));
    }
    out
}
