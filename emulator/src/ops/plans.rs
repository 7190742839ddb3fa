//! Backup plans: create/update/get/list/delete and versions, with the
//! documented rule checks and the defaults AWS stores for omitted fields.

use serde_json::{json, Map, Value};

use super::Req;
use crate::error::{AwsError, OpResult};
use crate::state::{plan_arn, Plan, PlanVersion, Store};
use crate::util::{now, uuid, version_id};
use crate::validate;

pub const DEFAULT_SCHEDULE: &str = "cron(0 5 ? * * *)";
pub const DEFAULT_START_WINDOW: i64 = 480;
pub const DEFAULT_COMPLETION_WINDOW: i64 = 10080;
pub const DEFAULT_TIMEZONE: &str = "Etc/UTC";

/// Fills what AWS stores for omitted rule fields and gives every rule a
/// RuleId (kept from `previous` for a rule of the same name).
pub fn fill_rule_defaults(doc: &mut Value, previous: Option<&Value>) {
    let Some(rules) = doc.get_mut("Rules").and_then(Value::as_array_mut) else {
        return;
    };
    for rule in rules.iter_mut() {
        let Some(r) = rule.as_object_mut() else {
            continue;
        };
        let name = r.get("RuleName").cloned().unwrap_or(Value::Null);
        let old_id = previous
            .and_then(|p| p["Rules"].as_array())
            .and_then(|rs| rs.iter().find(|x| x["RuleName"] == name))
            .and_then(|x| x.get("RuleId").cloned());
        if let Some(id) = old_id {
            r.insert("RuleId".into(), id);
        } else if !r.contains_key("RuleId") {
            r.insert("RuleId".into(), json!(uuid()));
        }
        r.entry("ScheduleExpression")
            .or_insert_with(|| json!(DEFAULT_SCHEDULE));
        r.entry("StartWindowMinutes")
            .or_insert_with(|| json!(DEFAULT_START_WINDOW));
        r.entry("CompletionWindowMinutes")
            .or_insert_with(|| json!(DEFAULT_COMPLETION_WINDOW));
        r.entry("ScheduleExpressionTimezone")
            .or_insert_with(|| json!(DEFAULT_TIMEZONE));
        if let Some(Value::Array(copies)) = r.get_mut("CopyActions") {
            for c in copies.iter_mut().filter_map(Value::as_object_mut) {
                c.entry("Lifecycle").or_insert_with(|| json!({}));
            }
        }
    }
}

/// `cron(m h dom mon dow year)` with exactly one of dom/dow being `?`,
/// fields as AWS accepts them (`L`, `W`, `#`, names, ranges, steps).
fn check_schedule(s: &str) -> Result<(), AwsError> {
    super::schedule::parse(s)
        .map(|_| ())
        .ok_or_else(|| AwsError::invalid(format!("Invalid schedule expression {s}")))
}

/// Lifecycle rules, worded as AWS words them (terraform-provider-aws#7350,
/// #24960; lgallard/terraform-aws-backup#40).
fn check_lifecycle(l: &Value, continuous: bool) -> Result<(), AwsError> {
    if l.is_null() {
        return Ok(());
    }
    if !l.is_object() {
        return Err(AwsError::invalid("Lifecycle must be a structure"));
    }
    let cold = validate::opt_i64(l, "MoveToColdStorageAfterDays")?;
    let del = validate::opt_i64(l, "DeleteAfterDays")?;
    if continuous && cold.is_some() {
        let mut e =
            AwsError::invalid("Invalid lifecycle. MoveToColdStorageAfterDays is unavailable");
        e.extra.push(("Code", "ERROR_3015".to_string()));
        return Err(e);
    }
    for (name, v) in [
        ("MoveToColdStorageAfterDays", cold),
        ("DeleteAfterDays", del),
    ] {
        if v.is_some_and(|d| !(1..=36500).contains(&d)) {
            return Err(AwsError::invalid(format!(
                "Invalid lifecycle. {name} cannot be less than 1 or more than 36500 days"
            )));
        }
    }
    if let (Some(c), Some(d)) = (cold, del) {
        if d < c + 90 {
            return Err(AwsError::invalid(
                "Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays",
            ));
        }
    }
    if continuous && del.is_some_and(|d| d > 35) {
        return Err(AwsError::invalid(
            "Invalid lifecycle. DeleteAfterDays cannot be more than 35 days for continuous backups",
        ));
    }
    if let Some(e) = validate::opt_str(l, "DeleteAfterEvent")? {
        if e != "DELETE_AFTER_COPY" {
            return Err(AwsError::invalid(format!("Invalid DeleteAfterEvent {e}")));
        }
    }
    Ok(())
}

