//! Tag limits, and the enums and limits from the AWS Backup model that the
//! checks compare values against.

use crate::config::decode::Cx;
use crate::config::raw::{Kind, Node, Pos};
use backup_facts::limits::{MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS, RESERVED_TAG_PREFIX};

/// AWS tag limits: key 1..128 characters without the reserved `aws:` prefix,
/// value up to 256 characters.
pub(crate) fn check_tag(key: &str, value: &Node, key_pos: Pos, cx: &mut Cx) {
    let n = key.chars().count();
    if n == 0 || n > MAX_TAG_KEY_CHARS {
        cx.error(
            key_pos,
            format!("tag key is {n} characters; AWS allows 1 to {MAX_TAG_KEY_CHARS}"),
            None,
        );
    }
    if key == crate::model::STACK_TAG {
        cx.error(
            key_pos,
            format!("tag key `{key}` is reserved: backupctl sets it to the config's `stack` on every vault and plan it manages"),
            Some("remove this tag; to change the owner, change `stack`".into()),
        );
    }
    if key.to_lowercase().starts_with(RESERVED_TAG_PREFIX) {
        cx.error(
            key_pos,
            format!("tag key `{key}` uses the reserved `aws:` prefix"),
            Some("AWS reserves tags starting with aws:; choose another key".into()),
        );
    }
    if let Kind::Str(v) = &value.kind {
        let n = v.chars().count();
        if n > MAX_TAG_VALUE_CHARS {
            cx.error(
                value.pos,
                format!("tag value is {n} characters; AWS allows at most {MAX_TAG_VALUE_CHARS}"),
                None,
            );
        }
    }
}

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
