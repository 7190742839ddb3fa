//! Observe: read the live account into `model::Live` with as few calls as
//! possible and bounded concurrency (a semaphore of `concurrency` permits
//! around every request, list pages included). Here: the scope, the loop
//! over the registry's reads (`Aws::observe`) and how a listed resource is
//! filed; the reads are each kind's (`resources::<kind>::observe`).
//!
//! API calls per resource kind (N = resources of that kind, P = pages):
//! - vaults: ListBackupVaults, 1 per page of 1,000 (it carries the name,
//!   ARN, encryption key, recovery-point count and lock state, so no
//!   DescribeBackupVault); ListTags 1 per vault (more only past a page of
//!   tags); for a vault read in full (managed by the stack, or named in the
//!   config) + GetBackupVaultAccessPolicy + GetBackupVaultNotifications.
//!   So 1 call per unmanaged vault, 3 per managed vault; none beyond the
//!   listing for a vault AWS created itself (`aws/...`, never managed).
//! - plans, selections: see `resources::backup_plan::observe`.
//! - restore testing plans: ListRestoreTestingPlans, 1 per page of 1,000;
//!   ListTags 1 per plan; for a plan read in full + GetRestoreTestingPlan,
//!   ListRestoreTestingSelections and 1 GetRestoreTestingSelection per
//!   selection (`resources::restore_testing_plan::observe`).
//! - legal holds: ListLegalHolds, 1 per page; ListTags + GetLegalHold per
//!   active hold (`resources::legal_hold::observe`).
//! - frameworks: ListFrameworks, ListTags 1 per framework, + DescribeFramework
//!   for one read in full; report plans: ListReportPlans (it carries the
//!   settings), ListTags 1 per plan. See `resources::{framework,report_plan}::observe`.
//! - settings (only when declared): DescribeGlobalSettings +
//!   DescribeRegionSettings, 2 calls.
//! - tiering configurations: ListTieringConfigurations, 1 per page of
//!   1,000 (always, so the stack's own are found); ListTags 1 per
//!   configuration; + GetTieringConfiguration for one read in full. See
//!   `resources::tiering_configuration::observe`.
//!
//! A missing access policy / notification configuration answers
//! ResourceNotFoundException: only that means "none". Any other error
//! (AccessDenied included) fails the read, naming the call and the vault,
//! since "none" would hide an allow-all policy. An endpoint that does not
//! implement those two reads at all (`error::unserved`: an uncoded 404, as
//! moto_server answers) is read as having none, with a warning once.
//! `probe_vault` reads one vault by name with DescribeBackupVault, where
//! AccessDenied and ResourceNotFound both mean absent (AWS answers 403 for
//! a missing vault: aws-sdk-js#2625).

use std::collections::BTreeSet;

use futures_util::future::try_join_all;

use super::{Kind, REGISTRY};
use crate::aws::{Aws, AwsError};
use crate::model::{is_managed, Live, Tags, STACK_TAG};

/// What to read: the stack (ownership tag value), the resource names the
/// config mentions (read in full even when unmanaged), and whether account
/// settings are declared.
#[derive(Debug, Clone, Default)]
pub struct ObserveScope {
    pub stack: String,
    /// Desired and external vault names.
    pub vault_names: BTreeSet<String>,
    pub plan_names: BTreeSet<String>,
    pub air_gapped_names: BTreeSet<String>,
    pub restore_testing_plan_names: BTreeSet<String>,
    pub tiering_configuration_names: BTreeSet<String>,
    pub framework_names: BTreeSet<String>,
    pub report_plan_names: BTreeSet<String>,
    pub settings: bool,
    /// Read every vault and plan in full, managed or not (`import`).
    pub everything: bool,
}

/// The names of a kind the scope never names.
static NO_NAMES: BTreeSet<String> = BTreeSet::new();

