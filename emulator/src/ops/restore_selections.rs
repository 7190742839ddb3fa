//! Restore testing selections (which protected resources a restore testing
//! plan restores): create/update/get/list/delete, by name within their
//! plan. ProtectedResourceType and the name cannot change (Update has no
//! such members). A selection needs ARNs or conditions; with conditions the
//! ARNs may only be `["*"]`; at most 30 specific ARNs. Defaults AWS reports
//! (empty ARN list, empty condition groups, empty overrides) are filled on
//! read. Selections have no ARN and no tags.

use serde_json::{json, Value};

use backup_facts::restore_testing::*;

use super::restore_testing::{arn_list, check_name, pick, plan_mut, ranged, req_obj};
use super::Req;
use crate::error::{AwsError, OpResult};
use crate::state::{RestoreTestingSelection, Store};
use crate::util::{now, uuid};
use crate::validate;

const UPDATABLE: &[&str] = &[
    "IamRoleArn",
    "ProtectedResourceArns",
    "ProtectedResourceConditions",
    "RestoreMetadataOverrides",
    "ValidationWindowHours",
];

/// Checks the updatable members present in `s` and returns them.
fn members(s: &Value) -> Result<Value, AwsError> {
    if let Some(role) = validate::opt_str(s, "IamRoleArn")? {
        if !validate::iam_role_arn(role) {
            return Err(AwsError::invalid(format!("Invalid IAM role ARN {role}")));
        }
    }
    let arns = arn_list(s, "ProtectedResourceArns")?.unwrap_or_default();
    if arns.len() > MAX_PROTECTED_RESOURCE_ARNS {
        return Err(AwsError::invalid(format!(
            "ProtectedResourceArns can hold at most {MAX_PROTECTED_RESOURCE_ARNS} ARNs"
        )));
    }
    if arns.len() > 1 && arns.iter().any(|a| a == "*") {
        return Err(AwsError::invalid(
            "ProtectedResourceArns is either [\"*\"] or specific ARNs, not both",
        ));
    }
    if let Some(c) = validate::body_obj(s, "ProtectedResourceConditions")? {
        for (k, v) in c {
            if k != "StringEquals" && k != "StringNotEquals" {
                return Err(AwsError::invalid(format!("Invalid condition {k}")));
            }
            for kv in v.as_array().ok_or_else(|| {
                AwsError::invalid(format!("ProtectedResourceConditions.{k} must be a list"))
            })? {
                validate::req_str(kv, "Key")?;
                if validate::opt_str(kv, "Value")?.is_none() {
                    return Err(AwsError::missing("Value is required"));
                }
            }
        }
    }
    if let Some(m) = validate::body_obj(s, "RestoreMetadataOverrides")? {
        if m.values().any(|v| !v.is_string()) {
            return Err(AwsError::invalid(
                "RestoreMetadataOverrides must be a map of strings",
            ));
        }
    }
    ranged(s, "ValidationWindowHours", VALIDATION_WINDOW_HOURS)?;
    Ok(pick(s, UPDATABLE))
}

