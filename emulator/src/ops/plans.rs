//! Backup plans: create/update/get/list/delete and versions, with the
//! documented rule checks and the defaults AWS stores for omitted fields.

use serde_json::{json, Value};

use backup_facts::limits::MAX_SCHEDULED_RUNS_PREVIEW;

use super::plan_document::{plan_document, same_document};
use super::Req;
use crate::defaults::fill_rule_defaults;
use crate::error::{AwsError, OpResult};
use crate::state::{plan_arn, Plan, PlanVersion, Store};
use crate::util::{now, uuid, version_id};
use crate::validate;

fn created_json(req: &Req<'_>, p: &Plan) -> Value {
    let v = p.current();
    let mut out = json!({"BackupPlanId": p.id, "BackupPlanArn": plan_arn(req.caller, &p.id),
        "CreationDate": p.creation_date, "VersionId": v.version_id});
    if let Some(a) = v.document.get("AdvancedBackupSettings") {
        out["AdvancedBackupSettings"] = a.clone();
    }
    out
}

pub fn create(store: &mut Store, req: &Req<'_>) -> OpResult {
    let mut doc = plan_document(&req.body)?;
    let tags = validate::tags(&req.body, "BackupPlanTags")?.unwrap_or_default();
    let creator = validate::creator_request_id(&req.body)?;
    let limit = req.limits.plans_per_region;
    let region = store.region_mut(req.caller);
    if let Some(c) = &creator {
        if let Some(p) = region
            .plans
            .values()
            .find(|p| p.creator_request_id.as_ref() == Some(c))
        {
            if p.deletion_date.is_none()
                && same_document(&p.current().document, &doc)
                && p.tags == tags
            {
                return Ok(created_json(req, p));
            }
            return Err(AwsError::already_exists(
                format!("A backup plan was already created with CreatorRequestId {c}"),
                Some(c),
                &plan_arn(req.caller, &p.id),
            ));
        }
    }
    if let Some(p) = region
        .plans
        .values()
        .find(|p| p.deletion_date.is_none() && same_document(&p.current().document, &doc))
    {
        return Err(AwsError::already_exists(
            "Backup plan with the same plan document already exists",
            p.creator_request_id.as_deref(),
            &plan_arn(req.caller, &p.id),
        ));
    }
    let active = region
        .plans
        .values()
        .filter(|p| p.deletion_date.is_none())
        .count();
    if active >= limit {
        return Err(AwsError::limit(format!(
            "Maximum number of backup plans ({limit}) reached in this region"
        )));
    }
    fill_rule_defaults(&mut doc, None);
    let created = now();
    let id = uuid();
    let plan = Plan {
        id: id.clone(),
        creator_request_id: creator,
        creation_date: created,
        deletion_date: None,
        tags,
        versions: vec![PlanVersion {
            version_id: version_id(),
            creation_date: created,
            document: doc,
        }],
        selections: Default::default(),
    };
    let out = created_json(req, &plan);
    region.plans.insert(id, plan);
    Ok(out)
}

fn live_plan<'a>(store: &'a mut Store, req: &Req<'_>) -> Result<&'a mut Plan, AwsError> {
    let id = req.param(0);
    store
        .region_mut(req.caller)
        .plans
        .get_mut(id)
        .filter(|p| p.deletion_date.is_none())
        .ok_or_else(|| AwsError::not_found(format!("Backup plan {id} not found")))
}

pub fn update(store: &mut Store, req: &Req<'_>) -> OpResult {
    let doc = plan_document(&req.body)?;
    let p = live_plan(store, req)?;
    let mut doc = doc;
    // Rules keep their RuleId across versions when their name is unchanged.
    if let Some(rules) = doc.get_mut("Rules").and_then(Value::as_array_mut) {
        for r in rules.iter_mut().filter_map(Value::as_object_mut) {
            r.remove("RuleId");
        }
    }
    fill_rule_defaults(&mut doc, Some(&p.current().document));
    let t = now();
    p.versions.push(PlanVersion {
        version_id: version_id(),
        creation_date: t,
        document: doc,
    });
    let mut out = created_json(req, p);
    out["CreationDate"] = json!(t);
    if let Some(scan) = p.current().document.get("ScanSettings") {
        out["ScanSettings"] = scan.clone();
    }
    Ok(out)
}

