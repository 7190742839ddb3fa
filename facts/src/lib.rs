//! What AWS Backup accepts and assumes, written down once: the enums, name
//! patterns, limits and defaults of the service. backupctl's offline
//! validation and the local emulator both read them from here, so the two
//! cannot drift apart, and neither reaches into the other's internals.
//!
//! Each value cites where it comes from: botocore's `backup-2018-11-15`
//! service model (the one the emulator's conformance suite pins), or the
//! AWS Backup developer guide and API reference where the model says
//! nothing. The crate has no dependencies and no logic beyond the few
//! checks that make a fact usable (a name pattern's `matches`).

#![deny(missing_docs)]

pub mod audit;
pub mod controls;
pub mod defaults;
pub mod enums;
pub mod limits;
pub mod names;
pub mod settings;
