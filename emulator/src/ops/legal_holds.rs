//! Legal holds: Create/Get/List/CancelLegalHold and
//! ListRecoveryPointsByLegalHold. A hold is `CREATING` until the next read
//! and then `ACTIVE`; CancelLegalHold (CancelDescription required) makes it
//! `CANCELING` until the next read and then `CANCELED`. The recovery points
//! of a hold are those of the region's vaults its RecoveryPointSelection
//! matches (vault names, resource ARNs, creation date range).

use serde_json::{json, Value};

use super::audit::{self, offset_page};
use super::Req;
use crate::error::{AwsError, OpResult};
use crate::state::{LegalHold, Region, Store};
use crate::util::{now, uuid};
use crate::validate;

const CREATING: &str = "CREATING";
const ACTIVE: &str = "ACTIVE";
const CANCELING: &str = "CANCELING";
const CANCELED: &str = "CANCELED";

/// What a read answers; a transition in progress then completes.
fn settle(status: &mut String) -> String {
    let shown = status.clone();
    match shown.as_str() {
        CREATING => *status = ACTIVE.into(),
        CANCELING => *status = CANCELED.into(),
        _ => {}
    }
    shown
}

fn bad(msg: impl Into<String>) -> AwsError {
    AwsError::invalid(msg)
}

fn selection(body: &Value) -> Result<Option<Value>, AwsError> {
    let Some(m) = validate::body_obj(body, "RecoveryPointSelection")? else {
        return Ok(None);
    };
    let s = Value::Object(m.clone());
    for v in validate::opt_str_list(&s, "VaultNames")?.unwrap_or_default() {
        validate::readable_vault_name(&v)?;
    }
    for r in validate::opt_str_list(&s, "ResourceIdentifiers")?.unwrap_or_default() {
        if !r.starts_with("arn:") {
            return Err(bad(format!(
                "Invalid resource identifier {r}: must be an ARN"
            )));
        }
    }
    if let Some(d) = validate::body_obj(&s, "DateRange")? {
        let d = Value::Object(d.clone());
        let (Some(from), Some(to)) = (d["FromDate"].as_f64(), d["ToDate"].as_f64()) else {
            return Err(AwsError::missing(
                "DateRange.FromDate and DateRange.ToDate are required",
            ));
        };
        if from > to {
            return Err(bad("DateRange.FromDate must not be after DateRange.ToDate"));
        }
    }
    Ok(Some(s))
}

fn summary(h: &LegalHold, status: &str) -> Value {
    let mut m = json!({"Title": h.title, "Status": status, "Description": h.description,
        "LegalHoldId": h.id, "LegalHoldArn": h.arn, "CreationDate": h.creation_date});
    if let Some(d) = h.cancellation_date {
        m["CancellationDate"] = json!(d);
    }
    m
}

fn created(h: &LegalHold, status: &str) -> Value {
    let mut m = summary(h, status);
    if let Some(s) = &h.selection {
        m["RecoveryPointSelection"] = s.clone();
    }
    m
}

pub fn create(store: &mut Store, req: &Req<'_>) -> OpResult {
    let title = validate::req_str(&req.body, "Title")?.to_string();
    let description = validate::req_str(&req.body, "Description")?.to_string();
    let selection = selection(&req.body)?;
    let tags = validate::tags(&req.body, "Tags")?.unwrap_or_default();
    let token = audit::token(req)?;
    let request = audit::request_without_token(req);
    let c = req.caller;
    let region = store.region_mut(c);
    if let Some(t) = &token {
        if let Some(h) = region
            .legal_holds
            .values()
            .find(|h| h.idempotency_token.as_ref() == Some(t))
        {
            if h.request == request {
                return Ok(created(h, &h.status));
            }
            return Err(audit::token_reused(t));
        }
    }
    let id = uuid();
    let h = LegalHold {
        arn: format!("arn:aws:backup:{}:{}:legal-hold:{id}", c.region, c.account),
        id: id.clone(),
        title,
        description,
        status: CREATING.into(),
        creation_date: now(),
        selection,
        idempotency_token: token,
        request,
        tags,
        ..Default::default()
    };
    let out = created(&h, CREATING);
    region.legal_holds.insert(id, h);
    Ok(out)
}

