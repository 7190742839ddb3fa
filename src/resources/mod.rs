//! The resource kinds backupctl manages, one folder each, and the `Kind`
//! registry the cross-cutting code (addresses, change order, unmanaged
//! lists, observe scope, fingerprint, safety counts) is generic over.
//!
//! Each kind's folder holds everything backupctl knows about that kind:
//! config types and their decoding and offline validation, the normalized
//! model, the desired conversion, AWS reads and writes, the diff and the
//! import writer. Each folder declares its registry entry (`vault::KIND`);
//! [`REGISTRY`] lists them, one line per kind.
//!
//! Each kind's behaviour sits behind its entry (`KindInfo::ops`, see
//! `ops::KindOps`): offline checks, desired conversion, observe scope and
//! reads, diff, safety count and rules, ownership rule, execution and
//! import. The generic code (`config::validate`, `model::desired`,
//! `engine::session::scope`, [`observe`], `diff`, `apply::{exec,safety}`,
//! [`guard`], `import`) loops over [`REGISTRY`] and names no kind.
//!
//! Adding a kind of the vault's shape touches its folder and 3 to 4 files
//! outside it, all for the types that hold each kind's data (the compiler
//! points at each `match kind` arm, and at a `KindOps` without its
//! `hide_tags`; not at `Config::append_resources`, which the kinds added
//! after the vault's had to learn by a test failure):
//! - its folder: `mod.rs` with `KIND` (`ops: &ops::OPS`), `ops.rs` (its
//!   `KindOps`), config (types and decoding) and validate (offline checks),
//!   model, desired, diff, import (writer, `select`, `write`),
//!   observe, write (AWS calls and `execute`), `safety.rs` and `guard.rs`
//!   (its safety and ownership rules);
//! - `resources/mod.rs` (here): a `Kind` variant, one [`REGISTRY`] line,
//!   its field in `Config` (and its line in `Config::append_resources`,
//!   which joins several files) and its list in `Import` (what `select`
//!   chose);
//! - `changeset/mod.rs`: its `Address` and `Content` variants
//!   (`Address::kind`, `Display`) and its `Unmanaged` list
//!   (`Unmanaged::names[_mut]`, `aws_created[_mut]`);
//! - `model/mod.rs`: a field pair in `Live`/`Desired` (named in
//!   `Live::fingerprinted`, which does not compile until it is classified),
//!   `Live::outside[_mut]`, `Desired::declares`/`ignored`/`is_external`;
//! - and, only if the config can name resources of the kind that must be
//!   read in full, `resources/observe.rs`: its `ObserveScope` names field
//!   (`ObserveScope::names[_mut]`).
//!
//! A kind's own `ignore_tags` lists need no file outside its folder: its
//! `desired` files them with `IgnoredTags::add_own` under its `Kind`, and
//! its `KindOps::hide_tags` hides them on its live resources.
//!
//! Renderers and drift list unmanaged resources through
//! `Unmanaged::listed` and the registry words, so they need nothing.

pub mod air_gapped_vault;
pub mod backup_plan;
pub(crate) mod differ;
pub(crate) mod exec;
pub mod fields;
pub mod framework;
pub mod guard;
pub mod legal_hold;
pub mod observe;
pub(crate) mod ops;
pub mod report_plan;
pub mod restore_testing_plan;
pub mod restore_testing_selection;
pub mod safety;
pub mod selection;
pub mod settings;
pub(crate) mod tagged;
pub mod tiering_configuration;
pub mod vault;
pub(crate) mod writer;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

pub use observe::ObserveScope;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{
    LiveFramework, LivePlan, LiveReportPlan, LiveRestoreTestingPlan, LiveTieringConfiguration,
    LiveVault, Settings, Tags,
};
use crate::yaml::arn::glob_match;
use crate::yaml::decode::decode_struct;
use crate::yaml::ignore_tags::IgnoreTags;
use crate::yaml::span::Spanned;

/// A kind of resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Settings,
    Vault,
    AirGappedVault,
    BackupPlan,
    Selection,
    RestoreTestingPlan,
    RestoreTestingSelection,
    TieringConfiguration,
    LegalHold,
    Framework,
    ReportPlan,
}

/// What the cross-cutting code needs to know about a kind.
#[derive(Debug)]
pub struct KindInfo {
    pub kind: Kind,
    /// First word of its addresses (`vault.NAME`) and its serde tag.
    pub prefix: &'static str,
    /// Words for renderers.
    pub noun: &'static str,
    pub plural: &'static str,
    /// Kinds that must exist before this one (a rule targets a vault, a
    /// selection belongs to a plan): created after them, deleted before.
    pub depends_on: &'static [Kind],
    /// Owned via the `backupctl:stack` tag (else: one per account, always ours).
    pub stack_owned: bool,
    /// Unmanaged ones (outside any stack) are listed in the change set.
    pub lists_unmanaged: bool,
    /// Can be deleted (settings are only ever updated).
    pub deletable: bool,
    /// What the kind does (its folder's `ops.rs`).
    pub(crate) ops: &'static ops::KindOps,
}