/// `^[a-zA-Z0-9\-\_\.]{1,50}$` (ResourceType in the model).
fn resource_types(v: &Value, key: &str) -> Result<(), AwsError> {
    for t in validate::opt_str_list(v, key)?.unwrap_or_default() {
        if !validate::simple_name(&t, 1, 50, true) {
            return Err(AwsError::invalid(format!(
                "Invalid resource type {t} in {key}"
            )));
        }
    }
    Ok(())
}

fn check_scanner(v: &Value) -> Result<(), AwsError> {
    if let Some(m) = validate::opt_str(v, "MalwareScanner")? {
        if m != "GUARDDUTY" {
            return Err(AwsError::invalid(format!("Invalid MalwareScanner {m}")));
        }
    }
    Ok(())
}

/// IndexActions and ScanActions of a rule (enums and patterns of the model).
fn check_actions(r: &Value) -> Result<(), AwsError> {
    for a in r["IndexActions"].as_array().into_iter().flatten() {
        resource_types(a, "ResourceTypes")?;
    }
    for a in r["ScanActions"].as_array().into_iter().flatten() {
        check_scanner(a)?;
        if let Some(m) = validate::opt_str(a, "ScanMode")? {
            if m != "FULL_SCAN" && m != "INCREMENTAL_SCAN" {
                return Err(AwsError::invalid(format!("Invalid ScanMode {m}")));
            }
        }
    }
    Ok(())
}

fn check_rule(r: &Value) -> Result<(), AwsError> {
    if !r.is_object() {
        return Err(AwsError::invalid("Each rule must be a structure"));
    }
    let name = validate::req_str(r, "RuleName")?;
    if !validate::simple_name(name, 1, 50, true) {
        return Err(AwsError::invalid(format!("Invalid rule name {name}")));
    }
    let target = validate::req_str(r, "TargetBackupVaultName")?;
    if !validate::simple_name(target, 2, 50, false) {
        return Err(AwsError::invalid(format!(
            "Backup vault name {target} is not valid"
        )));
    }
    if let Some(s) = validate::opt_str(r, "ScheduleExpression")? {
        check_schedule(s)?;
    }
    let start = validate::opt_i64(r, "StartWindowMinutes")?;
    let completion = validate::opt_i64(r, "CompletionWindowMinutes")?;
    if start.is_some_and(|s| s < 60) {
        return Err(AwsError::invalid(
            "StartWindowMinutes must be at least 60 minutes",
        ));
    }
    let eff_start = start.unwrap_or(DEFAULT_START_WINDOW);
    let eff_completion = completion.unwrap_or(DEFAULT_COMPLETION_WINDOW);
    if eff_completion <= eff_start {
        return Err(AwsError::invalid(
            "CompletionWindowMinutes must be greater than StartWindowMinutes",
        ));
    }
    if let Some(tz) = validate::opt_str(r, "ScheduleExpressionTimezone")? {
        if super::schedule::timezone(tz).is_none() {
            return Err(AwsError::invalid(format!("Invalid timezone {tz}")));
        }
    }
    check_actions(r)?;
    let continuous = validate::opt_bool(r, "EnableContinuousBackup")?.unwrap_or(false);
    check_lifecycle(&r["Lifecycle"], continuous)?;
    validate::tags(r, "RecoveryPointTags")?;
    match r.get("CopyActions") {
        None | Some(Value::Null) => {}
        Some(Value::Array(copies)) => {
            for c in copies {
                let dest = validate::req_str(c, "DestinationBackupVaultArn")?;
                if !validate::arn_of_service(dest, "backup") || !dest.contains(":backup-vault:") {
                    return Err(AwsError::invalid(format!(
                        "Invalid DestinationBackupVaultArn {dest}"
                    )));
                }
                check_lifecycle(&c["Lifecycle"], false)?;
            }
        }
        Some(_) => return Err(AwsError::invalid("CopyActions must be a list")),
    }
    Ok(())
}

