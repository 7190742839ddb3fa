//! Backup Audit Manager frameworks: Create/Update/Describe/List/Delete
//! Framework, with the control catalogue checks of `framework_controls`,
//! IdempotencyToken retries, the quotas of frameworks and controls per
//! region, and the deployment lifecycle of `audit` (one in-progress answer,
//! then COMPLETED).

use backup_facts::audit::{MAX_CONTROLS, MAX_FRAMEWORKS};
use serde_json::{json, Value};

use super::audit::{self, COMPLETED, CREATE_IN_PROGRESS, DELETE_IN_PROGRESS, UPDATE_IN_PROGRESS};
use super::{framework_controls, Req};
use crate::error::{AwsError, OpResult};
use crate::state::{Framework, Region, Store};
use crate::util::{now, uuid};
use crate::validate;

fn count(controls: &Value) -> usize {
    controls.as_array().map_or(0, Vec::len)
}

/// Controls in use in the region, leaving out the framework `except`.
fn controls_in_use(region: &Region, except: &str) -> usize {
    region
        .frameworks
        .values()
        .filter(|f| f.name != except && f.deployment_status != DELETE_IN_PROGRESS)
        .map(|f| count(&f.controls))
        .sum()
}

fn control_limit(region: &Region, except: &str, adding: usize) -> Result<(), AwsError> {
    if controls_in_use(region, except) + adding > MAX_CONTROLS {
        return Err(AwsError::limit(format!(
            "An account can use at most {MAX_CONTROLS} controls per Region"
        )));
    }
    Ok(())
}

fn not_found(name: &str) -> AwsError {
    AwsError::not_found(format!("Framework {name} not found"))
}

pub fn create(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = validate::req_str(&req.body, "FrameworkName")?.to_string();
    audit::name(&name, "FrameworkName")?;
    let description = audit::description(&req.body, "FrameworkDescription")?;
    let controls = framework_controls::controls(&req.body)?;
    let tags = validate::tags(&req.body, "FrameworkTags")?.unwrap_or_default();
    let token = audit::token(req)?;
    let request = audit::request_without_token(req);
    let c = req.caller;
    let region = store.region_mut(c);
    let created = |f: &Framework| json!({"FrameworkName": f.name, "FrameworkArn": f.arn});
    if let Some(f) = region.frameworks.get(&name) {
        if token.is_some() && f.idempotency_token == token && f.request == request {
            return Ok(created(f));
        }
        return Err(AwsError::already_exists(
            format!("Framework {name} already exists"),
            None,
            &f.arn,
        ));
    }
    if let Some(t) = &token {
        if region
            .frameworks
            .values()
            .any(|f| f.idempotency_token.as_ref() == Some(t))
        {
            return Err(audit::token_reused(t));
        }
    }
    let live = region
        .frameworks
        .values()
        .filter(|f| f.deployment_status != DELETE_IN_PROGRESS)
        .count();
    if live >= MAX_FRAMEWORKS {
        return Err(AwsError::limit(format!(
            "An account can have at most {MAX_FRAMEWORKS} frameworks per Region"
        )));
    }
    control_limit(region, &name, count(&controls))?;
    let f = Framework {
        arn: format!(
            "arn:aws:backup:{}:{}:framework:{name}-{}",
            c.region,
            c.account,
            uuid()
        ),
        name: name.clone(),
        description,
        controls,
        creation_time: now(),
        deployment_status: CREATE_IN_PROGRESS.into(),
        idempotency_token: token,
        request,
        tags,
    };
    let out = created(&f);
    region.frameworks.insert(name, f);
    Ok(out)
}

fn name_param(req: &Req<'_>) -> Result<String, AwsError> {
    let name = req.param(0).to_string();
    audit::name(&name, "FrameworkName")?;
    Ok(name)
}

pub fn describe(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = name_param(req)?;
    let region = store.region_mut(req.caller);
    let f = region
        .frameworks
        .get_mut(&name)
        .ok_or_else(|| not_found(&name))?;
    let status = audit::settle(&mut f.deployment_status);
    let mut out = json!({"FrameworkName": f.name, "FrameworkArn": f.arn,
        "FrameworkControls": f.controls, "CreationTime": f.creation_time,
        "DeploymentStatus": status, "FrameworkStatus": "ACTIVE"});
    if let Some(d) = &f.description {
        out["FrameworkDescription"] = json!(d);
    }
    if let Some(t) = &f.idempotency_token {
        out["IdempotencyToken"] = json!(t);
    }
    if status == DELETE_IN_PROGRESS {
        region.frameworks.remove(&name);
    }
    Ok(out)
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "MaxResults")?;
    let region = store.region_mut(req.caller);
    let (items, next) = super::page(
        &region.frameworks,
        "frameworks",
        req.query.get("NextToken"),
        max,
        |_| true,
    )?;
    let names: Vec<String> = items.iter().map(|f| f.name.clone()).collect();
    let mut list = Vec::new();
    for n in names {
        let Some(f) = region.frameworks.get_mut(&n) else {
            continue;
        };
        let status = audit::settle(&mut f.deployment_status);
        let mut m = json!({"FrameworkName": f.name, "FrameworkArn": f.arn,
            "NumberOfControls": count(&f.controls), "CreationTime": f.creation_time,
            "DeploymentStatus": status});
        if let Some(d) = &f.description {
            m["FrameworkDescription"] = json!(d);
        }
        list.push(m);
    }
    let mut out = json!({ "Frameworks": list });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn update(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = name_param(req)?;
    let description = match req.body.get("FrameworkDescription") {
        None | Some(Value::Null) => None,
        Some(_) => Some(audit::description(&req.body, "FrameworkDescription")?),
    };
    let controls = match req.body.get("FrameworkControls") {
        None | Some(Value::Null) => None,
        Some(_) => Some(framework_controls::controls(&req.body)?),
    };
    let token = audit::token(req)?;
    let request = audit::request_without_token(req);
    let region = store.region_mut(req.caller);
    let f = region
        .frameworks
        .get(&name)
        .filter(|f| f.deployment_status != DELETE_IN_PROGRESS)
        .ok_or_else(|| not_found(&name))?;
    let out = json!({"FrameworkName": f.name, "FrameworkArn": f.arn,
        "CreationTime": f.creation_time});
    if token.is_some() && f.idempotency_token == token && f.request == request {
        return Ok(out);
    }
    if audit::busy(&f.deployment_status) {
        let f = region.frameworks.get_mut(&name).expect("checked above");
        let status = audit::settle(&mut f.deployment_status);
        return Err(audit::conflict("Framework", &name, &status));
    }
    if let Some(c) = &controls {
        control_limit(region, &name, count(c))?;
    }
    let f = region.frameworks.get_mut(&name).expect("checked above");
    if let Some(d) = description {
        f.description = d;
    }
    if let Some(c) = controls {
        f.controls = c;
    }
    f.idempotency_token = token;
    f.request = request;
    f.deployment_status = UPDATE_IN_PROGRESS.into();
    Ok(out)
}

pub fn delete(store: &mut Store, req: &Req<'_>) -> OpResult {
    let name = name_param(req)?;
    let region = store.region_mut(req.caller);
    let f = region
        .frameworks
        .get_mut(&name)
        .filter(|f| f.deployment_status != DELETE_IN_PROGRESS)
        .ok_or_else(|| not_found(&name))?;
    if f.deployment_status != COMPLETED {
        let status = audit::settle(&mut f.deployment_status);
        return Err(audit::conflict("Framework", &name, &status));
    }
    f.deployment_status = DELETE_IN_PROGRESS.into();
    Ok(json!({}))
}
