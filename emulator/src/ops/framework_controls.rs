//! Checks a framework's `FrameworkControls` against the Backup Audit
//! Manager control catalogue in `backup_facts::audit`: known control names,
//! their input parameters and values, and the control scopes each control
//! takes. The controls are stored as sent (AWS echoes them).

use std::collections::HashSet;

use backup_facts::controls::{
    control, max_recovery_point_age, param_value_ok, Control, ParamValue, MAX_SCOPE_RESOURCE_IDS,
    MAX_SCOPE_TAGS,
};
use serde_json::Value;

use crate::error::AwsError;
use crate::validate;

fn bad(msg: String) -> AwsError {
    AwsError::invalid(msg)
}

/// Validates `FrameworkControls` (a non-empty list); returns it as given.
pub fn controls(body: &Value) -> Result<Value, AwsError> {
    let list = match body.get("FrameworkControls") {
        None | Some(Value::Null) => {
            return Err(AwsError::missing("FrameworkControls is required"));
        }
        Some(Value::Array(a)) => a,
        Some(_) => {
            return Err(AwsError::new(
                400,
                "SerializationException",
                "FrameworkControls must be a list",
            ))
        }
    };
    if list.is_empty() {
        return Err(bad("A framework must have at least one control".into()));
    }
    for c in list {
        one(c)?;
    }
    Ok(Value::Array(list.clone()))
}

fn one(c: &Value) -> Result<(), AwsError> {
    if !c.is_object() {
        return Err(AwsError::new(
            400,
            "SerializationException",
            "FrameworkControls must be a list of structures",
        ));
    }
    let name = match validate::opt_str(c, "ControlName")? {
        Some(n) if !n.is_empty() => n,
        _ => return Err(AwsError::missing("A control name is required.")),
    };
    let ctl = control(name).ok_or_else(|| {
        bad(format!(
            "Invalid control name {name}: not a Backup Audit Manager control"
        ))
    })?;
    params(ctl, c)?;
    scope(ctl, c)
}

fn params(ctl: &Control, c: &Value) -> Result<(), AwsError> {
    let list = match c.get("ControlInputParameters") {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(a)) => a,
        Some(_) => {
            return Err(AwsError::new(
                400,
                "SerializationException",
                "ControlInputParameters must be a list",
            ))
        }
    };
    let mut seen = HashSet::new();
    let mut ints = std::collections::HashMap::new();
    let mut strs = std::collections::HashMap::new();
    for p in list {
        let pname = validate::opt_str(p, "ParameterName")?.unwrap_or_default();
        let value = validate::opt_str(p, "ParameterValue")?.unwrap_or_default();
        let spec = ctl.params.iter().find(|s| s.name == pname).ok_or_else(|| {
            let known: Vec<&str> = ctl.params.iter().map(|s| s.name).collect();
            bad(format!(
                "Invalid parameter name {pname:?} for control {}: expected one of [{}]",
                ctl.name,
                known.join(", ")
            ))
        })?;
        if !seen.insert(pname) {
            return Err(bad(format!(
                "Parameter {pname} is given twice for control {}",
                ctl.name
            )));
        }
        if !param_value_ok(spec, value) {
            return Err(bad(format!(
                "Invalid value {value:?} for parameter {pname} of control {}: {}",
                ctl.name,
                describe(&spec.value)
            )));
        }
        if let ParamValue::Int { .. } = spec.value {
            ints.insert(pname, value.trim().parse::<i64>().unwrap_or_default());
        }
        strs.insert(pname, value);
    }
    if let (Some(min), Some(max)) = (ints.get("minRetentionDays"), ints.get("maxRetentionDays")) {
        if min > max {
            return Err(bad(format!(
                "minRetentionDays ({min}) must not be greater than maxRetentionDays ({max})"
            )));
        }
    }
    if let Some(age) = ints.get("recoveryPointAgeValue") {
        let unit = strs.get("recoveryPointAgeUnit").copied().unwrap_or("days");
        let max = max_recovery_point_age(unit);
        if *age > max {
            return Err(bad(format!(
                "recoveryPointAgeValue must be between 1 and {max} when recoveryPointAgeUnit is {unit}"
            )));
        }
    }
    Ok(())
}

fn describe(v: &ParamValue) -> String {
    match v {
        ParamValue::Int { min, max } => format!("must be a whole number from {min} to {max}"),
        ParamValue::OneOf(values) => format!("must be one of {}", values.join(", ")),
        ParamValue::List { max, .. } => {
            format!("must be a comma-separated list of at most {max} valid items")
        }
    }
}

