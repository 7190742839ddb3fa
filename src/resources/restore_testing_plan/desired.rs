//! Config restore testing plan -> normalized plan, AWS's defaults filled
//! in (timezone `Etc/UTC`, start window 24 hours, selection window 30
//! days). Vault names stay names here; the diff resolves them to ARNs
//! against the observed account and region.

use backup_facts::defaults::DEFAULT_TIMEZONE;
use backup_facts::restore_testing::{DEFAULT_SELECTION_WINDOW_DAYS, DEFAULT_START_WINDOW_HOURS};

use super::config;
use super::model::{RecoveryPointSelection, RestoreTestingPlan};
use crate::resources::restore_testing_selection::desired::selection;

pub(crate) fn plan(p: &config::RestoreTestingPlan) -> RestoreTestingPlan {
    let r = &p.recovery_point_selection;
    let set =
        |l: &Vec<crate::yaml::span::Spanned<String>>| l.iter().map(|s| s.value.clone()).collect();
    RestoreTestingPlan {
        name: p.name.value.clone(),
        tags: p.tags.0.clone(),
        schedule: p.schedule.value.clone(),
        schedule_timezone: p
            .schedule_timezone
            .as_ref()
            .map_or(DEFAULT_TIMEZONE.to_string(), |s| s.value.clone()),
        start_window_hours: p
            .start_window_hours
            .as_ref()
            .map_or(DEFAULT_START_WINDOW_HOURS, |s| s.value),
        recovery_point_selection: RecoveryPointSelection {
            algorithm: r.algorithm.value.clone(),
            include_vaults: set(&r.include_vaults),
            exclude_vaults: set(&r.exclude_vaults),
            recovery_point_types: set(&r.recovery_point_types),
            selection_window_days: r
                .selection_window_days
                .as_ref()
                .map_or(DEFAULT_SELECTION_WINDOW_DAYS, |s| s.value),
        },
        selections: p
            .selections
            .iter()
            .map(|s| (s.name.value.clone(), selection(s)))
            .collect(),
    }
}
