//! Apply: carry out a [`Plan`](crate::changeset::ChangeSet) against the account.
//!
//! Four parts: [`safety`] decides whether a plan may run at all (destroy
//! flags, recovery points, the change-ratio threshold, irreversible locks),
//! [`Ownership`] (`resources::guard`, below the kinds that fill in its
//! rules) refuses any change to a resource this run does not own, [`exec`]
//! makes the API calls in dependency order with bounded
//! concurrency, and [`progress`] reports each operation on stderr. The
//! engine (`engine::apply`) wires them together; nothing here reads the
//! config.

pub mod exec;
pub mod progress;
pub mod safety;

pub use crate::resources::guard::Ownership;
pub use exec::{execute, execute_gated, Gate, OpResult, Outcome, Status};
pub use safety::{check, evaluate, SafetyOptions, Verdict};
