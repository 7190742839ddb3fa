//! Restore testing plans: create/update/get/list/delete, by name (names are
//! unique in a region; the ARN ends in `NAME-UUID`). The plan is stored as
//! sent; the defaults AWS reports (timezone, start window, selection
//! window, empty exclude list) are filled on read. A plan with selections
//! cannot be deleted. Its selections are `restore_selections`.

use serde_json::{json, Map, Value};

use backup_facts::defaults::DEFAULT_TIMEZONE;
use backup_facts::restore_testing::*;

use super::Req;
use crate::error::{AwsError, OpResult};
use crate::state::{RestoreTestingPlan, Store};
use crate::util::{now, uuid};
use crate::validate;

/// An integer member within `range`, if present.
pub(super) fn ranged(body: &Value, key: &str, range: (i64, i64)) -> Result<Option<i64>, AwsError> {
    match validate::opt_i64(body, key)? {
        Some(n) if n < range.0 || n > range.1 => Err(AwsError::invalid(format!(
            "{key} must be between {} and {}, got {n}",
            range.0, range.1
        ))),
        other => Ok(other),
    }
}

/// A required structure member.
pub(super) fn req_obj<'a>(body: &'a Value, key: &str) -> Result<&'a Value, AwsError> {
    validate::body_obj(body, key)?;
    body.get(key)
        .filter(|v| !v.is_null())
        .ok_or_else(|| AwsError::missing(format!("{key} is required")))
}

/// A list member whose items are `*` or ARNs.
pub(super) fn arn_list(body: &Value, key: &str) -> Result<Option<Vec<String>>, AwsError> {
    let list = validate::opt_str_list(body, key)?;
    for a in list.iter().flatten() {
        if a != "*" && !(a.starts_with("arn:") && a.split(':').count() >= 6) {
            return Err(AwsError::invalid(format!(
                "Invalid value {a} in {key}: must be an ARN or \"*\""
            )));
        }
    }
    Ok(list)
}

pub(super) fn check_name(name: &str, what: &str) -> Result<(), AwsError> {
    if name_ok(name) {
        Ok(())
    } else {
        Err(AwsError::invalid(format!(
            "Invalid {what} {name}: must be 1 to 50 alphanumeric characters or underscores"
        )))
    }
}

fn recovery_point_selection(rps: &Value) -> Result<Value, AwsError> {
    let algo = validate::req_str(rps, "Algorithm")?;
    if !ALGORITHMS.contains(&algo) {
        return Err(AwsError::invalid(format!(
            "Invalid Algorithm {algo}: must be one of {}",
            ALGORITHMS.join(", ")
        )));
    }
    let types = validate::opt_str_list(rps, "RecoveryPointTypes")?.unwrap_or_default();
    if types.is_empty() {
        return Err(AwsError::missing("RecoveryPointTypes is required"));
    }
    if let Some(t) = types
        .iter()
        .find(|t| !RECOVERY_POINT_TYPES.contains(&t.as_str()))
    {
        return Err(AwsError::invalid(format!("Invalid RecoveryPointType {t}")));
    }
    if arn_list(rps, "IncludeVaults")?
        .unwrap_or_default()
        .is_empty()
    {
        return Err(AwsError::missing("IncludeVaults is required"));
    }
    arn_list(rps, "ExcludeVaults")?;
    ranged(rps, "SelectionWindowDays", SELECTION_WINDOW_DAYS)?;
    Ok(pick(
        rps,
        &[
            "Algorithm",
            "ExcludeVaults",
            "IncludeVaults",
            "RecoveryPointTypes",
            "SelectionWindowDays",
        ],
    ))
}

/// The members `keys` of `v` that are present.
pub(super) fn pick(v: &Value, keys: &[&str]) -> Value {
    let mut m = Map::new();
    for k in keys {
        if let Some(x) = v.get(*k).filter(|x| !x.is_null()) {
            m.insert((*k).to_string(), x.clone());
        }
    }
    Value::Object(m)
}

/// Checks the updatable members present in `p` and returns them.
fn plan_members(p: &Value) -> Result<Value, AwsError> {
    let mut out = pick(
        p,
        &[
            "ScheduleExpression",
            "ScheduleExpressionTimezone",
            "StartWindowHours",
        ],
    );
    if let Some(s) = validate::opt_str(p, "ScheduleExpression")? {
        if super::schedule::parse(s).is_none() {
            return Err(AwsError::invalid(format!("Invalid ScheduleExpression {s}")));
        }
    }
    if let Some(tz) = validate::opt_str(p, "ScheduleExpressionTimezone")? {
        if super::schedule::timezone(tz).is_none() {
            return Err(AwsError::invalid(format!("Invalid timezone {tz}")));
        }
    }
    ranged(p, "StartWindowHours", START_WINDOW_HOURS)?;
    if validate::body_obj(p, "RecoveryPointSelection")?.is_some() {
        out["RecoveryPointSelection"] = recovery_point_selection(&p["RecoveryPointSelection"])?;
    }
    Ok(out)
}

fn not_found(name: &str) -> AwsError {
    AwsError::not_found(format!("Restore testing plan {name} not found"))
}

pub(super) fn plan_mut<'a>(
    store: &'a mut Store,
    req: &Req<'_>,
) -> Result<&'a mut RestoreTestingPlan, AwsError> {
    let name = req.param(0);
    store
        .region_mut(req.caller)
        .restore_testing_plans
        .get_mut(name)
        .ok_or_else(|| not_found(name))
}