/// ARNs or conditions, and ARNs besides conditions only as `["*"]`.
fn arns_or_conditions(sel: &Value) -> Result<(), AwsError> {
    let arns: Vec<&str> = sel["ProtectedResourceArns"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let conditions = ["StringEquals", "StringNotEquals"].iter().any(|k| {
        sel["ProtectedResourceConditions"][*k]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    });
    if arns.is_empty() && !conditions {
        return Err(AwsError::invalid(
            "A restore testing selection needs ProtectedResourceArns or ProtectedResourceConditions",
        ));
    }
    if conditions && !arns.is_empty() && arns != ["*"] {
        return Err(AwsError::invalid(
            "ProtectedResourceConditions can be combined only with ProtectedResourceArns [\"*\"], not with specific ARNs",
        ));
    }
    Ok(())
}

pub fn create(store: &mut Store, req: &Req<'_>) -> OpResult {
    let s = req_obj(&req.body, "RestoreTestingSelection")?;
    let name = validate::req_str(s, "RestoreTestingSelectionName")?.to_string();
    check_name(&name, "RestoreTestingSelectionName")?;
    validate::req_str(s, "IamRoleArn")?;
    let ty = validate::req_str(s, "ProtectedResourceType")?;
    if !PROTECTED_RESOURCE_TYPES.contains(&ty) {
        return Err(AwsError::invalid(format!(
            "Invalid ProtectedResourceType {ty}: must be one of {}",
            PROTECTED_RESOURCE_TYPES.join(", ")
        )));
    }
    let mut doc = members(s)?;
    arns_or_conditions(&doc)?;
    doc["RestoreTestingSelectionName"] = json!(name);
    doc["ProtectedResourceType"] = json!(ty);
    let creator = validate::creator_request_id(&req.body)?;
    let p = plan_mut(store, req)?;
    let plan_name = req.param(0);
    if let Some(old) = p.selections.get(&name) {
        if creator.as_deref() == Some(old.creator_request_id.as_str()) && old.selection == doc {
            return Ok(
                json!({"CreationTime": old.creation_time, "RestoreTestingPlanArn": p.arn,
                "RestoreTestingPlanName": plan_name, "RestoreTestingSelectionName": name}),
            );
        }
        return Err(AwsError::already_exists(
            format!("Restore testing selection {name} already exists in plan {plan_name}"),
            creator.as_deref(),
            &p.arn,
        ));
    }
    let t = now();
    p.selections.insert(
        name.clone(),
        RestoreTestingSelection {
            creation_time: t,
            creator_request_id: creator.unwrap_or_else(uuid),
            selection: doc,
        },
    );
    Ok(json!({"CreationTime": t, "RestoreTestingPlanArn": p.arn,
        "RestoreTestingPlanName": plan_name, "RestoreTestingSelectionName": name}))
}

fn not_found(plan: &str, name: &str) -> AwsError {
    AwsError::not_found(format!(
        "Restore testing selection {name} not found in plan {plan}"
    ))
}

/// The selection with the defaults AWS reports.
fn with_defaults(plan: &str, s: &RestoreTestingSelection) -> Value {
    let mut d = s.selection.clone();
    let m = d.as_object_mut().expect("a stored selection is an object");
    m.entry("ProtectedResourceArns")
        .or_insert_with(|| json!([]));
    if let Some(c) = m
        .entry("ProtectedResourceConditions")
        .or_insert_with(|| json!({}))
        .as_object_mut()
    {
        c.entry("StringEquals").or_insert_with(|| json!([]));
        c.entry("StringNotEquals").or_insert_with(|| json!([]));
    }
    m.entry("RestoreMetadataOverrides")
        .or_insert_with(|| json!({}));
    m.insert("RestoreTestingPlanName".into(), json!(plan));
    m.insert("CreationTime".into(), json!(s.creation_time));
    d
}

pub fn get(store: &mut Store, req: &Req<'_>) -> OpResult {
    let (plan, name) = (req.param(0), req.param(1));
    let p = plan_mut(store, req)?;
    let s = p
        .selections
        .get(name)
        .ok_or_else(|| not_found(plan, name))?;
    let mut d = with_defaults(plan, s);
    d["CreatorRequestId"] = json!(s.creator_request_id);
    Ok(json!({ "RestoreTestingSelection": d }))
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "MaxResults")?;
    let plan = req.param(0);
    let p = plan_mut(store, req)?;
    let (items, next) = super::page(
        &p.selections,
        "restore-testing-selections",
        req.query.get("NextToken"),
        max,
        |_| true,
    )?;
    let list: Vec<Value> = items
        .iter()
        .map(|s| {
            pick(
                &with_defaults(plan, s),
                &[
                    "CreationTime",
                    "IamRoleArn",
                    "ProtectedResourceType",
                    "RestoreTestingPlanName",
                    "RestoreTestingSelectionName",
                    "ValidationWindowHours",
                ],
            )
        })
        .collect();
    let mut out = json!({ "RestoreTestingSelections": list });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn update(store: &mut Store, req: &Req<'_>) -> OpResult {
    let body = req_obj(&req.body, "RestoreTestingSelection")?;
    let changes = members(body)?;
    let (plan, name) = (req.param(0), req.param(1));
    let p = plan_mut(store, req)?;
    let arn = p.arn.clone();
    let s = p
        .selections
        .get_mut(name)
        .ok_or_else(|| not_found(plan, name))?;
    let mut merged = s.selection.clone();
    for (k, v) in changes.as_object().expect("an object") {
        merged[k] = v.clone();
    }
    arns_or_conditions(&merged)?;
    s.selection = merged;
    Ok(
        json!({"CreationTime": s.creation_time, "RestoreTestingPlanArn": arn,
        "RestoreTestingPlanName": plan, "RestoreTestingSelectionName": name,
        "UpdateTime": now()}),
    )
}

pub fn delete(store: &mut Store, req: &Req<'_>) -> OpResult {
    let (plan, name) = (req.param(0), req.param(1));
    let p = plan_mut(store, req)?;
    p.selections
        .remove(name)
        .ok_or_else(|| not_found(plan, name))?;
    Ok(json!({}))
}
