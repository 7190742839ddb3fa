//! Account-wide global settings and per-region resource type settings
//! (Describe/UpdateGlobalSettings, Describe/UpdateRegionSettings).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::Req;
use crate::error::{AwsError, OpResult};
use crate::state::Store;
use crate::util::now;
use crate::validate;

const GLOBAL_KEYS: &[&str] = &[
    "isCrossAccountBackupEnabled",
    "isDelegatedAdministratorEnabled",
    "isMpaEnabled",
];

/// Resource types and whether AWS opts a fresh account in by default
/// (only names matching the model's ResourceType pattern, no spaces).
const OPT_IN_DEFAULTS: &[(&str, bool)] = &[
    ("Aurora", true),
    ("CloudFormation", false),
    ("DSQL", false),
    ("DocumentDB", true),
    ("DynamoDB", true),
    ("EBS", true),
    ("EC2", true),
    ("EFS", true),
    ("EKS", false),
    ("FSx", true),
    ("Neptune", true),
    ("RDS", true),
    ("Redshift", false),
    ("S3", false),
    ("Timestream", false),
    ("VirtualMachine", true),
];

/// Resource types AWS accepts in ResourceTypeOptInPreference besides those
/// with defaults above: documented display names with spaces, which the
/// model's key pattern (`^[a-zA-Z0-9\-\_\.]{1,50}$`) would refuse but AWS
/// takes (AWS-BACKUP-FACTS quirk 12).
pub const OPT_IN_WITH_SPACES: &[&str] = &[
    "Redshift Serverless",
    "SAP HANA on Amazon EC2",
    "Storage Gateway",
];

const MANAGEMENT_DEFAULTS: &[(&str, bool)] = &[("DynamoDB", false), ("EFS", true)];

/// The resource types that support full AWS Backup management, the only ones
/// ResourceTypeManagementPreference accepts ("Feature availability by
/// resource"; the provider's current examples: CloudFormation, DSQL,
/// DynamoDB, EFS). One list serves the emulator and backupctl's validation.
pub const MANAGEMENT_TYPES: &[&str] = &["CloudFormation", "DSQL", "DynamoDB", "EFS"];

pub fn describe_global(store: &mut Store, req: &Req) -> OpResult {
    let acct = store.account_mut(&req.caller.account);
    let mut settings: BTreeMap<String, String> = GLOBAL_KEYS
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

pub fn update_global(store: &mut Store, req: &Req) -> OpResult {
    let Some(m) = validate::body_obj(&req.body, "GlobalSettings")? else {
        return Err(AwsError::missing("GlobalSettings is required"));
    };
    let mut new = BTreeMap::new();
    for (k, v) in m {
        if !GLOBAL_KEYS.contains(&k.as_str()) {
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

fn merged(defaults: &[(&str, bool)], set: &BTreeMap<String, bool>) -> Value {
    let mut m: BTreeMap<String, bool> = defaults.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    m.extend(set.clone());
    json!(m)
}

pub fn describe_region(store: &mut Store, req: &Req) -> OpResult {
    let r = store.region_mut(req.caller);
    Ok(json!({
        "ResourceTypeOptInPreference": merged(OPT_IN_DEFAULTS, &r.opt_in),
        "ResourceTypeManagementPreference": merged(MANAGEMENT_DEFAULTS, &r.management),
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

pub fn update_region(store: &mut Store, req: &Req) -> OpResult {
    let opt_in_known: Vec<&str> = OPT_IN_DEFAULTS
        .iter()
        .map(|(n, _)| *n)
        .chain(OPT_IN_WITH_SPACES.iter().copied())
        .collect();
    let opt_in = read_prefs(&req.body, "ResourceTypeOptInPreference", &opt_in_known)?;
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
