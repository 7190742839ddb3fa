//! Backup plan documents: the rule checks AWS documents (schedule,
//! lifecycle, actions, windows), the defaults AWS stores for omitted fields
//! and RuleIds. Split from the plan operations (`plans`) so each stays
//! readable.

use serde_json::{json, Map, Value};

use crate::error::AwsError;
use crate::util::uuid;
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
pub(super) fn plan_document(body: &Value) -> Result<Value, AwsError> {
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
pub(super) fn same_document(a: &Value, b: &Value) -> bool {
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
