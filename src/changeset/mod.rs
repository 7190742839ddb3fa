//! The change set: the ordered list of changes `diff` computes and `apply`
//! executes, plus what `plan --out` saves next to it (config digest, live-state
//! fingerprint). It is plain serde data, versioned by [`FORMAT_VERSION`], so
//! the three renderers and a saved plan file all read the same thing.
//!
//! Every change carries what apply needs to make its API calls: the desired
//! resource (for creates, updates and replaces), the live identifiers (ARN,
//! plan id, selection id) and, for creates and replaces, a deterministic
//! CreatorRequestId.

pub mod ids;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::{
    AirGappedVault, BackupPlan, Framework, ReportPlan, RestoreTestingPlan, RestoreTestingSelection,
    Selection, Settings, TieringConfiguration, Vault,
};
use crate::resources::Kind;

/// Version of the JSON plan format (docs/plan-format.md).
pub const FORMAT_VERSION: u32 = 1;

/// What a change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    /// Delete then create (an immutable field changed).
    Replace,
    Delete,
}

impl Action {
    /// Terraform-style marker used by the human and Markdown renderers.
    pub fn symbol(self) -> &'static str {
        match self {
            Action::Create => "+",
            Action::Update => "~",
            Action::Replace => "-/+",
            Action::Delete => "-",
        }
    }

    pub fn verb(self) -> &'static str {
        match self {
            Action::Create => "created",
            Action::Update => "updated in place",
            Action::Replace => "replaced",
            Action::Delete => "destroyed",
        }
    }
}

/// Which resource a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Address {
    Settings,
    Vault {
        name: String,
    },
    AirGappedVault {
        name: String,
    },
    #[serde(rename = "plan")]
    BackupPlan {
        name: String,
    },
    Selection {
        plan: String,
        name: String,
        /// Set only when the plan holds more than one selection of this
        /// name, to tell which one the change is about.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    },
    RestoreTestingPlan {
        name: String,
    },
    RestoreTestingSelection {
        plan: String,
        name: String,
    },
    TieringConfiguration {
        name: String,
    },
    /// A legal hold, by its title (its identity within the stack).
    LegalHold {
        title: String,
    },
    Framework {
        name: String,
    },
    ReportPlan {
        name: String,
    },
}

impl Address {
    /// The kind of resource addressed.
    pub fn kind(&self) -> Kind {
        match self {
            Address::Settings => Kind::Settings,
            Address::Vault { .. } => Kind::Vault,
            Address::AirGappedVault { .. } => Kind::AirGappedVault,
            Address::BackupPlan { .. } => Kind::BackupPlan,
            Address::Selection { .. } => Kind::Selection,
            Address::RestoreTestingPlan { .. } => Kind::RestoreTestingPlan,
            Address::RestoreTestingSelection { .. } => Kind::RestoreTestingSelection,
            Address::TieringConfiguration { .. } => Kind::TieringConfiguration,
            Address::LegalHold { .. } => Kind::LegalHold,
            Address::Framework { .. } => Kind::Framework,
            Address::ReportPlan { .. } => Kind::ReportPlan,
        }
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Address::Settings => write!(f, "settings"),
            Address::Vault { name } => write!(f, "vault.{name}"),
            Address::AirGappedVault { name } => write!(f, "air_gapped_vault.{name}"),
            Address::BackupPlan { name } => write!(f, "plan.{name}"),
            Address::Selection {
                plan,
                name,
                id: None,
            } => write!(f, "plan.{plan}.selection.{name}"),
            Address::Selection {
                plan,
                name,
                id: Some(id),
            } => write!(f, "plan.{plan}.selection.{name}[{id}]"),
            Address::RestoreTestingPlan { name } => write!(f, "restore_testing_plan.{name}"),
            Address::RestoreTestingSelection { plan, name } => {
                write!(f, "restore_testing_plan.{plan}.selection.{name}")
            }
            Address::TieringConfiguration { name } => write!(f, "tiering_configuration.{name}"),
            Address::LegalHold { title } => write!(f, "legal_hold.{title}"),
            Address::Framework { name } => write!(f, "framework.{name}"),
            Address::ReportPlan { name } => write!(f, "report_plan.{name}"),
        }
    }
}

