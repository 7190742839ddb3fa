//! The desired-state config as typed structs.
//!
//! These types are the single source for three things: what the loader
//! decodes YAML into, what `backupctl schema` publishes (schemars derives the
//! JSON Schema from them, honouring the serde attributes), and what the `plan`
//! side converts into its domain model. Keys are snake_case; unknown keys are
//! errors (`deny_unknown_fields` becomes `additionalProperties: false`).
//! Values that validation must point at are `Spanned` (`yaml::span`).
//!
//! The top level (`Config`, `ignore`) is in `resources` (next to the
//! registry: it holds one field per kind); each resource kind's types live
//! in its folder (`resources/<kind>/config.rs`). All are re-exported here,
//! so `config::Config`, `config::Vault` and `config::model::Rule` still
//! name them.

pub use super::tags::Tags;
pub use crate::resources::backup_plan::config::{
    AdvancedBackupSetting, BackupPlan, CopyAction, IndexAction, Lifecycle, Rule, RuleFields,
    RuleTemplate, ScanAction, ScanSetting,
};
pub use crate::resources::selection::config::{
    ConditionParameter, Conditions, Selection, TagCondition,
};
pub use crate::resources::settings::config::{RegionSettings, Settings};
pub use crate::resources::vault::config::{Notifications, Vault, VaultLock};
pub use crate::resources::{Config, Ignore};
pub use crate::yaml::ignore_tags::IgnoreTags;
