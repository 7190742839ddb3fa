//! Config framework -> normalized framework (parameters as strings with
//! defaults filled in, scope members as sets).

use std::collections::BTreeMap;

use super::config;
use super::model::{non_empty, normalize_params, Control, Framework, Scope};

pub(crate) fn framework(f: &config::Framework) -> Framework {
    Framework {
        name: f.name.value.clone(),
        description: f
            .description
            .as_ref()
            .map(|d| d.value.clone())
            .filter(|d| !d.trim().is_empty()),
        controls: f
            .controls
            .iter()
            .map(|c| {
                let params: BTreeMap<String, String> = c
                    .parameters
                    .iter()
                    .map(|(k, v)| (k.clone(), v.value.0.clone()))
                    .collect();
                let scope = c.scope.as_ref().and_then(|s| {
                    non_empty(Scope {
                        resource_ids: s.resource_ids.iter().map(|x| x.value.clone()).collect(),
                        resource_types: s.resource_types.iter().map(|x| x.value.clone()).collect(),
                        tags: s
                            .tags
                            .iter()
                            .map(|(k, v)| (k.clone(), v.value.clone()))
                            .collect(),
                    })
                });
                (
                    c.name.value.clone(),
                    Control {
                        parameters: normalize_params(&c.name.value, params),
                        scope,
                    },
                )
            })
            .collect(),
        tags: f.tags.0.clone(),
    }
}
