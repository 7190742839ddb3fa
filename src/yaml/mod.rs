//! The YAML reading machinery the config and each kind's config types use:
//! the positioned tree (`raw`), spans and diagnostics, the `Decode` trait
//! and its context, did-you-mean hints, tags and `ignore_tags`, cron and timezones, and the
//! shared checks (`findings`, `arn`, `values`). It names no resource kind
//! and no config aggregate; `config` loads, merges and validates with it
//! (and re-exports it at its old paths).

pub mod arn;
pub mod cron;
pub(crate) mod decode;
pub mod diagnostics;
pub(crate) mod findings;
pub(crate) mod hints;
pub mod ignore_tags;
pub(crate) mod raw;
pub mod span;
pub mod tags;
pub mod values;
