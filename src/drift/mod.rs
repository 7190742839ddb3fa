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

use serde::{Deserialize, Serialize};

use crate::changeset::{Action, ChangeSet, FieldChange};
use crate::resources::Kind;

/// Version of the JSON drift report. 2: `unmanaged` is a list of addresses
/// (it was `{vaults, plans}` of names); `aws_created` is present exactly
/// when asked for (docs/drift-format.md).
pub const FORMAT_VERSION: u32 = 2;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Changed,
    Missing,
    Orphaned,
    Unmanaged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changed {
    pub address: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftReport {
    pub format_version: u32,
    pub stack: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    pub region: String,
    pub changed: Vec<Changed>,
    pub missing: Vec<String>,
    pub orphaned: Vec<String>,
    /// Addresses of resources outside any stack, kinds in registry order
    /// (vaults, then plans).
    pub unmanaged: Vec<String>,
    /// Resources of other stacks: address -> stack (never drift).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stacks: BTreeMap<String, String>,
    /// Addresses of AWS-created vaults (never drift); `None` unless asked
    /// for with `--include-aws-created`, so an empty list means "none".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_created: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 4] = [
        Category::Changed,
        Category::Missing,
        Category::Orphaned,
        Category::Unmanaged,
    ];
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
            .listed()
            .map(|(kind, name)| address(kind, name))
            .collect(),
        other_stacks: plan.unmanaged.other_stacks.clone(),
        aws_created: aws_created.then(|| {
            plan.unmanaged
                .aws_created_listed()
                .map(|(kind, name)| address(kind, name))
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

/// The address of a top-level resource (`vault.NAME`, `plan.NAME`): its
/// kind's prefix and its name.
fn address(kind: Kind, name: &str) -> String {
    format!("{}.{name}", kind.info().prefix)
}
