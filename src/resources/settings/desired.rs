//! Config settings -> normalized settings (only the declared keys).

use std::collections::BTreeMap;

use super::config;
use crate::model::Settings;

pub(crate) fn settings(s: &config::Settings) -> Settings {
    let flags = |m: &BTreeMap<String, crate::yaml::span::Spanned<bool>>| {
        m.iter().map(|(k, v)| (k.clone(), v.value)).collect()
    };
    Settings {
        global: s
            .global
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect(),
        resource_type_opt_in: s
            .region
            .as_ref()
            .map(|r| flags(&r.resource_type_opt_in))
            .unwrap_or_default(),
        resource_type_management: s
            .region
            .as_ref()
            .map(|r| flags(&r.resource_type_management))
            .unwrap_or_default(),
    }
}
