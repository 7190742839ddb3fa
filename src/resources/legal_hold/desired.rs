//! Config legal hold -> normalized legal hold.

use super::config;
use super::model::{parse_timestamp, timestamp, DateRange, LegalHold, PointSelection};

pub(crate) fn hold(h: &config::LegalHold) -> LegalHold {
    let ts = |s: &str| parse_timestamp(s).map_or_else(|| s.to_string(), timestamp);
    LegalHold {
        title: h.title.value.clone(),
        description: h.description.value.clone(),
        recovery_point_selection: h.recovery_point_selection.as_ref().and_then(|s| {
            PointSelection {
                vaults: s.vaults.iter().map(|v| v.value.clone()).collect(),
                resource_identifiers: s
                    .resource_identifiers
                    .iter()
                    .map(|v| v.value.clone())
                    .collect(),
                date_range: s.date_range.as_ref().map(|d| DateRange {
                    from: ts(&d.from.value),
                    to: ts(&d.to.value),
                }),
            }
            .nonempty()
        }),
        tags: h.tags.0.clone(),
    }
}
