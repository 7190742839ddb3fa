//! Results of a multi-target run: one document per command (`plan`,
//! `drift`, `report`) holding each target's own result, or the error that
//! stopped that target, in target-name order. It is the JSON of format
//! version 2 (`docs/plan-format.md`), what `--shard K/N` writes and what
//! `backupctl merge` joins back into one; the renderers work from it alone,
//! so a merged set of shards renders exactly like the unsharded run.

pub mod merge;
pub mod select;
#[cfg(test)]
pub(crate) mod tests;

use serde::{Deserialize, Serialize};

/// The JSON format version of multi-target documents (single-target
/// output keeps version 1).
pub const FORMAT_VERSION: u32 = 2;

/// What a document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Plan,
    Drift,
    Report,
}

/// One command's result over many targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Fleet<T> {
    pub format_version: u32,
    pub kind: DocKind,
    pub stack: String,
    /// Every target of the run (of this shard), sorted by name.
    pub targets: Vec<TargetResult<T>>,
    /// Set when this document is one shard of a run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
}

/// One target's result, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct TargetResult<T> {
    /// `ACCOUNT/REGION`.
    pub name: String,
    pub account_id: String,
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<T>,
    /// The target could not be read (role not assumable, access denied,
    /// wrong account): the command exits 1 and names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Which part of the run a document covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based.
    pub index: usize,
    pub count: usize,
    /// Targets of the whole run (all shards), for `merge` to check that
    /// every shard is there.
    pub targets_total: usize,
}

impl<T> Fleet<T> {
    /// The targets that failed, by name.
    pub fn failed(&self) -> Vec<&str> {
        self.targets
            .iter()
            .filter(|t| t.error.is_some())
            .map(|t| t.name.as_str())
            .collect()
    }

    /// The results that exist, with their target.
    pub fn results(&self) -> impl Iterator<Item = (&TargetResult<T>, &T)> {
        self.targets
            .iter()
            .filter_map(|t| t.result.as_ref().map(|r| (t, r)))
    }
}

impl<T: Serialize> Fleet<T> {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("fleet documents serialize") + "\n"
    }
}
