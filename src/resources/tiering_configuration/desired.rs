//! Config tiering configuration -> normalized one (selections and
//! resources as sets).

use super::config;
use super::model::{TieringConfiguration, TieringSelection};

pub(crate) fn tiering(t: &config::TieringConfiguration) -> TieringConfiguration {
    TieringConfiguration {
        name: t.name.value.clone(),
        vault: t.vault.value.clone(),
        resource_selection: t
            .resource_selection
            .iter()
            .map(|s| TieringSelection {
                resource_type: s.resource_type.value.clone(),
                resources: s.resources.iter().map(|r| r.value.clone()).collect(),
                tiering_down_settings_in_days: s.tiering_down_settings_in_days.value,
            })
            .collect(),
        tags: t.tags.0.clone(),
    }
}