pub fn create(store: &mut Store, req: &Req<'_>) -> OpResult {
    let p = req_obj(&req.body, "RestoreTestingPlan")?;
    let name = validate::req_str(p, "RestoreTestingPlanName")?.to_string();
    check_name(&name, "RestoreTestingPlanName")?;
    validate::req_str(p, "ScheduleExpression")?;
    req_obj(p, "RecoveryPointSelection")?;
    let mut doc = plan_members(p)?;
    doc["RestoreTestingPlanName"] = json!(name);
    let creator = validate::creator_request_id(&req.body)?;
    let tags = validate::tags(&req.body, "Tags")?.unwrap_or_default();
    let region = store.region_mut(req.caller);
    if let Some(old) = region.restore_testing_plans.get(&name) {
        if creator.as_deref() == Some(old.creator_request_id.as_str()) && old.plan == doc {
            return Ok(json!({"CreationTime": old.creation_time,
                "RestoreTestingPlanArn": old.arn, "RestoreTestingPlanName": name}));
        }
        return Err(AwsError::already_exists(
            format!("Restore testing plan {name} already exists"),
            creator.as_deref(),
            &old.arn,
        ));
    }
    let t = now();
    let arn = format!(
        "arn:aws:backup:{}:{}:restore-testing-plan:{name}-{}",
        req.caller.region,
        req.caller.account,
        uuid()
    );
    region.restore_testing_plans.insert(
        name.clone(),
        RestoreTestingPlan {
            arn: arn.clone(),
            creation_time: t,
            last_update_time: t,
            last_execution_time: None,
            creator_request_id: creator.unwrap_or_else(uuid),
            tags,
            plan: doc,
            selections: Default::default(),
        },
    );
    Ok(json!({"CreationTime": t, "RestoreTestingPlanArn": arn, "RestoreTestingPlanName": name}))
}

/// The plan document with the defaults AWS reports.
fn with_defaults(p: &RestoreTestingPlan) -> Value {
    let mut d = p.plan.clone();
    let m = d.as_object_mut().expect("a stored plan is an object");
    m.entry("ScheduleExpressionTimezone")
        .or_insert_with(|| json!(DEFAULT_TIMEZONE));
    m.entry("StartWindowHours")
        .or_insert_with(|| json!(DEFAULT_START_WINDOW_HOURS));
    if let Some(r) = m
        .entry("RecoveryPointSelection")
        .or_insert_with(|| json!({}))
        .as_object_mut()
    {
        r.entry("ExcludeVaults").or_insert_with(|| json!([]));
        r.entry("SelectionWindowDays")
            .or_insert_with(|| json!(DEFAULT_SELECTION_WINDOW_DAYS));
    }
    m.insert("RestoreTestingPlanArn".into(), json!(p.arn));
    m.insert("CreationTime".into(), json!(p.creation_time));
    m.insert("LastUpdateTime".into(), json!(p.last_update_time));
    if let Some(t) = p.last_execution_time {
        m.insert("LastExecutionTime".into(), json!(t));
    }
    d
}

pub fn get(store: &mut Store, req: &Req<'_>) -> OpResult {
    let p = plan_mut(store, req)?;
    let mut d = with_defaults(p);
    d["CreatorRequestId"] = json!(p.creator_request_id);
    Ok(json!({ "RestoreTestingPlan": d }))
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "MaxResults")?;
    let region = store.region_mut(req.caller);
    let (items, next) = super::page(
        &region.restore_testing_plans,
        "restore-testing-plans",
        req.query.get("NextToken"),
        max,
        |_| true,
    )?;
    let list: Vec<Value> = items
        .iter()
        .map(|p| {
            pick(
                &with_defaults(p),
                &[
                    "CreationTime",
                    "LastExecutionTime",
                    "LastUpdateTime",
                    "RestoreTestingPlanArn",
                    "RestoreTestingPlanName",
                    "ScheduleExpression",
                    "ScheduleExpressionTimezone",
                    "StartWindowHours",
                ],
            )
        })
        .collect();
    let mut out = json!({ "RestoreTestingPlans": list });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn update(store: &mut Store, req: &Req<'_>) -> OpResult {
    let body = req_obj(&req.body, "RestoreTestingPlan")?;
    let changes = plan_members(body)?;
    let p = plan_mut(store, req)?;
    for (k, v) in changes.as_object().expect("an object") {
        p.plan[k] = v.clone();
    }
    let t = now();
    p.last_update_time = t;
    Ok(
        json!({"CreationTime": p.creation_time, "RestoreTestingPlanArn": p.arn,
        "RestoreTestingPlanName": req.param(0), "UpdateTime": t}),
    )
}

pub fn delete(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = req.param(0).to_string();
    let p = plan_mut(store, req)?;
    if !p.selections.is_empty() {
        // The model's one error for this call; AWS's exact wording is not
        // known (KNOWN_DIFFERENCES.md).
        return Err(AwsError::invalid_request(format!(
            "Restore testing plan {name} has {} restore testing selection(s); delete them before deleting the plan",
            p.selections.len()
        )));
    }
    store
        .region_mut(req.caller)
        .restore_testing_plans
        .remove(&name);
    Ok(json!({}))
}
