//! Tiering configurations (S3 backup data moved to the low-cost warm tier
//! after N days): Create/Update/Get/List/DeleteTieringConfiguration, with
//! the model's checks (name and vault patterns, S3 only, 60..36500 days, at
//! most 5 selections and 100 specific resources), one configuration per
//! vault (and one for `*`), CreatorRequestId idempotency and tags at create
//! (the ARN then takes TagResource/ListTags/UntagResource, `ops::tags`).
//! What real AWS does beyond the documentation is unverified and listed in
//! conformance/KNOWN_DIFFERENCES.md.

use serde_json::{json, Value};

use backup_facts::enums::TIERING_RESOURCE_TYPES;
use backup_facts::limits::{
    MAX_TIERING_DOWN_DAYS, MAX_TIERING_RESOURCES, MAX_TIERING_SELECTIONS, MIN_TIERING_DOWN_DAYS,
};
use backup_facts::names::{
    is_tiering_configuration_name, is_vault_name_or_wildcard, RESOURCE_TYPE,
    TIERING_CONFIGURATION_NAME, VAULT_NAME_OR_WILDCARD,
};

use super::Req;
use crate::error::{AwsError, OpResult};
use crate::state::{tiering_arn, Region, Store, TieringConfiguration};
use crate::util::{now, uuid};
use crate::validate;

fn check_name(name: &str) -> Result<(), AwsError> {
    if is_tiering_configuration_name(name) {
        Ok(())
    } else {
        Err(AwsError::invalid(format!(
            "Invalid tiering configuration name {name}: must match {TIERING_CONFIGURATION_NAME}"
        )))
    }
}

fn not_found(name: &str) -> AwsError {
    AwsError::not_found(format!("Tiering configuration {name} not found"))
}

/// The `TieringConfiguration` member: a structure, or MissingParameterValue.
fn body<'a>(req: &'a Req<'_>) -> Result<&'a Value, AwsError> {
    let t = req
        .body
        .get("TieringConfiguration")
        .filter(|v| !v.is_null())
        .ok_or_else(|| AwsError::missing("TieringConfiguration is required"))?;
    validate::body_obj(&req.body, "TieringConfiguration")?;
    Ok(t)
}

/// `BackupVaultName`: `*` or a vault of this region.
fn vault(region: &Region, t: &Value) -> Result<String, AwsError> {
    let v = validate::req_str(t, "BackupVaultName")?;
    if !is_vault_name_or_wildcard(v) {
        return Err(AwsError::invalid(format!(
            "Invalid backup vault name {v}: must match {VAULT_NAME_OR_WILDCARD}"
        )));
    }
    // The model declares no ResourceNotFoundException for Create.
    if v != "*" && !region.vaults.contains_key(v) {
        return Err(AwsError::invalid(format!("Backup vault {v} not found")));
    }
    Ok(v.to_string())
}

/// `ResourceSelection`, checked, as it will be stored and answered.
fn selections(t: &Value) -> Result<Value, AwsError> {
    let list = match t.get("ResourceSelection") {
        None | Some(Value::Null) => {
            return Err(AwsError::missing("ResourceSelection is required"));
        }
        Some(Value::Array(a)) => a,
        Some(_) => return Err(AwsError::invalid("ResourceSelection must be a list")),
    };
    if list.is_empty() || list.len() > MAX_TIERING_SELECTIONS {
        return Err(AwsError::invalid(format!(
            "ResourceSelection must have 1 to {MAX_TIERING_SELECTIONS} entries"
        )));
    }
    let mut specific = 0;
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for s in list {
        if !s.is_object() {
            return Err(AwsError::invalid(
                "ResourceSelection entries must be structures",
            ));
        }
        let ty = validate::req_str(s, "ResourceType")?;
        if !RESOURCE_TYPE.matches(ty) {
            return Err(AwsError::invalid(format!(
                "Invalid resource type {ty}: must match {}",
                RESOURCE_TYPE.model
            )));
        }
        if !TIERING_RESOURCE_TYPES.contains(&ty) {
            return Err(AwsError::invalid(format!(
                "Resource type {ty} is not supported for tiering; supported: {}",
                TIERING_RESOURCE_TYPES.join(", ")
            )));
        }
        let days = validate::opt_i64(s, "TieringDownSettingsInDays")?
            .ok_or_else(|| AwsError::missing("TieringDownSettingsInDays is required"))?;
        if !(MIN_TIERING_DOWN_DAYS..=MAX_TIERING_DOWN_DAYS).contains(&days) {
            return Err(AwsError::invalid(format!(
                "TieringDownSettingsInDays must be between {MIN_TIERING_DOWN_DAYS} and {MAX_TIERING_DOWN_DAYS}"
            )));
        }
        let resources = validate::opt_str_list(s, "Resources")?
            .ok_or_else(|| AwsError::missing("Resources is required"))?;
        if resources.is_empty() {
            return Err(AwsError::invalid("Resources must not be empty"));
        }
        for r in &resources {
            if r == "*" {
                if resources.len() > 1 {
                    return Err(AwsError::invalid(
                        "Resources is either the wildcard * or a list of ARNs",
                    ));
                }
            } else if !r.starts_with("arn:") || r.len() > 1024 {
                return Err(AwsError::invalid(format!("Invalid resource ARN {r}")));
            } else {
                specific += 1;
            }
            if !seen.insert((ty.to_string(), r.clone())) {
                return Err(AwsError::invalid(format!(
                    "Resource {r} is in more than one resource selection"
                )));
            }
        }
        out.push(json!({"ResourceType": ty, "Resources": resources,
            "TieringDownSettingsInDays": days}));
    }
    if specific > MAX_TIERING_RESOURCES {
        return Err(AwsError::invalid(format!(
            "A tiering configuration can name at most {MAX_TIERING_RESOURCES} specific resources"
        )));
    }
    Ok(Value::Array(out))
}

