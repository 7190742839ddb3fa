//! Least-privilege IAM for backupctl: the table of every AWS call the code
//! makes and the permissions each needs (`table`), what a config narrows a
//! policy to (`scope`), the policy document built from the two (`policy`)
//! and the table as a reviewer or a tool reads it (`explain`). Behind
//! `backupctl iam-policy`; see docs/permissions.md.

pub mod explain;
pub mod policy;
pub mod scope;
pub mod table;

pub use scope::Scope;
pub use table::Use;
