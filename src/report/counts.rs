//! Job counts by state, message category and resource type, and the
//! timestamp format: what the backup-job, copy-job and restore-test parts
//! of the report share. A leaf module so those parts and `types` (which
//! holds them all in the report) do not depend on each other in a cycle.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::aws::Job;

/// States that mean "no recovery point came of it" for the gate and the
/// failed-resources list.
pub const FAILED_STATES: &[&str] = &["FAILED", "EXPIRED"];

const NO_CATEGORY: &str = "(none)";

/// Job counts by state, message category and resource type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub total: i64,
    pub by_state: BTreeMap<String, i64>,
    pub by_message_category: BTreeMap<String, i64>,
    pub by_resource_type: BTreeMap<String, i64>,
}

impl Counts {
    pub(super) fn add(&mut self, state: &str, category: &str, resource_type: &str, n: i64) {
        let category = if category.is_empty() {
            NO_CATEGORY
        } else {
            category
        };
        self.total += n;
        *self.by_state.entry(state.to_string()).or_default() += n;
        *self
            .by_message_category
            .entry(category.to_string())
            .or_default() += n;
        *self
            .by_resource_type
            .entry(resource_type.to_string())
            .or_default() += n;
    }

    pub(super) fn add_job(&mut self, j: &Job) {
        self.add(
            &j.state,
            j.message_category.as_deref().unwrap_or_default(),
            &j.resource_type,
            1,
        );
    }

    pub fn state(&self, s: &str) -> i64 {
        self.by_state.get(s).copied().unwrap_or(0)
    }

    pub fn failed(&self) -> i64 {
        FAILED_STATES.iter().map(|s| self.state(s)).sum()
    }
}

/// Format epoch seconds as RFC 3339 UTC.
pub fn timestamp(secs: f64) -> String {
    chrono::DateTime::from_timestamp(secs.floor() as i64, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| secs.to_string())
}