fn hold_mut<'a>(region: &'a mut Region, id: &str) -> Result<&'a mut LegalHold, AwsError> {
    region
        .legal_holds
        .get_mut(id)
        .ok_or_else(|| AwsError::not_found(format!("Legal hold {id} not found")))
}

pub fn get(store: &mut Store, req: &Req<'_>) -> OpResult {
    let h = hold_mut(store.region_mut(req.caller), req.param(0))?;
    let status = settle(&mut h.status);
    let mut out = created(h, &status);
    if let Some(d) = &h.cancel_description {
        out["CancelDescription"] = json!(d);
    }
    if let Some(d) = h.retain_record_until {
        out["RetainRecordUntil"] = json!(d);
    }
    Ok(out)
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults")?;
    let region = store.region_mut(req.caller);
    let mut holds: Vec<(f64, String)> = region
        .legal_holds
        .values()
        .map(|h| (h.creation_date, h.id.clone()))
        .collect();
    holds.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let ids: Vec<String> = holds.into_iter().map(|(_, id)| id).collect();
    let (page, next) = offset_page(&ids, "legal-holds", req.query.get("nextToken"), max)?;
    let mut list = Vec::new();
    for id in page {
        if let Some(h) = region.legal_holds.get_mut(&id) {
            let status = settle(&mut h.status);
            list.push(summary(h, &status));
        }
    }
    let mut out = json!({ "LegalHolds": list });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

pub fn cancel(store: &mut Store, req: &Req<'_>) -> OpResult {
    let why = match req.query.get("cancelDescription") {
        Some(d) if !d.is_empty() => d.clone(),
        _ => return Err(AwsError::missing("CancelDescription is required")),
    };
    let days = match req.query.get("retainRecordInDays") {
        None => None,
        Some(s) => match s.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            _ => return Err(bad(format!("Invalid RetainRecordInDays {s}"))),
        },
    };
    let h = hold_mut(store.region_mut(req.caller), req.param(0))?;
    settle(&mut h.status);
    if h.status != ACTIVE {
        return Err(AwsError::new(
            400,
            "InvalidResourceStateException",
            format!("Legal hold {} is {} and cannot be canceled", h.id, h.status),
        ));
    }
    let t = now();
    h.status = CANCELING.into();
    h.cancellation_date = Some(t);
    h.cancel_description = Some(why);
    h.retain_record_until = days.map(|d| t + d as f64 * 86400.0);
    Ok(json!({}))
}

pub fn recovery_points(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults")?;
    let id = req.param(0);
    let region = store.region_mut(req.caller);
    // The model declares no ResourceNotFoundException here.
    let h = region
        .legal_holds
        .get(id)
        .ok_or_else(|| bad(format!("Legal hold {id} not found")))?;
    let sel = h.selection.clone().unwrap_or(Value::Null);
    let list = |k: &str| -> Option<Vec<String>> {
        sel.get(k)?.as_array().map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
    };
    let (vaults, resources) = (list("VaultNames"), list("ResourceIdentifiers"));
    let range = sel.get("DateRange").map(|d| {
        (
            d["FromDate"].as_f64().unwrap_or(f64::MIN),
            d["ToDate"].as_f64().unwrap_or(f64::MAX),
        )
    });
    let mut hits = Vec::new();
    for (name, v) in &region.vaults {
        if vaults.as_ref().is_some_and(|vs| !vs.contains(name)) {
            continue;
        }
        for p in &v.recovery_points {
            let in_range = range.is_none_or(|(f, t)| p.creation_date >= f && p.creation_date <= t);
            let wanted = resources
                .as_ref()
                .is_none_or(|rs| rs.contains(&p.resource_arn));
            if in_range && wanted {
                hits.push(json!({"RecoveryPointArn": p.recovery_point_arn,
                    "ResourceArn": p.resource_arn, "ResourceType": p.resource_type,
                    "BackupVaultName": name}));
            }
        }
    }
    let (page, next) = offset_page(&hits, "legal-hold-points", req.query.get("nextToken"), max)?;
    let mut out = json!({ "RecoveryPoints": page });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}
