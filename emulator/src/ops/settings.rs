//! Account-wide global settings and per-region resource type settings
//! (Describe/UpdateGlobalSettings, Describe/UpdateRegionSettings).

use std::collections::BTreeMap;

use backup_facts::settings::{
    GLOBAL_SETTINGS, MANAGEMENT_DEFAULTS, MANAGEMENT_TYPES, OPT_IN_DEFAULTS, RESOURCE_TYPES,
};
use serde_json::{json, Value};

use super::Req;
use crate::error::{AwsError, OpResult};
use crate::state::Store;
use crate::util::now;
use crate::validate;

pub fn describe_global(store: &mut Store, req: &Req<'_>) -> OpResult {
    let acct = store.account_mut(&req.caller.account);
    let mut settings: BTreeMap<String, String> = GLOBAL_SETTINGS
        .iter()
        .map(|k| (k.to_string(), "false".to_string()))
        .collect();
    settings.extend(acct.global_settings.clone());
    let mut out = json!({ "GlobalSettings": settings });
    if let Some(t) = acct.global_settings_updated {
        out["LastUpdateTime"] = json!(t);
    }
    Ok(out)
}

pub fn update_global(store: &mut Store, req: &Req<'_>) -> OpResult {
    let Some(m) = validate::body_obj(&req.body, "GlobalSettings")? else {
        return Err(AwsError::missing("GlobalSettings is required"));
    };
    let mut new = BTreeMap::new();
    for (k, v) in m {
        if !GLOBAL_SETTINGS.contains(&k.as_str()) {
            return Err(AwsError::invalid(format!("Invalid global setting {k}")));
        }
        match v.as_str() {
            Some("true") | Some("false") => {
                new.insert(k.clone(), v.as_str().unwrap_or_default().to_string());
            }
            _ => {
                return Err(AwsError::invalid(format!(
                    "Invalid value {v} for {k}: must be \"true\" or \"false\""
                )))
            }
        }
    }
    let acct = store.account_mut(&req.caller.account);
    acct.global_settings.extend(new);
    acct.global_settings_updated = Some(now());
    Ok(json!({}))
}

fn merged<'a>(
    defaults: impl Iterator<Item = (&'a str, bool)>,
    set: &BTreeMap<String, bool>,
) -> Value {
    let mut m: BTreeMap<String, bool> = defaults.map(|(k, v)| (k.to_string(), v)).collect();
    m.extend(set.clone());
    json!(m)
}

pub fn describe_region(store: &mut Store, req: &Req<'_>) -> OpResult {
    let r = store.region_mut(req.caller);
    Ok(json!({
        // Types with a space in their name have no default (see the facts).
        "ResourceTypeOptInPreference": merged(
            OPT_IN_DEFAULTS.iter().filter_map(|(k, d)| d.map(|d| (*k, d))),
            &r.opt_in,
        ),
        "ResourceTypeManagementPreference": merged(
            MANAGEMENT_DEFAULTS.iter().copied(),
            &r.management,
        ),
    }))
}

fn read_prefs(body: &Value, key: &str, known: &[&str]) -> Result<BTreeMap<String, bool>, AwsError> {
    let mut out = BTreeMap::new();
    if let Some(m) = validate::body_obj(body, key)? {
        for (k, v) in m {
            if !known.contains(&k.as_str()) {
                return Err(AwsError::invalid(format!(
                    "Invalid resource type {k} in {key}"
                )));
            }
            let b = v
                .as_bool()
                .ok_or_else(|| AwsError::invalid(format!("{key}.{k} must be a boolean")))?;
            out.insert(k.clone(), b);
        }
    }
    Ok(out)
}

pub fn update_region(store: &mut Store, req: &Req<'_>) -> OpResult {
    let opt_in = read_prefs(&req.body, "ResourceTypeOptInPreference", RESOURCE_TYPES)?;
    let mgmt = read_prefs(
        &req.body,
        "ResourceTypeManagementPreference",
        MANAGEMENT_TYPES,
    )?;
    let r = store.region_mut(req.caller);
    r.opt_in.extend(opt_in);
    r.management.extend(mgmt);
    Ok(json!({}))
}