/// Every kind, one line each, in the order ties are broken when ordering
/// changes (and renderers list kinds).
pub const REGISTRY: &[&KindInfo] = &[
    &settings::KIND,
    &vault::KIND,
    &air_gapped_vault::KIND,
    &backup_plan::KIND,
    &selection::KIND,
    &restore_testing_plan::KIND,
    &restore_testing_selection::KIND,
    &tiering_configuration::KIND,
    &legal_hold::KIND,
    &framework::KIND,
    &report_plan::KIND,
];

impl Kind {
    /// Every kind, in registry order.
    pub fn all() -> impl Iterator<Item = Kind> {
        REGISTRY.iter().map(|i| i.kind)
    }

    /// This kind's registry entry.
    pub fn info(self) -> &'static KindInfo {
        REGISTRY
            .iter()
            .find(|i| i.kind == self)
            .expect("every kind has a registry entry")
    }

    /// Position in dependency order (a kind comes after everything it
    /// depends on; ties keep registry order).
    pub fn rank(self) -> usize {
        ORDER
            .iter()
            .position(|k| *k == self)
            .expect("every kind is ordered")
    }
}

/// The kinds in dependency order (Kahn's algorithm, ties by registry order).
static ORDER: LazyLock<Vec<Kind>> = LazyLock::new(|| {
    let mut order: Vec<Kind> = Vec::new();
    while order.len() < REGISTRY.len() {
        let next = REGISTRY
            .iter()
            .find(|i| !order.contains(&i.kind) && i.depends_on.iter().all(|d| order.contains(d)))
            .expect("kind dependencies have no cycle");
        order.push(next.kind);
    }
    order
});

/// The phase a change runs in: creates, updates and replaces in dependency
/// order, then deletes in the reverse order (a selection before its plan, a
/// plan before the vaults it targets). A kind that cannot be deleted has one
/// phase whatever the action.
pub fn phase(kind: Kind, delete: bool) -> u8 {
    let n = ORDER.len();
    let rank = kind.rank();
    let p = if delete && kind.info().deletable {
        n + (n - 1 - rank)
    } else {
        rank
    };
    u8::try_from(p).expect("few kinds")
}

// The desired-state config as typed structs: one document (file), with one
// field per kind, decoded by `config::load` and published by `backupctl
// schema`; here, next to the registry, so the kinds need nothing from
// `config`.

/// One config document (one file). Several files are merged into one `Config`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "backupctl desired-state config")]
pub struct Config {
    /// Config format version. Only `1` exists.
    pub version: Spanned<u32>,
    /// Name of this stack. Resources backupctl creates carry the tag
    /// `backupctl:stack=<stack>`; only those are ever changed or deleted.
    /// Every file of a multi-file config states the same stack, except
    /// shared definitions files (no `stack`; only `version`,
    /// `rule_templates`, `variables`, `target_defaults` and `ignore_tags`).
    #[schemars(regex(pattern = r"^[a-zA-Z0-9\-_.]{1,64}$"))]
    pub stack: Spanned<String>,
    /// Guard: plan/apply refuse to run against another AWS account (12 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = backup_facts::names::ACCOUNT_ID))]
    pub account_id: Option<Spanned<String>>,
    /// Guard: plan/apply refuse to run against another region (e.g. `eu-west-1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Spanned<String>>,
    /// Vaults that exist in the account but are not managed by this config
    /// (e.g. `Default`). Rules may target them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_vaults: Vec<Spanned<String>>,
    /// Named sets of rule fields; a rule says `template: <name>` and its own
    /// keys override the template's. Shared across all files of a config.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rule_templates: BTreeMap<String, Spanned<backup_plan::config::RuleTemplate>>,
    /// Unmanaged resources that drift reporting ignores, by name pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<Ignore>,
    /// Tags on every vault, plan and tiering configuration that other
    /// automation owns: never diffed, never removed. A resource's own
    /// `ignore_tags` add to these. Several files' lists are concatenated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_tags: Option<Spanned<IgnoreTags>>,
    /// Backup vaults managed by this config.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vaults: Vec<Spanned<vault::config::Vault>>,
    /// Logically air-gapped backup vaults managed by this config (one name
    /// space with `vaults`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub air_gapped_vaults: Vec<Spanned<air_gapped_vault::config::AirGappedVault>>,
    /// Backup plans (with their rules and selections) managed by this config.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<Spanned<backup_plan::config::BackupPlan>>,
    /// Restore testing plans (with their selections) managed by this config.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restore_testing_plans: Vec<Spanned<restore_testing_plan::config::RestoreTestingPlan>>,
    /// Account settings; only what is declared is managed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<settings::config::Settings>,
    /// Tiering configurations (S3 backup data moved to the low-cost warm
    /// tier) managed by this config.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiering_configurations: Vec<Spanned<tiering_configuration::config::TieringConfiguration>>,
    /// Legal holds managed by this config, identified by title.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_holds: Vec<Spanned<legal_hold::config::LegalHold>>,
    /// Backup Audit Manager frameworks (controls AWS evaluates) managed by
    /// this config.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frameworks: Vec<Spanned<framework::config::Framework>>,
    /// Backup Audit Manager report plans managed by this config.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub report_plans: Vec<Spanned<report_plan::config::ReportPlan>>,
}

