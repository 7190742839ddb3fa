//! Backup selections (which resources a plan protects): create/get/list/
//! delete. There is no update in AWS: a change is delete + create.

use serde_json::{json, Value};

use backup_facts::enums::CONDITION_TYPES;
use backup_facts::names::SELECTION_NAME;

use super::Req;
use crate::defaults::fill_selection_defaults;
use crate::error::{AwsError, OpResult};
use crate::state::{Plan, Selection, Store};
use crate::util::{now, uuid};
use crate::validate;

fn check_arn_list(sel: &Value, key: &str) -> Result<(), AwsError> {
    for a in validate::opt_str_list(sel, key)?.unwrap_or_default() {
        if a != "*" && !a.starts_with("arn:") {
            return Err(AwsError::invalid(format!(
                "Invalid resource ARN {a} in {key}"
            )));
        }
        if a.len() > 1024 {
            return Err(AwsError::invalid(format!("Resource ARN too long in {key}")));
        }
    }
    Ok(())
}

fn selection_document(body: &Value) -> Result<Value, AwsError> {
    let sel = body
        .get("BackupSelection")
        .filter(|v| !v.is_null())
        .ok_or_else(|| AwsError::missing("BackupSelection is required"))?;
    if !sel.is_object() {
        return Err(AwsError::invalid("BackupSelection must be a structure"));
    }
    let name = validate::req_str(sel, "SelectionName")?;
    if !SELECTION_NAME.matches(name) {
        return Err(AwsError::invalid(format!("Invalid selection name {name}")));
    }
    let role = validate::req_str(sel, "IamRoleArn")?;
    if !validate::iam_role_arn(role) {
        return Err(AwsError::invalid(format!("Invalid IAM role ARN {role}")));
    }
    check_arn_list(sel, "Resources")?;
    check_arn_list(sel, "NotResources")?;
    let non_empty = |k: &str| sel[k].as_array().is_some_and(|a| !a.is_empty());
    if !non_empty("Resources") && !non_empty("ListOfTags") {
        // AWS's wording (ministryofjustice/modernisation-platform-terraform-baselines#90).
        return Err(AwsError::invalid(
            "Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty.",
        ));
    }
    if let Some(Value::Array(tags)) = sel.get("ListOfTags") {
        for t in tags {
            let ty = validate::req_str(t, "ConditionType")?;
            if !CONDITION_TYPES.contains(&ty) {
                return Err(AwsError::invalid(format!("Invalid ConditionType {ty}")));
            }
            validate::req_str(t, "ConditionKey")?;
            if validate::opt_str(t, "ConditionValue")?.is_none() {
                return Err(AwsError::missing("ConditionValue is required"));
            }
        }
    }
    if let Some(c) = validate::body_obj(sel, "Conditions")? {
        for (k, v) in c {
            if ![
                "StringEquals",
                "StringNotEquals",
                "StringLike",
                "StringNotLike",
            ]
            .contains(&k.as_str())
            {
                return Err(AwsError::invalid(format!("Invalid condition {k}")));
            }
            if !v.is_array() {
                return Err(AwsError::invalid(format!("Conditions.{k} must be a list")));
            }
        }
    }
    let mut doc = serde_json::Map::new();
    for k in [
        "SelectionName",
        "IamRoleArn",
        "Resources",
        "ListOfTags",
        "NotResources",
        "Conditions",
    ] {
        if let Some(v) = sel.get(k).filter(|v| !v.is_null()) {
            doc.insert(k.to_string(), v.clone());
        }
    }
    let mut doc = Value::Object(doc);
    fill_selection_defaults(&mut doc);
    Ok(doc)
}

fn plan_mut<'a>(store: &'a mut Store, req: &Req<'_>) -> Result<&'a mut Plan, AwsError> {
    let id = req.param(0);
    store
        .region_mut(req.caller)
        .plans
        .get_mut(id)
        .filter(|p| p.deletion_date.is_none())
        .ok_or_else(|| AwsError::not_found(format!("Backup plan {id} not found")))
}

pub fn create(store: &mut Store, req: &Req<'_>) -> OpResult {
    let doc = selection_document(&req.body)?;
    let creator = validate::creator_request_id(&req.body)?;
    let limit = req.limits.selections_per_plan;
    // The model declares no ResourceNotFoundException for CreateBackupSelection.
    let p = plan_mut(store, req).map_err(|e| AwsError::invalid(e.message))?;
    if let Some(c) = &creator {
        if let Some(s) = p
            .selections
            .values()
            .find(|s| s.creator_request_id.as_ref() == Some(c))
        {
            if s.selection == doc {
                return Ok(json!({"SelectionId": s.id, "BackupPlanId": p.id,
                    "CreationDate": s.creation_date}));
            }
            return Err(AwsError::already_exists(
                format!("A backup selection was already created with CreatorRequestId {c}"),
                Some(c),
                &format!(
                    "arn:aws:backup:{}:{}:backup-plan:{}/selection/{}",
                    req.caller.region, req.caller.account, p.id, s.id
                ),
            ));
        }
    }
    if p.selections.len() >= limit {
        return Err(AwsError::limit(format!(
            "Maximum number of backup selections ({limit}) reached for this plan"
        )));
    }
    let id = uuid();
    let t = now();
    p.selections.insert(
        id.clone(),
        Selection {
            id: id.clone(),
            creation_date: t,
            creator_request_id: creator,
            selection: doc,
        },
    );
    Ok(json!({"SelectionId": id, "BackupPlanId": p.id, "CreationDate": t}))
}

fn selection<'a>(p: &'a Plan, sid: &str) -> Result<&'a Selection, AwsError> {
    p.selections
        .get(sid)
        .ok_or_else(|| AwsError::not_found(format!("Backup selection {sid} not found")))
}

pub fn get(store: &mut Store, req: &Req<'_>) -> OpResult {
    let p = plan_mut(store, req)?;
    let s = selection(p, req.param(1))?;
    let mut out = json!({"BackupSelection": s.selection, "SelectionId": s.id,
        "BackupPlanId": p.id, "CreationDate": s.creation_date});
    if let Some(c) = &s.creator_request_id {
        out["CreatorRequestId"] = json!(c);
    }
    Ok(out)
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults")?;
    let p = plan_mut(store, req)?;
    let (items, next) = super::page(
        &p.selections,
        "selections",
        req.query.get("nextToken"),
        max,
        |_| true,
    )?;
    let list: Vec<Value> = items
        .iter()
        .map(|s| {
            let mut m = json!({"SelectionId": s.id, "SelectionName": s.selection["SelectionName"],
                "BackupPlanId": p.id, "CreationDate": s.creation_date,
                "IamRoleArn": s.selection["IamRoleArn"]});
            if let Some(c) = &s.creator_request_id {
                m["CreatorRequestId"] = json!(c);
            }
            m
        })
        .collect();
    let mut out = json!({ "BackupSelectionsList": list });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn delete(store: &mut Store, req: &Req<'_>) -> OpResult {
    let p = plan_mut(store, req)?;
    let sid = req.param(1);
    selection(p, sid)?;
    p.selections.remove(sid);
    Ok(json!({}))
}