/// Each vault (and `*`) has at most one tiering configuration.
fn vault_free(region: &Region, vault: &str, except: Option<&str>) -> Result<(), AwsError> {
    match region
        .tiering_configurations
        .values()
        .find(|t| t.backup_vault_name == vault && Some(t.name.as_str()) != except)
    {
        Some(other) => {
            let what = if vault == "*" {
                "all vaults (*)".to_string()
            } else {
                format!("backup vault {vault}")
            };
            Err(AwsError::new(
                400,
                "AlreadyExistsException",
                format!(
                    "Tiering configuration {} already applies to {what}",
                    other.name
                ),
            ))
        }
        None => Ok(()),
    }
}

pub fn create(store: &mut Store, req: &Req<'_>) -> OpResult {
    let t = body(req)?;
    let name = validate::req_str(t, "TieringConfigurationName")?.to_string();
    check_name(&name)?;
    let selection = selections(t)?;
    let tags = validate::tags(&req.body, "TieringConfigurationTags")?.unwrap_or_default();
    let creator = validate::creator_request_id(&req.body)?;
    let caller = req.caller;
    let region = store.region_mut(caller);
    let vault = vault(region, t)?;
    if let Some(c) = &creator {
        if let Some(old) = region
            .tiering_configurations
            .values()
            .find(|x| &x.creator_request_id == c)
        {
            let same = old.name == name
                && old.backup_vault_name == vault
                && old.resource_selection == selection
                && old.tags == tags;
            if same {
                return Ok(json!({"TieringConfigurationArn": tiering_arn(caller, old),
                    "TieringConfigurationName": old.name, "CreationTime": old.creation_time}));
            }
            return Err(AwsError::already_exists(
                format!("A tiering configuration was already created with CreatorRequestId {c}"),
                Some(c),
                &tiering_arn(caller, old),
            ));
        }
    }
    if let Some(old) = region.tiering_configurations.get(&name) {
        return Err(AwsError::already_exists(
            format!("Tiering configuration with the same name {name} already exists"),
            Some(&old.creator_request_id),
            &tiering_arn(caller, old),
        ));
    }
    vault_free(region, &vault, None)?;
    let t = now();
    let config = TieringConfiguration {
        name: name.clone(),
        id: uuid(),
        backup_vault_name: vault,
        resource_selection: selection,
        // SDKs fill the idempotency token; a bare request gets one here,
        // so reads always answer it.
        creator_request_id: creator.unwrap_or_else(uuid),
        creation_time: t,
        last_updated_time: t,
        tags,
    };
    let arn = tiering_arn(caller, &config);
    region.tiering_configurations.insert(name.clone(), config);
    Ok(
        json!({"TieringConfigurationArn": arn, "TieringConfigurationName": name,
        "CreationTime": t}),
    )
}

pub fn update(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = req.param(0).to_string();
    check_name(&name)?;
    let t = body(req)?;
    let selection = selections(t)?;
    let caller = req.caller;
    let region = store.region_mut(caller);
    if !region.tiering_configurations.contains_key(&name) {
        return Err(not_found(&name));
    }
    let vault = vault(region, t)?;
    vault_free(region, &vault, Some(&name))?;
    let c = region
        .tiering_configurations
        .get_mut(&name)
        .ok_or_else(|| not_found(&name))?;
    c.backup_vault_name = vault;
    c.resource_selection = selection;
    c.last_updated_time = now();
    Ok(json!({"TieringConfigurationArn": tiering_arn(caller, c),
        "TieringConfigurationName": c.name, "CreationTime": c.creation_time,
        "LastUpdatedTime": c.last_updated_time}))
}

pub fn get(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = req.param(0);
    check_name(name)?;
    let c = store
        .region_mut(req.caller)
        .tiering_configurations
        .get(name)
        .ok_or_else(|| not_found(name))?;
    Ok(json!({"TieringConfiguration": {
        "TieringConfigurationName": c.name,
        "TieringConfigurationArn": tiering_arn(req.caller, c),
        "BackupVaultName": c.backup_vault_name,
        "ResourceSelection": c.resource_selection,
        "CreatorRequestId": c.creator_request_id,
        "CreationTime": c.creation_time,
        "LastUpdatedTime": c.last_updated_time,
    }}))
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults")?;
    let region = store.region_mut(req.caller);
    let (items, next) = super::page(
        &region.tiering_configurations,
        "tiering",
        req.query.get("nextToken"),
        max,
        |_| true,
    )?;
    let list: Vec<Value> = items
        .iter()
        .map(|c| {
            json!({"TieringConfigurationArn": tiering_arn(req.caller, c),
                "TieringConfigurationName": c.name, "BackupVaultName": c.backup_vault_name,
                "CreationTime": c.creation_time, "LastUpdatedTime": c.last_updated_time})
        })
        .collect();
    let mut out = json!({ "TieringConfigurations": list });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn delete(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = req.param(0);
    check_name(name)?;
    store
        .region_mut(req.caller)
        .tiering_configurations
        .remove(name)
        .map(|_| json!({}))
        .ok_or_else(|| not_found(name))
}
