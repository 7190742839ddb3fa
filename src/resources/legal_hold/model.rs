//! The normalized legal hold: the config's and AWS's holds are converted
//! into these types (vaults and resources as sorted sets, timestamps as
//! UTC RFC 3339 at millisecond precision, an empty selection as none), so
//! comparing them is plain equality.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::model::Tags;

/// A legal hold's attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalHold {
    pub title: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_point_selection: Option<PointSelection>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointSelection {
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub vaults: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub resource_identifiers: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_range: Option<DateRange>,
}

impl PointSelection {
    /// `None` for a selection that selects by nothing (AWS: everything).
    pub fn nonempty(self) -> Option<PointSelection> {
        (!self.vaults.is_empty()
            || !self.resource_identifiers.is_empty()
            || self.date_range.is_some())
        .then_some(self)
    }
}

/// Both ends as [`timestamp`] strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub from: String,
    pub to: String,
}

/// The one spelling of an instant both sides use: UTC, `Z`, milliseconds
/// only when not zero (AWS keeps milliseconds).
pub fn timestamp(t: DateTime<Utc>) -> String {
    let ms = t.timestamp_millis();
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or(t)
        .to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Parse an RFC 3339 timestamp into [`timestamp`]'s spelling.
pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A hold as observed in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveLegalHold {
    pub id: String,
    pub arn: String,
    /// `ACTIVE` or `CREATING`.
    pub status: String,
    /// Seconds since the epoch, in milliseconds (0 when AWS gave none).
    pub created_ms: i64,
    pub hold: LegalHold,
}

/// The legal holds seen in the account and region.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveHolds {
    /// The stack's active holds, by title (the oldest of a shared title).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub held: BTreeMap<String, LiveLegalHold>,
    /// Titles held by more than one active hold of the stack: title -> the
    /// ids of the holds besides the one in `held`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub duplicates: BTreeMap<String, Vec<String>>,
    /// CANCELING/CANCELED holds per title (any stack): a new hold of a title
    /// gets a new IdempotencyToken after each cancellation.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub canceled: BTreeMap<String, u32>,
    /// Active holds outside the stack (read in full only for `import`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outside: Vec<LiveLegalHold>,
}

impl LiveHolds {
    pub fn is_empty(&self) -> bool {
        *self == LiveHolds::default()
    }

    /// What a saved plan depends on: everything but the holds outside the
    /// stack.
    pub fn fingerprinted(&self) -> LiveHolds {
        LiveHolds {
            outside: Vec::new(),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_one_spelling() {
        let a = parse_timestamp("2024-01-01T02:00:00+02:00").unwrap();
        let b = parse_timestamp("2024-01-01T00:00:00.000Z").unwrap();
        assert_eq!(timestamp(a), timestamp(b));
        assert_eq!(timestamp(a), "2024-01-01T00:00:00Z");
        let c = parse_timestamp("2024-01-01T00:00:00.1234Z").unwrap();
        assert_eq!(timestamp(c), "2024-01-01T00:00:00.123Z");
        assert!(parse_timestamp("2024-01-01").is_none());
    }
}
