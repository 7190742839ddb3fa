//! Apply: carry out a [`Plan`](crate::plan::Plan) against the account.
//!
//! Three parts: [`safety`] decides whether a plan may run at all (destroy
//! flags, recovery points, the change-ratio threshold, irreversible locks),
//! [`exec`] makes the API calls in dependency order with bounded
//! concurrency, and [`progress`] reports each operation on stderr. The CLI
//! (`cli/apply.rs`) wires them together; nothing here reads the config.

pub mod exec;
pub mod progress;
pub mod safety;

pub use exec::{execute, OpResult, Outcome, Status};
pub use safety::{check, SafetyOptions, Verdict};