/// The desired content of a resource, as apply must send it (vault and plan
/// tags include `backupctl:stack`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Content {
    Vault(Vault),
    AirGappedVault(AirGappedVault),
    /// A backup plan without its selections (those are separate changes).
    #[serde(rename = "plan")]
    BackupPlan(BackupPlan),
    Selection(Selection),
    Settings(Settings),
    /// A restore testing plan without its selections.
    RestoreTestingPlan(RestoreTestingPlan),
    RestoreTestingSelection(RestoreTestingSelection),
    TieringConfiguration(TieringConfiguration),
    LegalHold(crate::resources::legal_hold::model::LegalHold),
    Framework(Framework),
    ReportPlan(ReportPlan),
}

/// Identifiers of the live resource (for updates, replaces and deletes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveIds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_recovery_points: Option<i64>,
}

/// One field that differs: a dotted path (`rules.daily.lifecycle.delete_after_days`)
/// with its value before and after (absent = `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<serde_json::Value>,
}

/// One step of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub action: Action,
    pub address: Address,
    /// Field-level differences (for creates and deletes every field, with only
    /// `after` or only `before`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    /// For a replace: the immutable field that forces it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace_reason: Option<String>,
    /// The resource exists unmanaged and `--adopt` takes it over.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adopt: bool,
    /// The resource leaves the stack (a vault moved to `external_vaults`):
    /// only its `backupctl:stack` tag is removed; the resource is kept.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub release: bool,
    /// Removes an extra copy of a name (a second plan or selection of the
    /// same name); another copy stays, so nothing stops being backed up.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub duplicate: bool,
    /// Why this change exists when the fields do not say it (a duplicate
    /// selection or plan being removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What apply sends (creates, updates, replaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired: Option<Content>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<LiveIds>,
    /// Idempotency token for the create call (creates and replaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_request_id: Option<String>,
}

impl Change {
    /// A change with nothing but its action and address set.
    pub fn new(action: Action, address: Address) -> Change {
        Change {
            action,
            address,
            fields: Vec::new(),
            replace_reason: None,
            adopt: false,
            release: false,
            duplicate: false,
            note: None,
            desired: None,
            live: None,
            creator_request_id: None,
        }
    }
}

/// Resources seen in the account that the stack does not manage (reported,
/// never changed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmanaged {
    /// Vaults outside any stack.
    pub vaults: BTreeSet<String>,
    /// Plans outside any stack.
    pub plans: BTreeSet<String>,
    /// Air-gapped vaults outside any stack.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub air_gapped_vaults: BTreeSet<String>,
    /// Restore testing plans outside any stack.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub restore_testing_plans: BTreeSet<String>,
    /// Tiering configurations outside any stack.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub tiering_configurations: BTreeSet<String>,
    /// Frameworks outside any stack.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub frameworks: BTreeSet<String>,
    /// Report plans outside any stack.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub report_plans: BTreeSet<String>,
    /// Resources of other stacks: address (`vault.NAME`, `plan.NAME`) ->
    /// stack. They belong somewhere: never drift, never unmanaged.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stacks: BTreeMap<String, String>,
    /// Vaults AWS created itself (`aws/...`): they cannot be managed.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub aws_created_vaults: BTreeSet<String>,
}

impl Unmanaged {
    /// The names of `kind` outside any stack, for kinds that list them.
    pub fn names(&self, kind: Kind) -> Option<&BTreeSet<String>> {
        match kind {
            Kind::Vault => Some(&self.vaults),
            Kind::AirGappedVault => Some(&self.air_gapped_vaults),
            Kind::BackupPlan => Some(&self.plans),
            Kind::RestoreTestingPlan => Some(&self.restore_testing_plans),
            Kind::Settings | Kind::Selection | Kind::RestoreTestingSelection | Kind::LegalHold => {
                None
            }
            Kind::TieringConfiguration => Some(&self.tiering_configurations),
            Kind::Framework => Some(&self.frameworks),
            Kind::ReportPlan => Some(&self.report_plans),
        }
    }

    /// [`Unmanaged::names`], to fill in.
    pub fn names_mut(&mut self, kind: Kind) -> Option<&mut BTreeSet<String>> {
        match kind {
            Kind::Vault => Some(&mut self.vaults),
            Kind::AirGappedVault => Some(&mut self.air_gapped_vaults),
            Kind::BackupPlan => Some(&mut self.plans),
            Kind::RestoreTestingPlan => Some(&mut self.restore_testing_plans),
            Kind::Settings | Kind::Selection | Kind::RestoreTestingSelection | Kind::LegalHold => {
                None
            }
            Kind::TieringConfiguration => Some(&mut self.tiering_configurations),
            Kind::Framework => Some(&mut self.frameworks),
            Kind::ReportPlan => Some(&mut self.report_plans),
        }
    }

