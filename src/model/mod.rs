//! Normalized domain types shared by desired state (from the config) and live
//! state (from AWS).
//!
//! Desired and live are converted into the *same* types so that comparing them
//! is plain equality. Normalization is what keeps plans free of perpetual
//! diffs: AWS defaults are filled in (start window 480, completion window
//! 10080, timezone `Etc/UTC`, schedule `cron(0 5 ? * * *)`), lists with set
//! meaning are sorted sets, tags are maps, policies are canonical JSON, and
//! empty equals absent (zero lifecycle values, empty conditions, a copy action
//! without a lifecycle). No SDK type appears here; `aws` converts into these.

pub mod desired;
pub mod ignore_tags;
pub mod normalize;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::resources::Kind;

pub use crate::yaml::tags::STACK_TAG;

/// AWS defaults, as AWS stores them when a field is omitted.
pub use backup_facts::defaults::{
    DEFAULT_COMPLETION_WINDOW, DEFAULT_SCHEDULE, DEFAULT_START_WINDOW, DEFAULT_TIMEZONE,
};

pub type Tags = BTreeMap<String, String>;

pub use ignore_tags::{IgnoredTags, TagKeys};

pub use crate::resources::air_gapped_vault::model::{
    AirGappedVault, LiveAirGappedVault, RestoreAccessVault,
};
pub use crate::resources::backup_plan::model::{
    BackupPlan, CopyAction, Lifecycle, LivePlan, Rule, ScanAction, ScanSetting,
};
pub use crate::resources::framework::model::{Framework, LiveFramework};
pub use crate::resources::legal_hold::model::{LegalHold, LiveHolds, LiveLegalHold};
pub use crate::resources::report_plan::model::{LiveReportPlan, ReportPlan};
pub use crate::resources::restore_testing_plan::model::{
    LiveRestoreTestingPlan, RecoveryPointSelection, RestoreTestingPlan,
};
pub use crate::resources::restore_testing_selection::model::RestoreTestingSelection;
pub use crate::resources::selection::model::{Conditions, LiveSelection, Selection, TagCondition};
pub use crate::resources::settings::model::Settings;
pub use crate::resources::tiering_configuration::model::{
    LiveTieringConfiguration, TieringConfiguration, TieringSelection,
};
pub use crate::resources::vault::model::{
    is_aws_created_vault, LiveVault, LockMode, Notifications, Vault, VaultLock,
};

/// What the config asks for, normalized.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desired {
    pub stack: String,
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub vaults: BTreeMap<String, Vault>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub air_gapped_vaults: BTreeMap<String, AirGappedVault>,
    /// Vault names that must exist but are not managed here.
    pub external_vaults: BTreeSet<String>,
    /// Names of vaults and air-gapped vaults with `prevent_destroy: true`.
    pub prevent_destroy: BTreeSet<String>,
    pub plans: BTreeMap<String, BackupPlan>,
    /// Restore testing plans (with their selections; vault names unresolved).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub restore_testing_plans: BTreeMap<String, RestoreTestingPlan>,
    /// Only the declared settings.
    pub settings: Settings,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tiering_configurations: BTreeMap<String, TieringConfiguration>,
    pub frameworks: BTreeMap<String, Framework>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub report_plans: BTreeMap<String, ReportPlan>,
    /// Glob patterns of unmanaged vault / plan names to ignore in reports.
    pub ignore_vaults: Vec<String>,
    pub ignore_plans: Vec<String>,
    /// Tags other automation owns (`ignore_tags`): hidden from the live
    /// state right after observing ([`Live::hide_ignored_tags`]).
    #[serde(default, skip_serializing_if = "IgnoredTags::is_empty")]
    pub ignore_tags: IgnoredTags,
    /// Legal holds by title.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub legal_holds: BTreeMap<String, LegalHold>,
}