/// Glob patterns (`*`, `?`) of resource names that backupctl leaves alone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ignore {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vaults: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<Spanned<String>>,
}

impl Config {
    /// Appends another file's resource lists to this one's (file order is
    /// kept; duplicates are found later by validation). One line per kind
    /// with a list, here next to the fields, so `config::assemble` names
    /// no kind.
    pub(crate) fn append_resources(&mut self, other: &mut Config) {
        self.vaults.append(&mut other.vaults);
        self.air_gapped_vaults.append(&mut other.air_gapped_vaults);
        self.plans.append(&mut other.plans);
        self.restore_testing_plans
            .append(&mut other.restore_testing_plans);
        self.tiering_configurations
            .append(&mut other.tiering_configurations);
        self.legal_holds.append(&mut other.legal_holds);
        self.frameworks.append(&mut other.frameworks);
        self.report_plans.append(&mut other.report_plans);
    }
}

decode_struct!(Config {
    version,
    stack,
    account_id,
    region,
    external_vaults,
    rule_templates,
    ignore,
    ignore_tags,
    vaults,
    air_gapped_vaults,
    plans,
    restore_testing_plans,
    settings,
    tiering_configurations,
    legal_holds,
    frameworks,
    report_plans
});
decode_struct!(Ignore { vaults, plans });

// What `import` chose, one list per importable kind (the kinds' `select`
// fill it, their `write` and `chosen` read it); here, next to the registry,
// so the kinds need nothing from `import`.

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
    pub air_gapped_vaults: Vec<&'a air_gapped_vault::model::LiveAirGappedVault>,
    pub plans: Vec<&'a LivePlan>,
    pub restore_testing_plans: Vec<&'a LiveRestoreTestingPlan>,
    /// Vaults chosen rules target that are not imported themselves.
    pub external_vaults: BTreeSet<String>,
    pub settings: Option<&'a Settings>,
    pub tiering_configurations: Vec<&'a LiveTieringConfiguration>,
    pub legal_holds: Vec<&'a legal_hold::model::LiveLegalHold>,
    pub frameworks: Vec<&'a LiveFramework>,
    pub report_plans: Vec<&'a LiveReportPlan>,
    /// Resources left out, with the reason (shown as warnings).
    pub skipped: Vec<String>,
}

impl Import<'_> {
    /// Every chosen resource, with its ARN and ownership (kinds in
    /// registry order).
    pub fn chosen(&self, stack: &str) -> Vec<Chosen> {
        REGISTRY
            .iter()
            .filter_map(|i| i.ops.import.as_ref())
            .flat_map(|ops| (ops.chosen)(self, stack))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_registered_once() {
        for k in [
            Kind::Settings,
            Kind::Vault,
            Kind::AirGappedVault,
            Kind::BackupPlan,
            Kind::Selection,
            Kind::RestoreTestingPlan,
            Kind::RestoreTestingSelection,
            Kind::TieringConfiguration,
            Kind::LegalHold,
            Kind::Framework,
            Kind::ReportPlan,
        ] {
            assert_eq!(REGISTRY.iter().filter(|i| i.kind == k).count(), 1, "{k:?}");
        }
        let mut prefixes: Vec<_> = REGISTRY.iter().map(|i| i.prefix).collect();
        prefixes.sort();
        prefixes.dedup();
        assert_eq!(prefixes.len(), REGISTRY.len());
    }

    #[test]
    fn derived_order_is_the_historic_one() {
        let got: Vec<(Kind, bool, u8)> = [
            (Kind::Settings, false),
            (Kind::Vault, false),
            (Kind::AirGappedVault, false),
            (Kind::BackupPlan, false),
            (Kind::Selection, false),
            (Kind::RestoreTestingPlan, false),
            (Kind::RestoreTestingSelection, false),
            (Kind::TieringConfiguration, false),
            (Kind::LegalHold, false),
            (Kind::Framework, false),
            (Kind::ReportPlan, false),
            (Kind::ReportPlan, true),
            (Kind::Framework, true),
            (Kind::LegalHold, true),
            (Kind::TieringConfiguration, true),
            (Kind::RestoreTestingSelection, true),
            (Kind::RestoreTestingPlan, true),
            (Kind::Selection, true),
            (Kind::BackupPlan, true),
            (Kind::AirGappedVault, true),
            (Kind::Vault, true),
        ]
        .into_iter()
        .map(|(k, d)| (k, d, phase(k, d)))
        .collect();
        let want: Vec<u8> = (0..=20).collect();
        assert_eq!(got.iter().map(|g| g.2).collect::<Vec<_>>(), want, "{got:?}");
        assert_eq!(phase(Kind::Settings, true), 0);
    }

    #[test]
    fn dependencies_come_first() {
        for info in REGISTRY {
            for d in info.depends_on {
                assert!(d.rank() < info.kind.rank(), "{:?} after {d:?}", info.kind);
            }
        }
    }
}
