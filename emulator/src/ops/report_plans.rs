//! Backup Audit Manager report plans: Create/Update/Describe/List/Delete
//! ReportPlan, with the report template rules of `backup_facts::audit`
//! (compliance templates need FrameworkArns, job templates take none; the
//! template of a plan cannot change), delivery channel checks,
//! IdempotencyToken retries and the deployment lifecycle of `audit`.

use backup_facts::audit::{report_template, MAX_REPORT_PLANS, REPORT_FORMATS};
use serde_json::{json, Value};

use super::audit::{self, COMPLETED, CREATE_IN_PROGRESS, DELETE_IN_PROGRESS, UPDATE_IN_PROGRESS};
use super::Req;
use crate::error::{AwsError, OpResult};
use crate::state::{ReportPlan, Store};
use crate::util::{now, uuid};
use crate::validate;

fn bad(msg: impl Into<String>) -> AwsError {
    AwsError::invalid(msg)
}

fn not_found(name: &str) -> AwsError {
    AwsError::not_found(format!("Report plan {name} not found"))
}

fn delivery_channel(body: &Value) -> Result<Option<Value>, AwsError> {
    let Some(m) = validate::body_obj(body, "ReportDeliveryChannel")? else {
        return Ok(None);
    };
    let ch = Value::Object(m.clone());
    validate::req_str(&ch, "S3BucketName")
        .map_err(|_| AwsError::missing("ReportDeliveryChannel.S3BucketName is required"))?;
    validate::opt_str(&ch, "S3KeyPrefix")?;
    if let Some(formats) = validate::opt_str_list(&ch, "Formats")? {
        for f in &formats {
            if !REPORT_FORMATS.contains(&f.as_str()) {
                return Err(bad(format!(
                    "Invalid report format {f}: must be one of {}",
                    REPORT_FORMATS.join(", ")
                )));
            }
        }
        let mut unique = formats.clone();
        unique.sort();
        unique.dedup();
        if unique.len() != formats.len() {
            return Err(bad("Formats must not repeat a format"));
        }
    }
    Ok(Some(ch))
}

fn region_ok(s: &str) -> bool {
    s == "*" || {
        let p: Vec<&str> = s.split('-').collect();
        p.len() >= 3
            && p.iter()
                .all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_alphanumeric()))
    }
}

