//! The legal hold entries of the config (`legal_holds:`): their types (what
//! the loader decodes into and what the JSON Schema is derived from) and
//! their keys. Checked in `validate.rs`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::yaml::decode::decode_struct;
use crate::yaml::span::Spanned;
use crate::yaml::tags::Tags;

/// A legal hold: keeps the recovery points its selection matches from
/// being deleted until it is cancelled. A hold cannot be edited in AWS:
/// change anything but `tags` by declaring a new hold with a new title.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalHold {
    /// The hold's identity within the stack (AWS gives holds generated
    /// ids): the stack's active hold with this title. Unique in the config.
    #[schemars(length(min = 1))]
    pub title: Spanned<String>,
    /// Why the hold exists (required by AWS).
    #[schemars(length(min = 1))]
    pub description: Spanned<String>,
    /// Which recovery points the hold keeps; all of the account's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_point_selection: Option<Spanned<PointSelection>>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

/// The recovery points a hold keeps (every criterion given must match).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PointSelection {
    /// Names of vaults declared in `vaults` or listed in `external_vaults`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vaults: Vec<Spanned<String>>,
    /// ARNs of the protected resources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_identifiers: Vec<Spanned<String>>,
    /// Recovery points created in this range (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_range: Option<Spanned<DateRange>>,
}

/// A creation-date range, RFC 3339 timestamps (`2024-01-01T00:00:00Z`),
/// accurate to the millisecond.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    #[schemars(extend("format" = "date-time"))]
    pub from: Spanned<String>,
    #[schemars(extend("format" = "date-time"))]
    pub to: Spanned<String>,
}

decode_struct!(LegalHold {
    title,
    description,
    recovery_point_selection,
    tags
});
decode_struct!(PointSelection {
    vaults,
    resource_identifiers,
    date_range
});
decode_struct!(DateRange { from, to });