impl ObserveScope {
    /// The names of `kind` the config mentions (read in full even when
    /// unmanaged); empty for a kind that is not looked up by name.
    pub fn names(&self, kind: Kind) -> &BTreeSet<String> {
        match kind {
            Kind::Vault => &self.vault_names,
            Kind::AirGappedVault => &self.air_gapped_names,
            Kind::BackupPlan => &self.plan_names,
            Kind::RestoreTestingPlan => &self.restore_testing_plan_names,
            Kind::Settings | Kind::Selection | Kind::RestoreTestingSelection | Kind::LegalHold => {
                &NO_NAMES
            }
            Kind::TieringConfiguration => &self.tiering_configuration_names,
            Kind::Framework => &self.framework_names,
            Kind::ReportPlan => &self.report_plan_names,
        }
    }

    /// [`ObserveScope::names`], to fill in (`None` for a kind without names).
    pub fn names_mut(&mut self, kind: Kind) -> Option<&mut BTreeSet<String>> {
        match kind {
            Kind::Vault => Some(&mut self.vault_names),
            Kind::AirGappedVault => Some(&mut self.air_gapped_names),
            Kind::BackupPlan => Some(&mut self.plan_names),
            Kind::RestoreTestingPlan => Some(&mut self.restore_testing_plan_names),
            Kind::Settings | Kind::Selection | Kind::RestoreTestingSelection | Kind::LegalHold => {
                None
            }
            Kind::TieringConfiguration => Some(&mut self.tiering_configuration_names),
            Kind::Framework => Some(&mut self.framework_names),
            Kind::ReportPlan => Some(&mut self.report_plan_names),
        }
    }

    /// Whether the resource of `kind` named `name` (tagged `tags`) is read
    /// in full: everything is, or it is the stack's, or the config names it.
    pub fn reads_in_full(&self, kind: Kind, name: &str, tags: &Tags) -> bool {
        self.everything || is_managed(tags, &self.stack) || self.names(kind).contains(name)
    }
}

/// How a listed resource was seen.
pub(crate) enum Seen<T> {
    /// Read in full (managed by the stack, or named in the config).
    Full(T),
    /// Outside any stack.
    Unmanaged(String),
    /// Another stack's: (name, stack).
    Other(String, String),
    /// Created by AWS itself (vaults only).
    AwsCreated(String),
}

/// How a resource that was not read in full is classified by its tags.
pub(crate) fn classify<T>(name: String, tags: &Tags) -> Seen<T> {
    match tags.get(STACK_TAG) {
        Some(stack) => Seen::Other(name, stack.clone()),
        None => Seen::Unmanaged(name),
    }
}

/// File a listed resource of `kind` under `live`: read in full through
/// `full`, else into the kind's outside lists (an AWS-created one counts as
/// unmanaged where the kind has no list of those).
pub(crate) fn record<T>(
    live: &mut Live,
    kind: Kind,
    seen: Seen<T>,
    full: impl FnOnce(&mut Live, T),
) {
    match seen {
        Seen::Full(x) => full(live, x),
        Seen::Unmanaged(n) => {
            if let Some(u) = live.outside_mut(kind).unmanaged {
                u.insert(n);
            }
        }
        Seen::Other(n, stack) => {
            if let Some(o) = live.outside_mut(kind).other_stacks {
                o.insert(n, stack);
            }
        }
        Seen::AwsCreated(n) => {
            let o = live.outside_mut(kind);
            if let Some(a) = o.aws_created.or(o.unmanaged) {
                a.insert(n);
            }
        }
    }
}

/// The account id field of an ARN (`arn:aws:backup:REGION:ACCOUNT:...`).
pub(crate) fn account_of(arn: &str) -> Option<String> {
    arn.split(':')
        .nth(4)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
}

impl Aws {
    /// Read the live state the scope needs.
    /// Every kind's reads run concurrently; what they read is filed in
    /// registry order, and the account is told by the first ARN listed
    /// (the first kind's that listed any).
    pub async fn observe(&self, scope: &ObserveScope) -> Result<Live, AwsError> {
        let reads = REGISTRY
            .iter()
            .filter_map(|i| i.ops.observe)
            .map(|observe| observe(self, scope));
        let observed = try_join_all(reads).await?;
        let mut live = Live {
            region: self.region.clone(),
            ..Live::default()
        };
        let mut first_arn = None;
        for o in observed {
            first_arn = first_arn.or(o.first_arn);
            (o.fill)(&mut live);
        }
        live.account_id = first_arn.as_deref().and_then(account_of);
        Ok(live)
    }
}
