//! Legal holds (`legal_holds:`): a hold keeps the recovery points its
//! selection matches from being deleted until it is cancelled.
//!
//! Identity: AWS gives a hold a generated id and never reads a hold back
//! by name, and titles are not unique in an account. A config entry's
//! `title` is its identity within the stack: the hold it stands for is the
//! ACTIVE (or CREATING) hold tagged `backupctl:stack=<stack>` with that
//! title. CANCELED and CANCELING holds are history, never present. Holds
//! without the stack's tag are never matched, changed or cancelled.
//!
//! A hold cannot be edited in AWS (only its tags can): a changed title,
//! description or selection is refused by the plan (declare a new hold
//! under a new title), never cancelled and re-created. A hold that left
//! the config is cancelled only with `apply --cancel-legal-holds --reason
//! TEXT`; the reason is sent as CancelDescription.

pub mod config;
pub(crate) mod desired;
mod diff;
mod guard;
pub(crate) mod import;
pub mod model;
mod observe;
mod ops;
mod safety;
pub mod validate;
mod write;

use super::{Kind, KindInfo};

pub use safety::CANCEL_LEGAL_HOLDS;

pub const KIND: KindInfo = KindInfo {
    kind: Kind::LegalHold,
    prefix: "legal_hold",
    noun: "legal hold",
    plural: "legal holds",
    depends_on: &[Kind::Vault],
    stack_owned: true,
    lists_unmanaged: false,
    deletable: true,
    ops: &ops::OPS,
};