fn scope(ctl: &Control, c: &Value) -> Result<(), AwsError> {
    let Some(s) = validate::body_obj(c, "ControlScope")? else {
        return Ok(());
    };
    let s = Value::Object(s.clone());
    let ids = validate::opt_str_list(&s, "ComplianceResourceIds")?;
    let types = validate::opt_str_list(&s, "ComplianceResourceTypes")?;
    let tags = validate::body_obj(&s, "Tags")?;
    if let Some(t) = tags {
        if t.len() > MAX_SCOPE_TAGS {
            return Err(bad(format!(
                "A control scope takes at most {MAX_SCOPE_TAGS} tag key-value pair"
            )));
        }
        if t.values().any(|v| !v.is_string()) {
            return Err(AwsError::new(
                400,
                "SerializationException",
                "Tags must be a map of strings",
            ));
        }
        if !ctl.scopes.tags {
            return Err(bad(format!("Control {} takes no tag scope", ctl.name)));
        }
    }
    if types
        .as_ref()
        .is_some_and(|t| t.iter().any(String::is_empty))
    {
        return Err(bad(
            "ComplianceResourceTypes must not hold empty strings".into()
        ));
    }
    match (&ids, &types) {
        (Some(ids), types) => {
            if ids.is_empty() || ids.len() > MAX_SCOPE_RESOURCE_IDS {
                return Err(bad(format!(
                    "ComplianceResourceIds must hold 1 to {MAX_SCOPE_RESOURCE_IDS} ids"
                )));
            }
            let types = types.as_deref().unwrap_or_default();
            if types.len() != 1 {
                return Err(bad(
                    "A control scope with ComplianceResourceIds takes exactly one ComplianceResourceTypes entry".into(),
                ));
            }
            if let Some(own) = ctl.own_resource_type {
                if types[0] != own {
                    return Err(bad(format!(
                        "Control {} scopes single resources of type {own} only",
                        ctl.name
                    )));
                }
            }
        }
        (None, Some(types)) if !types.is_empty() && !ctl.scopes.resource_types => {
            return Err(bad(format!(
                "Control {} takes no resource type scope (it evaluates {})",
                ctl.name, ctl.evaluates
            )));
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with(c: Value) -> Result<Value, AwsError> {
        controls(&json!({ "FrameworkControls": [c] }))
    }

    #[test]
    fn catalogue_checks() {
        assert!(with(json!({"ControlName": "BACKUP_RECOVERY_POINT_ENCRYPTED"})).is_ok());
        assert!(with(json!({"ControlName": "NOPE"})).is_err());
        assert!(
            with(json!({"ControlName": "BACKUP_RECOVERY_POINT_ENCRYPTED",
            "ControlInputParameters": [{"ParameterName": "x", "ParameterValue": "1"}]}))
            .is_err()
        );
        assert!(with(json!({"ControlName": "BACKUP_LAST_RECOVERY_POINT_CREATED",
            "ControlInputParameters": [{"ParameterName": "recoveryPointAgeUnit", "ParameterValue": "days"},
                {"ParameterName": "recoveryPointAgeValue", "ParameterValue": "40"}]}))
        .is_err());
        assert!(with(json!({"ControlName": "BACKUP_LAST_RECOVERY_POINT_CREATED",
            "ControlInputParameters": [{"ParameterName": "recoveryPointAgeUnit", "ParameterValue": "hours"},
                {"ParameterName": "recoveryPointAgeValue", "ParameterValue": "40"}]}))
        .is_ok());
    }

    #[test]
    fn scope_checks() {
        let c = |s: Value| {
            with(json!({"ControlName": "BACKUP_RECOVERY_POINT_ENCRYPTED", "ControlScope": s}))
        };
        assert!(c(json!({})).is_ok());
        assert!(c(json!({"ComplianceResourceTypes": ["EBS", "RDS"]})).is_ok());
        assert!(c(json!({"Tags": {"a": "b", "c": "d"}})).is_err());
        assert!(c(json!({"ComplianceResourceIds": ["i-1"]})).is_err());
        assert!(
            c(json!({"ComplianceResourceIds": ["i-1"], "ComplianceResourceTypes": ["EC2"]}))
                .is_ok()
        );
        let v = |s: Value| {
            with(
                json!({"ControlName": "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", "ControlScope": s}),
            )
        };
        assert!(v(json!({"ComplianceResourceTypes": ["EBS"]})).is_err());
        assert!(v(json!({"ComplianceResourceIds": ["default"],
            "ComplianceResourceTypes": ["AWS::Backup::BackupVault"]}))
        .is_ok());
    }
}