fn setting(body: &Value) -> Result<Option<Value>, AwsError> {
    let Some(m) = validate::body_obj(body, "ReportSetting")? else {
        return Ok(None);
    };
    let s = Value::Object(m.clone());
    let name = validate::req_str(&s, "ReportTemplate")
        .map_err(|_| AwsError::missing("ReportSetting.ReportTemplate is required"))?;
    let template = report_template(name).ok_or_else(|| {
        bad(format!(
            "Invalid ReportTemplate {name}: must be one of {}",
            backup_facts::audit::REPORT_TEMPLATES
                .iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    let arns = validate::opt_str_list(&s, "FrameworkArns")?.unwrap_or_default();
    let number = validate::opt_i64(&s, "NumberOfFrameworks")?;
    if template.compliance {
        if arns.is_empty() {
            return Err(AwsError::missing(format!(
                "ReportSetting.FrameworkArns is required for the {name} template"
            )));
        }
        for a in &arns {
            if !validate::arn_of_service(a, "backup") || !a.contains(":framework:") {
                return Err(bad(format!("Invalid framework ARN {a}")));
            }
        }
        if number.is_some_and(|n| n < 0) {
            return Err(bad("NumberOfFrameworks must not be negative"));
        }
    } else if !arns.is_empty() || number.is_some_and(|n| n != 0) {
        return Err(bad(format!(
            "The {name} template covers jobs, not frameworks: FrameworkArns and NumberOfFrameworks are for RESOURCE_COMPLIANCE_REPORT and CONTROL_COMPLIANCE_REPORT"
        )));
    }
    for a in validate::opt_str_list(&s, "Accounts")?.unwrap_or_default() {
        if a != "ROOT" && !backup_facts::names::is_account_id(&a) {
            return Err(bad(format!(
                "Invalid account {a}: must be an account id or ROOT"
            )));
        }
    }
    for r in validate::opt_str_list(&s, "Regions")?.unwrap_or_default() {
        if !region_ok(&r) {
            return Err(bad(format!(
                "Invalid Region {r}: must be a Region code or *"
            )));
        }
    }
    for ou in validate::opt_str_list(&s, "OrganizationUnits")?.unwrap_or_default() {
        if !(ou.starts_with("ou-") || ou.starts_with("r-")) {
            return Err(bad(format!("Invalid organizational unit {ou}")));
        }
    }
    Ok(Some(s))
}

fn plan_json(p: &ReportPlan, status: &str) -> Value {
    let mut out = json!({"ReportPlanArn": p.arn, "ReportPlanName": p.name,
        "ReportSetting": p.setting, "ReportDeliveryChannel": p.delivery_channel,
        "DeploymentStatus": status, "CreationTime": p.creation_time});
    if let Some(d) = &p.description {
        out["ReportPlanDescription"] = json!(d);
    }
    out
}

fn created(p: &ReportPlan) -> Value {
    json!({"ReportPlanName": p.name, "ReportPlanArn": p.arn, "CreationTime": p.creation_time})
}

pub fn create(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = validate::req_str(&req.body, "ReportPlanName")?.to_string();
    audit::name(&name, "ReportPlanName")?;
    let description = audit::description(&req.body, "ReportPlanDescription")?;
    let channel = delivery_channel(&req.body)?
        .ok_or_else(|| AwsError::missing("ReportDeliveryChannel is required"))?;
    let setting =
        setting(&req.body)?.ok_or_else(|| AwsError::missing("ReportSetting is required"))?;
    let tags = validate::tags(&req.body, "ReportPlanTags")?.unwrap_or_default();
    let token = audit::token(req)?;
    let request = audit::request_without_token(req);
    let c = req.caller;
    let region = store.region_mut(c);
    if let Some(p) = region.report_plans.get(&name) {
        if token.is_some() && p.idempotency_token == token && p.request == request {
            return Ok(created(p));
        }
        return Err(AwsError::already_exists(
            format!("Report plan {name} already exists"),
            None,
            &p.arn,
        ));
    }
    if let Some(t) = &token {
        if region
            .report_plans
            .values()
            .any(|p| p.idempotency_token.as_ref() == Some(t))
        {
            return Err(audit::token_reused(t));
        }
    }
    let live = region
        .report_plans
        .values()
        .filter(|p| p.deployment_status != DELETE_IN_PROGRESS)
        .count();
    if live >= MAX_REPORT_PLANS {
        return Err(AwsError::limit(format!(
            "An account can have at most {MAX_REPORT_PLANS} report plans per Region"
        )));
    }
    let p = ReportPlan {
        arn: format!(
            "arn:aws:backup:{}:{}:report-plan:{name}-{}",
            c.region,
            c.account,
            uuid()
        ),
        name: name.clone(),
        description,
        delivery_channel: channel,
        setting,
        creation_time: now(),
        deployment_status: CREATE_IN_PROGRESS.into(),
        idempotency_token: token,
        request,
        tags,
    };
    let out = created(&p);
    region.report_plans.insert(name, p);
    Ok(out)
}

fn name_param(req: &Req<'_>) -> Result<String, AwsError> {
    let name = req.param(0).to_string();
    audit::name(&name, "ReportPlanName")?;
    Ok(name)
}

pub fn describe(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = name_param(req)?;
    let region = store.region_mut(req.caller);
    let p = region
        .report_plans
        .get_mut(&name)
        .ok_or_else(|| not_found(&name))?;
    let status = audit::settle(&mut p.deployment_status);
    let out = json!({ "ReportPlan": plan_json(p, &status) });
    if status == DELETE_IN_PROGRESS {
        region.report_plans.remove(&name);
    }
    Ok(out)
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "MaxResults")?;
    let region = store.region_mut(req.caller);
    let (items, next) = super::page(
        &region.report_plans,
        "report-plans",
        req.query.get("NextToken"),
        max,
        |_| true,
    )?;
    let names: Vec<String> = items.iter().map(|p| p.name.clone()).collect();
    let mut list = Vec::new();
    for n in names {
        if let Some(p) = region.report_plans.get_mut(&n) {
            let status = audit::settle(&mut p.deployment_status);
            list.push(plan_json(p, &status));
        }
    }
    let mut out = json!({ "ReportPlans": list });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn update(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = name_param(req)?;
    let description = match req.body.get("ReportPlanDescription") {
        None | Some(Value::Null) => None,
        Some(_) => Some(audit::description(&req.body, "ReportPlanDescription")?),
    };
    let channel = delivery_channel(&req.body)?;
    let setting = setting(&req.body)?;
    let token = audit::token(req)?;
    let request = audit::request_without_token(req);
    let region = store.region_mut(req.caller);
    let p = region
        .report_plans
        .get_mut(&name)
        .filter(|p| p.deployment_status != DELETE_IN_PROGRESS)
        .ok_or_else(|| not_found(&name))?;
    let out = created(p);
    if token.is_some() && p.idempotency_token == token && p.request == request {
        return Ok(out);
    }
    if audit::busy(&p.deployment_status) {
        let status = audit::settle(&mut p.deployment_status);
        return Err(audit::conflict("Report plan", &name, &status));
    }
    if let Some(s) = &setting {
        if s["ReportTemplate"] != p.setting["ReportTemplate"] {
            return Err(bad(format!(
                "The report template of report plan {name} cannot be changed"
            )));
        }
    }
    if let Some(d) = description {
        p.description = d;
    }
    if let Some(ch) = channel {
        p.delivery_channel = ch;
    }
    if let Some(s) = setting {
        p.setting = s;
    }
    p.idempotency_token = token;
    p.request = request;
    p.deployment_status = UPDATE_IN_PROGRESS.into();
    Ok(out)
}

pub fn delete(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = name_param(req)?;
    let region = store.region_mut(req.caller);
    let p = region
        .report_plans
        .get_mut(&name)
        .filter(|p| p.deployment_status != DELETE_IN_PROGRESS)
        .ok_or_else(|| not_found(&name))?;
    if p.deployment_status != COMPLETED {
        let status = audit::settle(&mut p.deployment_status);
        return Err(audit::conflict("Report plan", &name, &status));
    }
    p.deployment_status = DELETE_IN_PROGRESS.into();
    Ok(json!({}))
}
