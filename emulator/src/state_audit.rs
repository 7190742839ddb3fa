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
