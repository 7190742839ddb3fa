//! The enums and limits from the AWS Backup model that the checks compare
//! values against (re-exported from `backup_facts`). Tag limits are checked
//! while decoding, in `config::tags`.

/// The `BackupVaultEvent` enum of the AWS Backup model. One list serves both
/// sides: the emulator enforces it and its conformance suite checks it
/// against the pinned botocore model, so validation cannot drift from it.
pub use backup_facts::enums::VAULT_EVENTS;

/// Global settings `UpdateGlobalSettings` documents; resource types AWS
/// Backup knows for region settings; the resource types that support full
/// AWS Backup management (the only keys `resource_type_management` takes,
/// shared with the emulator, which refuses the others as AWS does).
pub use backup_facts::settings::{GLOBAL_SETTINGS, MANAGEMENT_TYPES, RESOURCE_TYPES};

/// Enums and resource type lists of backup rules (see `backup_facts::enums`).
pub use backup_facts::enums::{
    ADVANCED_RESOURCE_TYPES, CONDITION_TYPES, DELETE_AFTER_EVENTS, INDEX_RESOURCE_TYPES,
    MALWARE_SCANNERS, SCAN_MODES,
};

/// The AWS default start window, used when a window is not written, and the
/// bounds of retention and windows.
pub use backup_facts::defaults::DEFAULT_START_WINDOW;
pub use backup_facts::limits::{
    MAX_CONTINUOUS_RETENTION_DAYS, MAX_RETENTION_DAYS, MIN_CHANGEABLE_FOR_DAYS,
    MIN_COLD_STORAGE_DAYS, MIN_START_WINDOW,
};