/// Validates a BackupPlanInput and returns the document as stored (without
/// RuleIds yet).
fn plan_document(body: &Value) -> Result<Value, AwsError> {
    let plan = body
        .get("BackupPlan")
        .filter(|v| !v.is_null())
        .ok_or_else(|| AwsError::missing("BackupPlan is required"))?;
    if !plan.is_object() {
        return Err(AwsError::invalid("BackupPlan must be a structure"));
    }
    let name = validate::req_str(plan, "BackupPlanName")?;
    if !validate::simple_name(name, 1, 50, true) {
        return Err(AwsError::invalid(format!(
            "Invalid backup plan name {name}: 1 to 50 alphanumeric or '-_.' characters"
        )));
    }
    let rules = match plan.get("Rules") {
        Some(Value::Array(r)) if !r.is_empty() => r,
        Some(Value::Array(_)) | None | Some(Value::Null) => {
            return Err(AwsError::missing("BackupPlan.Rules is required"))
        }
        Some(_) => return Err(AwsError::invalid("Rules must be a list")),
    };
    let mut seen = std::collections::HashSet::new();
    for r in rules {
        // AWS prefixes rule errors and puts [rule, reason] in Context, e.g.
        // "Error in rule Daily : Backup vault name Random Backups is not
        // valid" (aws/aws-cdk#8685, lgallard/terraform-aws-backup#40).
        check_rule(r).map_err(|mut e| {
            if let Some(n) = r.get("RuleName").and_then(Value::as_str) {
                let context = json!([n, e.message]).to_string();
                e.message = format!("Error in rule {n} : {}", e.message);
                e.extra.push(("Context", context));
            }
            e
        })?;
        if !seen.insert(r["RuleName"].as_str().unwrap_or_default()) {
            return Err(AwsError::invalid(format!(
                "Duplicate rule name {}",
                r["RuleName"]
            )));
        }
    }
    if let Some(Value::Array(settings)) = plan.get("AdvancedBackupSettings") {
        for s in settings {
            let rt = validate::opt_str(s, "ResourceType")?.unwrap_or_default();
            if !["EC2", "S3"].contains(&rt) {
                return Err(AwsError::invalid(format!(
                    "Invalid resource type {rt} for AdvancedBackupSettings"
                )));
            }
            if let Some(opts) = validate::body_obj(s, "BackupOptions")? {
                for (k, v) in opts {
                    let good = match (rt, k.as_str()) {
                        ("EC2", "WindowsVSS") => v == "enabled" || v == "disabled",
                        ("S3", "BackupACLs" | "BackupObjectTags") => {
                            v == "enabled" || v == "disabled"
                        }
                        _ => false,
                    };
                    if !good {
                        return Err(AwsError::invalid(format!(
                            "Invalid backup option {k}={v} for {rt}"
                        )));
                    }
                }
            }
        }
    }
    for s in plan["ScanSettings"].as_array().into_iter().flatten() {
        check_scanner(s)?;
        resource_types(s, "ResourceTypes")?;
    }
    let mut doc = Map::new();
    for k in [
        "BackupPlanName",
        "Rules",
        "AdvancedBackupSettings",
        "ScanSettings",
    ] {
        if let Some(v) = plan.get(k).filter(|v| !v.is_null()) {
            doc.insert(k.to_string(), v.clone());
        }
    }
    let mut doc = Value::Object(doc);
    fill_rule_defaults(&mut doc, None);
    Ok(doc)
}

/// Plan documents equal apart from RuleIds.
fn same_document(a: &Value, b: &Value) -> bool {
    if a["BackupPlanName"] != b["BackupPlanName"] {
        return false;
    }
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(rules) = v.get_mut("Rules").and_then(Value::as_array_mut) {
            for r in rules.iter_mut().filter_map(Value::as_object_mut) {
                r.remove("RuleId");
            }
        }
        v
    };
    strip(a) == strip(b)
}

fn created_json(req: &Req, p: &Plan) -> Value {
    let v = p.current();
    let mut out = json!({"BackupPlanId": p.id, "BackupPlanArn": plan_arn(req.caller, &p.id),
        "CreationDate": p.creation_date, "VersionId": v.version_id});
    if let Some(a) = v.document.get("AdvancedBackupSettings") {
        out["AdvancedBackupSettings"] = a.clone();
    }
    out
}

pub fn create(store: &mut Store, req: &Req) -> OpResult {
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

fn live_plan<'a>(store: &'a mut Store, req: &Req) -> Result<&'a mut Plan, AwsError> {
    let id = req.param(0);
    store
        .region_mut(req.caller)
        .plans
        .get_mut(id)
        .filter(|p| p.deletion_date.is_none())
        .ok_or_else(|| AwsError::not_found(format!("Backup plan {id} not found")))
}

pub fn update(store: &mut Store, req: &Req) -> OpResult {
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

pub fn get(store: &mut Store, req: &Req) -> OpResult {
    let id = req.param(0);
    if let Some(n) = req.query.get("MaxScheduledRunsPreview") {
        if !n.parse::<i64>().is_ok_and(|n| (0..=10).contains(&n)) {
            return Err(AwsError::invalid(
                "MaxScheduledRunsPreview must be between 0 and 10",
            ));
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

fn list_member(req: &Req, p: &Plan, v: &PlanVersion) -> Value {
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

pub fn list(store: &mut Store, req: &Req) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults", 1000)?;
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

pub fn delete(store: &mut Store, req: &Req) -> OpResult {
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

pub fn versions(store: &mut Store, req: &Req) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults", 1000)?;
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
