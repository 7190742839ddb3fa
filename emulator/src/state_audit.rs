//! The emulated state of Backup Audit Manager and legal holds (frameworks,
//! report plans, legal holds) and of the copy and restore jobs the admin API
//! seeds: kept apart from `state` so the region struct only names them.
//! Each resource keeps the request it was created or last updated with, so
//! a retry with the same IdempotencyToken can be told from a new request.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Tags of a resource (the same map as `state::Tags`, named here so this
/// module does not depend on `state`).
type Tags = BTreeMap<String, String>;

/// One framework (CreateFramework), keyed by name in its region.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Framework {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    /// `FrameworkControls` as the last Create/Update sent them.
    pub controls: Value,
    pub creation_time: f64,
    /// `DeploymentStatus`; `*_IN_PROGRESS` is answered by the next read,
    /// which then completes the change (see `ops::audit`).
    pub deployment_status: String,
    pub idempotency_token: Option<String>,
    /// The last Create/Update request without its token.
    pub request: Value,
    pub tags: Tags,
}

/// One report plan (CreateReportPlan), keyed by name in its region.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportPlan {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub delivery_channel: Value,
    pub setting: Value,
    pub creation_time: f64,
    pub deployment_status: String,
    pub idempotency_token: Option<String>,
    pub request: Value,
    pub tags: Tags,
}

/// One legal hold (CreateLegalHold), keyed by id in its region.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct LegalHold {
    pub id: String,
    pub arn: String,
    pub title: String,
    pub description: String,
    /// `CREATING` until the next read, then `ACTIVE`; `CANCELING` after
    /// CancelLegalHold until the next read, then `CANCELED`.
    pub status: String,
    pub creation_date: f64,
    pub cancellation_date: Option<f64>,
    pub cancel_description: Option<String>,
    pub retain_record_until: Option<f64>,
    pub selection: Option<Value>,
    pub idempotency_token: Option<String>,
    pub request: Value,
    pub tags: Tags,
}

/// Completes seeded frameworks, report plans and legal holds (admin
/// `PUT /__emulator/state`): names and ids from map keys, ARNs, creation
/// times and settled statuses, so `{"frameworks": {"f": {}}}` works.
pub fn fixup(
    account: &str,
    region: &str,
    frameworks: &mut BTreeMap<String, Framework>,
    report_plans: &mut BTreeMap<String, ReportPlan>,
    legal_holds: &mut BTreeMap<String, LegalHold>,
    now: f64,
) {
    let arn = |kind: &str, id: &str| format!("arn:aws:backup:{region}:{account}:{kind}:{id}");
    for (name, f) in frameworks.iter_mut() {
        f.name.clone_from(name);
        if f.arn.is_empty() {
            f.arn = arn("framework", &format!("{name}-{}", crate::util::uuid()));
        }
        if f.deployment_status.is_empty() {
            f.deployment_status = "COMPLETED".into();
        }
        if !f.controls.is_array() {
            f.controls = Value::Array(Vec::new());
        }
        if f.creation_time == 0.0 {
            f.creation_time = now;
        }
    }
    for (name, p) in report_plans.iter_mut() {
        p.name.clone_from(name);
        if p.arn.is_empty() {
            p.arn = arn("report-plan", &format!("{name}-{}", crate::util::uuid()));
        }
        if p.deployment_status.is_empty() {
            p.deployment_status = "COMPLETED".into();
        }
        if p.creation_time == 0.0 {
            p.creation_time = now;
        }
    }
    for (id, h) in legal_holds.iter_mut() {
        h.id.clone_from(id);
        if h.arn.is_empty() {
            h.arn = arn("legal-hold", id);
        }
        if h.status.is_empty() {
            h.status = "ACTIVE".into();
        }
        if h.creation_date == 0.0 {
            h.creation_date = now;
        }
    }
}
