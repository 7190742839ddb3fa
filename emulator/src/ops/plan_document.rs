//! Backup plan documents: the rule checks AWS documents (schedule,
//! lifecycle, actions, windows) and the document as stored (with the
//! defaults of `crate::defaults`). Split from the plan operations (`plans`)
//! so each stays readable.

use backup_facts::defaults::{DEFAULT_COMPLETION_WINDOW, DEFAULT_START_WINDOW};
use backup_facts::enums::{
    ADVANCED_RESOURCE_TYPES, BACKUP_OPTIONS, BACKUP_OPTION_VALUES, DELETE_AFTER_EVENTS,
    MALWARE_SCANNERS, SCAN_MODES,
};
use backup_facts::limits::{
    MAX_CONTINUOUS_RETENTION_DAYS, MAX_RETENTION_DAYS, MIN_COLD_STORAGE_DAYS, MIN_START_WINDOW,
};
use backup_facts::names::{PLAN_NAME, RESOURCE_TYPE, RULE_NAME, VAULT_NAME};
use serde_json::{json, Map, Value};

use crate::defaults::fill_rule_defaults;
use crate::error::AwsError;
use crate::validate;

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
        if v.is_some_and(|d| !(1..=MAX_RETENTION_DAYS).contains(&d)) {
            return Err(AwsError::invalid(format!(
                "Invalid lifecycle. {name} cannot be less than 1 or more than {MAX_RETENTION_DAYS} days"
            )));
        }
    }
    if let (Some(c), Some(d)) = (cold, del) {
        if d < c + MIN_COLD_STORAGE_DAYS {
            return Err(AwsError::invalid(format!(
                "Invalid lifecycle. DeleteAfterDays cannot be less than {MIN_COLD_STORAGE_DAYS} days apart from MoveToColdStorageAfterDays",
            )));
        }
    }
    if continuous && del.is_some_and(|d| d > MAX_CONTINUOUS_RETENTION_DAYS) {
        return Err(AwsError::invalid(format!(
            "Invalid lifecycle. DeleteAfterDays cannot be more than {MAX_CONTINUOUS_RETENTION_DAYS} days for continuous backups",
        )));
    }
    if let Some(e) = validate::opt_str(l, "DeleteAfterEvent")? {
        if !DELETE_AFTER_EVENTS.contains(&e) {
            return Err(AwsError::invalid(format!("Invalid DeleteAfterEvent {e}")));
        }
    }
    Ok(())
}

/// Each member fits the model's `ResourceType` pattern.
fn resource_types(v: &Value, key: &str) -> Result<(), AwsError> {
    for t in validate::opt_str_list(v, key)?.unwrap_or_default() {
        if !RESOURCE_TYPE.matches(&t) {
            return Err(AwsError::invalid(format!(
                "Invalid resource type {t} in {key}"
            )));
        }
    }
    Ok(())
}

fn check_scanner(v: &Value) -> Result<(), AwsError> {
    if let Some(m) = validate::opt_str(v, "MalwareScanner")? {
        if !MALWARE_SCANNERS.contains(&m) {
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
            if !SCAN_MODES.contains(&m) {
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
    if !RULE_NAME.matches(name) {
        return Err(AwsError::invalid(format!("Invalid rule name {name}")));
    }
    let target = validate::req_str(r, "TargetBackupVaultName")?;
    if !VAULT_NAME.matches(target) {
        return Err(AwsError::invalid(format!(
            "Backup vault name {target} is not valid"
        )));
    }
    if let Some(s) = validate::opt_str(r, "ScheduleExpression")? {
        check_schedule(s)?;
    }
    let start = validate::opt_i64(r, "StartWindowMinutes")?;
    let completion = validate::opt_i64(r, "CompletionWindowMinutes")?;
    if start.is_some_and(|s| s < MIN_START_WINDOW) {
        return Err(AwsError::invalid(format!(
            "StartWindowMinutes must be at least {MIN_START_WINDOW} minutes",
        )));
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
    if !PLAN_NAME.matches(name) {
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
            if !ADVANCED_RESOURCE_TYPES.contains(&rt) {
                return Err(AwsError::invalid(format!(
                    "Invalid resource type {rt} for AdvancedBackupSettings"
                )));
            }
            if let Some(opts) = validate::body_obj(s, "BackupOptions")? {
                for (k, v) in opts {
                    let good = BACKUP_OPTIONS.contains(&(rt, k.as_str()))
                        && v.as_str()
                            .is_some_and(|v| BACKUP_OPTION_VALUES.contains(&v));
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