/// Everything observed in the account and region.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Live {
    pub account_id: Option<String>,
    pub region: String,
    /// Vaults read in full (managed, or named in the config).
    pub vaults: BTreeMap<String, LiveVault>,
    /// Air-gapped vaults read in full (managed, or named in the config).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub air_gapped_vaults: BTreeMap<String, LiveAirGappedVault>,
    /// Air-gapped vaults outside any stack.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub unmanaged_air_gapped_vaults: BTreeSet<String>,
    /// Air-gapped vaults of other stacks: name -> stack.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stack_air_gapped_vaults: BTreeMap<String, String>,
    /// Plans read in full (managed, or named in the config).
    pub plans: BTreeMap<String, LivePlan>,
    /// Names of vaults in the account outside any stack (no
    /// `backupctl:stack` tag, not created by AWS itself).
    pub unmanaged_vaults: BTreeSet<String>,
    /// Names of plans in the account outside any stack.
    pub unmanaged_plans: BTreeSet<String>,
    /// Vaults of other stacks: name -> stack.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stack_vaults: BTreeMap<String, String>,
    /// Plans of other stacks: name -> stack.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stack_plans: BTreeMap<String, String>,
    /// Vaults AWS created itself ([`is_aws_created_vault`]), not read.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub aws_created_vaults: BTreeSet<String>,
    /// Plan names that occur more than once in the account and cannot be
    /// told apart safely (never guessed).
    pub duplicate_plan_names: BTreeSet<String>,
    /// This stack's extra copies of a plan name (left by concurrent applies):
    /// the copy kept is in `plans` (the oldest; ties by id), these go.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicate_plans: Vec<LivePlan>,
    pub settings: Settings,
    /// Restore testing plans read in full (managed, or named in the config).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub restore_testing_plans: BTreeMap<String, LiveRestoreTestingPlan>,
    /// Names of restore testing plans outside any stack.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub unmanaged_restore_testing_plans: BTreeSet<String>,
    /// Restore testing plans of other stacks: name -> stack.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stack_restore_testing_plans: BTreeMap<String, String>,
    /// Tiering configurations read in full (managed, or named in the config).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tiering_configurations: BTreeMap<String, LiveTieringConfiguration>,
    /// Names of tiering configurations outside any stack.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub unmanaged_tiering_configurations: BTreeSet<String>,
    /// Tiering configurations of other stacks: name -> stack.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stack_tiering_configurations: BTreeMap<String, String>,
    /// Legal holds (left out of the JSON when there are none, so the
    /// fingerprint of an account without holds is what it always was).
    #[serde(default, skip_serializing_if = "LiveHolds::is_empty")]
    pub legal_holds: LiveHolds,
    /// Frameworks read in full (managed, or named in the config).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub frameworks: BTreeMap<String, LiveFramework>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub unmanaged_frameworks: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stack_frameworks: BTreeMap<String, String>,
    /// Report plans read in full (managed, or named in the config).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub report_plans: BTreeMap<String, LiveReportPlan>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub unmanaged_report_plans: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other_stack_report_plans: BTreeMap<String, String>,
}

impl Desired {
    /// True when the config declares a resource of `kind` named `name`.
    pub fn declares(&self, kind: Kind, name: &str) -> bool {
        match kind {
            Kind::Vault => self.vaults.contains_key(name),
            Kind::AirGappedVault => self.air_gapped_vaults.contains_key(name),
            Kind::BackupPlan => self.plans.contains_key(name),
            Kind::RestoreTestingPlan => self.restore_testing_plans.contains_key(name),
            Kind::Settings | Kind::Selection | Kind::RestoreTestingSelection => false,
            Kind::TieringConfiguration => self.tiering_configurations.contains_key(name),
            Kind::LegalHold => self.legal_holds.contains_key(name),
            Kind::Framework => self.frameworks.contains_key(name),
            Kind::ReportPlan => self.report_plans.contains_key(name),
        }
    }

    /// True when the config names `name` as an external resource of `kind`
    /// (must exist, not managed here).
    pub fn is_external(&self, kind: Kind, name: &str) -> bool {
        kind == Kind::Vault && self.external_vaults.contains(name)
    }

    /// Glob patterns of unmanaged names of `kind` to leave out of reports.
    pub fn ignored(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Vault | Kind::AirGappedVault => &self.ignore_vaults,
            Kind::BackupPlan => &self.ignore_plans,
            Kind::Settings
            | Kind::Selection
            | Kind::RestoreTestingPlan
            | Kind::RestoreTestingSelection
            | Kind::TieringConfiguration
            | Kind::LegalHold
            | Kind::Framework
            | Kind::ReportPlan => &[],
        }
    }
}