    /// Every resource outside any stack as (kind, name): kinds in registry
    /// order (vaults, then plans), names sorted.
    pub fn listed(&self) -> impl Iterator<Item = (Kind, &str)> + '_ {
        Kind::all().flat_map(move |k| {
            self.names(k)
                .into_iter()
                .flatten()
                .map(move |n| (k, n.as_str()))
        })
    }

    /// True when some resource is outside any stack.
    pub fn any_listed(&self) -> bool {
        self.listed().next().is_some()
    }

    /// The AWS-created resources of `kind`, for kinds AWS creates.
    pub fn aws_created(&self, kind: Kind) -> Option<&BTreeSet<String>> {
        match kind {
            Kind::Vault => Some(&self.aws_created_vaults),
            _ => None,
        }
    }

    /// Every AWS-created resource as (kind, name), in registry order.
    pub fn aws_created_listed(&self) -> impl Iterator<Item = (Kind, &str)> + '_ {
        Kind::all().flat_map(move |k| {
            self.aws_created(k)
                .into_iter()
                .flatten()
                .map(move |n| (k, n.as_str()))
        })
    }

    /// The AWS-created resources of `kind`, for kinds AWS creates.
    pub fn aws_created_mut(&mut self, kind: Kind) -> Option<&mut BTreeSet<String>> {
        match kind {
            Kind::Vault => Some(&mut self.aws_created_vaults),
            _ => None,
        }
    }
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSet {
    pub format_version: u32,
    pub stack: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    pub region: String,
    /// Changes in the order apply must run them.
    pub changes: Vec<Change>,
    pub unmanaged: Unmanaged,
    /// Problems that make the plan unusable (adoption refused, duplicate plan
    /// names, missing external vaults). A plan with errors is never applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// What apply's safety rails say about these changes, so a reviewer sees
    /// the verdict before apply does (docs/plan-format.md).
    #[serde(default)]
    pub safety: Safety,
    /// sha256 of the config files (set by the CLI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_digest: Option<String>,
    /// sha256 of the normalized live state the plan was computed from.
    pub live_fingerprint: String,
}

/// The safety verdict of a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Safety {
    /// Refused whatever the flags (a `prevent_destroy` vault, a vault with
    /// recovery points): `plan` exits 1, `apply` refuses.
    #[serde(default)]
    pub blocked: Vec<String>,
    /// Allowed only with a flag of `apply`.
    #[serde(default)]
    pub needs_flag: Vec<FlagNeed>,
    /// Shown, never refused (a compliance-mode Vault Lock).
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// A change that `apply` makes only with `flag`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagNeed {
    /// `--allow-destroy` or `--force`.
    pub flag: String,
    pub reason: String,
}

impl Safety {
    /// True when nothing is blocked, needs a flag or warns.
    pub fn is_clear(&self) -> bool {
        self.blocked.is_empty() && self.needs_flag.is_empty() && self.warnings.is_empty()
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub add: usize,
    pub change: usize,
    pub replace: usize,
    pub destroy: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Plan: {} to add, {} to change, {} to replace, {} to destroy.",
            self.add, self.change, self.replace, self.destroy
        )
    }
}

impl ChangeSet {
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for c in &self.changes {
            match c.action {
                Action::Create => s.add += 1,
                Action::Update => s.change += 1,
                Action::Replace => s.replace += 1,
                Action::Delete => s.destroy += 1,
            }
        }
        s
    }

    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// Save as pretty JSON (the `--out` file).
    pub fn save(&self, path: &std::path::Path) -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        std::fs::write(path, text + "\n")
            .map_err(|e| anyhow::anyhow!("cannot write plan file {}: {e}", path.display()))
    }

    /// Read a saved plan, refusing other format versions.
    pub fn load(path: &std::path::Path) -> anyhow::Result<ChangeSet> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read plan file {}: {e}", path.display()))?;
        let plan: ChangeSet = serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{} is not a backupctl plan: {e}", path.display()))?;
        if plan.format_version != FORMAT_VERSION {
            anyhow::bail!(
                "{}: plan format version {} is not supported (expected {FORMAT_VERSION})",
                path.display(),
                plan.format_version
            );
        }
        Ok(plan)
    }
}