pub fn get(store: &mut Store, req: &Req<'_>) -> OpResult {
    let id = req.param(0);
    if let Some(n) = req.query.get("MaxScheduledRunsPreview") {
        if !n
            .parse::<i64>()
            .is_ok_and(|n| (0..=MAX_SCHEDULED_RUNS_PREVIEW).contains(&n))
        {
            return Err(AwsError::invalid(format!(
                "MaxScheduledRunsPreview must be between 0 and {MAX_SCHEDULED_RUNS_PREVIEW}",
            )));
        }
    }
    let region = store.region_mut(req.caller);
    let p = region
        .plans
        .get(id)
        .ok_or_else(|| AwsError::not_found(format!("Backup plan {id} not found")))?;
    let v = match req.query.get("versionId") {
        None => p.current(),
        Some(vid) => p
            .versions
            .iter()
            .find(|v| &v.version_id == vid)
            .ok_or_else(|| {
                AwsError::not_found(format!("Version {vid} of backup plan {id} not found"))
            })?,
    };
    let mut out = json!({"BackupPlan": v.document, "BackupPlanId": p.id,
        "BackupPlanArn": plan_arn(req.caller, &p.id), "VersionId": v.version_id,
        "CreationDate": v.creation_date});
    if let Some(c) = &p.creator_request_id {
        out["CreatorRequestId"] = json!(c);
    }
    if let Some(d) = p.deletion_date {
        out["DeletionDate"] = json!(d);
    }
    if let Some(a) = v.document.get("AdvancedBackupSettings") {
        out["AdvancedBackupSettings"] = a.clone();
    }
    let preview = req
        .query
        .get("MaxScheduledRunsPreview")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    if preview > 0 && p.deletion_date.is_none() {
        out["ScheduledRunsPreview"] = json!(super::schedule::preview(&v.document, now(), preview));
    }
    Ok(out)
}

fn list_member(req: &Req<'_>, p: &Plan, v: &PlanVersion) -> Value {
    let mut m = json!({"BackupPlanArn": plan_arn(req.caller, &p.id), "BackupPlanId": p.id,
        "CreationDate": v.creation_date, "VersionId": v.version_id,
        "BackupPlanName": v.document["BackupPlanName"]});
    if let Some(d) = p.deletion_date {
        m["DeletionDate"] = json!(d);
    }
    if let Some(c) = &p.creator_request_id {
        m["CreatorRequestId"] = json!(c);
    }
    if let Some(a) = v.document.get("AdvancedBackupSettings") {
        m["AdvancedBackupSettings"] = a.clone();
    }
    m
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults")?;
    let deleted = validate::query_bool(&req.query, "includeDeleted")?.unwrap_or(false);
    let region = store.region_mut(req.caller);
    let (items, next) = super::page(
        &region.plans,
        "plans",
        req.query.get("nextToken"),
        max,
        |p| deleted || p.deletion_date.is_none(),
    )?;
    let list: Vec<Value> = items
        .iter()
        .map(|p| list_member(req, p, p.current()))
        .collect();
    let mut out = json!({ "BackupPlansList": list });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn delete(store: &mut Store, req: &Req<'_>) -> OpResult {
    let c = req.caller;
    let p = live_plan(store, req)?;
    if !p.selections.is_empty() {
        // AWS's wording (terraform-provider-aws#10414).
        return Err(AwsError::invalid_request(
            "Related backup plan selections must be deleted prior to backup plan deletion",
        ));
    }
    let t = now();
    p.deletion_date = Some(t);
    Ok(
        json!({"BackupPlanId": p.id, "BackupPlanArn": plan_arn(c, &p.id),
        "DeletionDate": t, "VersionId": p.current().version_id}),
    )
}

pub fn versions(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults")?;
    let id = req.param(0);
    let region = store.region_mut(req.caller);
    let p = region
        .plans
        .get(id)
        .ok_or_else(|| AwsError::not_found(format!("Backup plan {id} not found")))?;
    let start = match req.query.get("nextToken") {
        Some(t) => crate::util::read_token("versions", t)?
            .parse::<usize>()
            .map_err(|_| AwsError::invalid(format!("Invalid NextToken: {t}")))?,
        None => 0,
    };
    let newest_first: Vec<&PlanVersion> = p.versions.iter().rev().collect();
    let end = (start + max).min(newest_first.len());
    let list: Vec<Value> = newest_first
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|v| list_member(req, p, v))
        .collect();
    let mut out = json!({ "BackupPlanVersionsList": list });
    if end < newest_first.len() {
        out["NextToken"] = json!(crate::util::make_token("versions", &end.to_string()));
    }
    Ok(out)
}