/// The names of one kind's resources seen outside this stack (reported,
/// never changed, left out of the live-state fingerprint); `None` where
/// the kind has no such list.
#[derive(Debug, Default)]
pub struct Outside<'a> {
    /// Outside any stack.
    pub unmanaged: Option<&'a BTreeSet<String>>,
    /// Other stacks': name -> stack.
    pub other_stacks: Option<&'a BTreeMap<String, String>>,
    /// Created by AWS itself.
    pub aws_created: Option<&'a BTreeSet<String>>,
}

/// [`Outside`], to fill in.
#[derive(Debug, Default)]
pub struct OutsideMut<'a> {
    pub unmanaged: Option<&'a mut BTreeSet<String>>,
    pub other_stacks: Option<&'a mut BTreeMap<String, String>>,
    pub aws_created: Option<&'a mut BTreeSet<String>>,
}

impl Live {
    /// The live plan with plan id `id`: a kept copy or a duplicate one.
    pub fn plan_with_id(&self, id: &str) -> Option<&LivePlan> {
        self.plans
            .values()
            .chain(self.duplicate_plans.iter())
            .find(|p| p.id == id)
    }

    /// The stack's live plans, duplicate copies included.
    pub fn managed_plans<'a>(&'a self, stack: &'a str) -> impl Iterator<Item = &'a LivePlan> + 'a {
        self.plans
            .values()
            .chain(self.duplicate_plans.iter())
            .filter(move |p| is_managed(&p.plan.tags, stack))
    }

    /// What was seen of `kind` outside this stack.
    pub fn outside(&self, kind: Kind) -> Outside<'_> {
        match kind {
            Kind::Vault => Outside {
                unmanaged: Some(&self.unmanaged_vaults),
                other_stacks: Some(&self.other_stack_vaults),
                aws_created: Some(&self.aws_created_vaults),
            },
            Kind::AirGappedVault => Outside {
                unmanaged: Some(&self.unmanaged_air_gapped_vaults),
                other_stacks: Some(&self.other_stack_air_gapped_vaults),
                aws_created: None,
            },
            Kind::BackupPlan => Outside {
                unmanaged: Some(&self.unmanaged_plans),
                other_stacks: Some(&self.other_stack_plans),
                aws_created: None,
            },
            Kind::RestoreTestingPlan => Outside {
                unmanaged: Some(&self.unmanaged_restore_testing_plans),
                other_stacks: Some(&self.other_stack_restore_testing_plans),
                aws_created: None,
            },
            Kind::Settings | Kind::Selection | Kind::RestoreTestingSelection | Kind::LegalHold => {
                Outside::default()
            }
            Kind::TieringConfiguration => Outside {
                unmanaged: Some(&self.unmanaged_tiering_configurations),
                other_stacks: Some(&self.other_stack_tiering_configurations),
                aws_created: None,
            },
            Kind::Framework => Outside {
                unmanaged: Some(&self.unmanaged_frameworks),
                other_stacks: Some(&self.other_stack_frameworks),
                aws_created: None,
            },
            Kind::ReportPlan => Outside {
                unmanaged: Some(&self.unmanaged_report_plans),
                other_stacks: Some(&self.other_stack_report_plans),
                aws_created: None,
            },
        }
    }

    /// [`Live::outside`], to fill in.
    pub fn outside_mut(&mut self, kind: Kind) -> OutsideMut<'_> {
        match kind {
            Kind::Vault => OutsideMut {
                unmanaged: Some(&mut self.unmanaged_vaults),
                other_stacks: Some(&mut self.other_stack_vaults),
                aws_created: Some(&mut self.aws_created_vaults),
            },
            Kind::AirGappedVault => OutsideMut {
                unmanaged: Some(&mut self.unmanaged_air_gapped_vaults),
                other_stacks: Some(&mut self.other_stack_air_gapped_vaults),
                aws_created: None,
            },
            Kind::BackupPlan => OutsideMut {
                unmanaged: Some(&mut self.unmanaged_plans),
                other_stacks: Some(&mut self.other_stack_plans),
                aws_created: None,
            },
            Kind::RestoreTestingPlan => OutsideMut {
                unmanaged: Some(&mut self.unmanaged_restore_testing_plans),
                other_stacks: Some(&mut self.other_stack_restore_testing_plans),
                aws_created: None,
            },
            Kind::Settings | Kind::Selection | Kind::RestoreTestingSelection | Kind::LegalHold => {
                OutsideMut::default()
            }
            Kind::TieringConfiguration => OutsideMut {
                unmanaged: Some(&mut self.unmanaged_tiering_configurations),
                other_stacks: Some(&mut self.other_stack_tiering_configurations),
                aws_created: None,
            },
            Kind::Framework => OutsideMut {
                unmanaged: Some(&mut self.unmanaged_frameworks),
                other_stacks: Some(&mut self.other_stack_frameworks),
                aws_created: None,
            },
            Kind::ReportPlan => OutsideMut {
                unmanaged: Some(&mut self.unmanaged_report_plans),
                other_stacks: Some(&mut self.other_stack_report_plans),
                aws_created: None,
            },
        }
    }

    /// The part of the live state a saved plan depends on (what
    /// `changeset::ids::live_fingerprint` digests): everything but what is
    /// outside the stack ([`Live::outside`]) and the account id. Every field
    /// is named here, without `..`, so a new field does not compile until it
    /// is classified as kept or left out.
    pub fn fingerprinted(&self) -> Live {
        let Live {
            account_id: _,
            region,
            vaults,
            air_gapped_vaults,
            unmanaged_air_gapped_vaults: _,
            other_stack_air_gapped_vaults: _,
            plans,
            unmanaged_vaults: _,
            unmanaged_plans: _,
            other_stack_vaults: _,
            other_stack_plans: _,
            aws_created_vaults: _,
            duplicate_plan_names,
            duplicate_plans,
            settings,
            restore_testing_plans,
            unmanaged_restore_testing_plans: _,
            other_stack_restore_testing_plans: _,
            tiering_configurations,
            unmanaged_tiering_configurations: _,
            other_stack_tiering_configurations: _,
            legal_holds,
            frameworks,
            unmanaged_frameworks: _,
            other_stack_frameworks: _,
            report_plans,
            unmanaged_report_plans: _,
            other_stack_report_plans: _,
        } = self;
        Live {
            account_id: None,
            region: region.clone(),
            vaults: vaults.clone(),
            air_gapped_vaults: air_gapped_vaults.clone(),
            unmanaged_air_gapped_vaults: BTreeSet::new(),
            other_stack_air_gapped_vaults: BTreeMap::new(),
            plans: plans.clone(),
            unmanaged_vaults: BTreeSet::new(),
            unmanaged_plans: BTreeSet::new(),
            other_stack_vaults: BTreeMap::new(),
            other_stack_plans: BTreeMap::new(),
            aws_created_vaults: BTreeSet::new(),
            duplicate_plan_names: duplicate_plan_names.clone(),
            duplicate_plans: duplicate_plans.clone(),
            settings: settings.clone(),
            restore_testing_plans: restore_testing_plans.clone(),
            unmanaged_restore_testing_plans: BTreeSet::new(),
            other_stack_restore_testing_plans: BTreeMap::new(),
            tiering_configurations: tiering_configurations.clone(),
            unmanaged_tiering_configurations: BTreeSet::new(),
            other_stack_tiering_configurations: BTreeMap::new(),
            legal_holds: legal_holds.fingerprinted(),
            frameworks: frameworks.clone(),
            unmanaged_frameworks: BTreeSet::new(),
            other_stack_frameworks: BTreeMap::new(),
            report_plans: report_plans.clone(),
            unmanaged_report_plans: BTreeSet::new(),
            other_stack_report_plans: BTreeMap::new(),
        }
    }
}

/// True when a resource's tags say it belongs to `stack`.
pub fn is_managed(tags: &Tags, stack: &str) -> bool {
    tags.get(STACK_TAG).map(String::as_str) == Some(stack)
}
