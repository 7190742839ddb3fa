//! Apply: carry out a [`Plan`](crate::changeset::ChangeSet) against the account.
//!
//! Four parts: [`safety`] decides whether a plan may run at all (destroy
//! flags, recovery points, the change-ratio threshold, irreversible locks),
//! [`guard`] refuses any change to a resource this run does not own,
//! [`exec`] makes the API calls in dependency order with bounded
//! concurrency, and [`progress`] reports each operation on stderr. The
//! engine (`engine::apply`) wires them together; nothing here reads the
//! config.

pub mod exec;
pub mod guard;
pub mod progress;
pub mod safety;

pub use exec::{execute, OpResult, Outcome, Status};
pub use guard::Ownership;
pub use safety::{check, evaluate, SafetyOptions, Verdict};
