//! What each kind does, behind its registry entry (`KindInfo::ops`): the
//! generic code (offline checks, desired conversion, observe scope and
//! reads, diff, safety, ownership, execution, import) loops over
//! [`super::REGISTRY`] and calls these instead of naming kinds. Each kind fills its `KindOps` in its
//! folder's `ops.rs`.

use futures_util::future::BoxFuture;

use crate::aws::{Aws, AwsError};
use crate::changeset::{Change, Safety};
use crate::model::{Desired, IgnoredTags, Live};
use crate::resources::differ::Differ;
use crate::resources::exec::Ctx;
use crate::resources::guard::Ownership;
use crate::resources::Config;
use crate::resources::ObserveScope;
use crate::resources::{Chosen, Filter, Import};
use crate::yaml::findings::Findings;

/// One kind's reads, to be filed into the live state once every kind's
/// reads are done.
pub(crate) struct Observed {
    /// Files what was read under `Live`.
    pub(crate) fill: Box<dyn FnOnce(&mut Live) + Send>,
    /// The first ARN listed (it tells the account).
    pub(crate) first_arn: Option<String>,
}

/// Reads a kind's live resources.
pub(crate) type ObserveFn =
    for<'a> fn(&'a Aws, &'a ObserveScope) -> BoxFuture<'a, Result<Observed, AwsError>>;

/// Carries out one change (Ok: a detail worth showing).
pub(crate) type ExecuteFn =
    for<'a, 'b> fn(&'a Ctx<'b>, &'a Change) -> BoxFuture<'a, Result<Option<String>, AwsError>>;

/// How `import` handles a kind.
pub(crate) struct ImportOps {
    /// Choose the kind's resources from a live state read in full (in
    /// dependency order: a kind sees what the kinds it depends on chose).
    pub(crate) select: for<'a> fn(&'a Live, &Select<'_>, &mut Import<'a>),
    /// The chosen resources, with their ARN and ownership.
    pub(crate) chosen: fn(&Import<'_>, &str) -> Vec<Chosen>,
    /// Write the kind's section of the config text.
    pub(crate) write: fn(&Import<'_>, &mut String),
    /// Where that section goes: sections are written by ascending
    /// `section` (vaults 10, plans 20, settings 90).
    pub(crate) section: u8,
}

/// What an import selection is asked for.
pub(crate) struct Select<'a> {
    pub(crate) stack: &'a str,
    pub(crate) filter: &'a Filter,
    pub(crate) with_settings: bool,
}

/// Per-kind behaviour; `None` where a kind has nothing to do there (a
/// selection is read, diffed and imported with its plan).
pub(crate) struct KindOps {
    /// Its offline checks of the config (`None`: checked with its parent).
    pub(crate) validate: Option<fn(&Config, &mut Findings<'_>)>,
    /// Config -> its part of the desired state.
    pub(crate) desired: fn(&Config, &mut Desired),
    /// Drop the tags `ignore_tags` covers from its live resources
    /// ([`Live::hide_ignored_tags`]); `None` for a kind without tags.
    pub(crate) hide_tags: Option<fn(&mut Live, &IgnoredTags)>,
    /// Its part of the observe scope (names to read in full, flags).
    pub(crate) scope: fn(&Desired, &mut ObserveScope),
    pub(crate) observe: Option<ObserveFn>,
    /// Its changes (and errors) in the diff.
    pub(crate) diff: Option<fn(&mut Differ<'_>, &Desired, &Live)>,
    /// Its resources managed by the stack (safety counts).
    pub(crate) managed: fn(&Live, &str) -> usize,
    /// Its safety rules for one of its changes (blocks, flag needs, warnings).
    pub(crate) safety: Option<fn(&Change, &Desired, &mut Safety)>,
    /// Its ownership rule: `Err(reason)` when this run must not carry out
    /// the change ([`Ownership::check`]).
    pub(crate) owns: fn(&Ownership<'_>, &Change) -> Result<(), String>,
    pub(crate) execute: ExecuteFn,
    pub(crate) import: Option<ImportOps>,
}

impl std::fmt::Debug for KindOps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KindOps").finish_non_exhaustive()
    }
}

/// `managed` of a kind the safety counts leave out.
pub(crate) fn not_counted(_: &Live, _: &str) -> usize {
    0
}

/// `scope` of a kind that needs nothing named.
pub(crate) fn no_scope(_: &Desired, _: &mut ObserveScope) {}

/// `desired` of a kind converted with another one.
pub(crate) fn no_desired(_: &Config, _: &mut Desired) {}
