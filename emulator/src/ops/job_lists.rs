//! What the copy-job and restore-job lists share (the emulator runs no
//! copies or restores; the admin API seeds them): By* filter parsing,
//! newest-first offset pages, and the By-day/period summaries of
//! ListCopyJobSummaries and ListRestoreJobSummaries (the same grouping as
//! ListBackupJobSummaries).

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};

use super::audit::offset_page;
use super::Req;
use crate::error::AwsError;
use crate::util::{now, parse_timestamp};
use crate::validate;

pub fn query_time(req: &Req<'_>, name: &str) -> Result<Option<f64>, AwsError> {
    match req.query.get(name) {
        None => Ok(None),
        Some(s) => parse_timestamp(s)
            .map(Some)
            .ok_or_else(|| AwsError::invalid(format!("Invalid timestamp {s} for {name}"))),
    }
}

/// A query member that must be one of `allowed`.
pub fn query_enum(req: &Req<'_>, name: &str, allowed: &[&str]) -> Result<(), AwsError> {
    match req.query.get(name) {
        Some(v) if !allowed.contains(&v.as_str()) => {
            Err(AwsError::invalid(format!("Invalid value {v} for {name}")))
        }
        _ => Ok(()),
    }
}

/// Whether `job[member]` equals the query's `param` (or `param` is absent).
pub fn eq(q: &HashMap<String, String>, job: &Value, member: &str, param: &str) -> bool {
    q.get(param)
        .is_none_or(|want| job[member].as_str() == Some(want.as_str()))
}

/// Created/completed range filters (`createdBefore`, `createdAfter`,
/// `completeBefore`, `completeAfter`).
pub struct Times {
    cb: Option<f64>,
    ca: Option<f64>,
    pb: Option<f64>,
    pa: Option<f64>,
}

impl Times {
    pub fn parse(req: &Req<'_>) -> Result<Times, AwsError> {
        Ok(Times {
            cb: query_time(req, "createdBefore")?,
            ca: query_time(req, "createdAfter")?,
            pb: query_time(req, "completeBefore")?,
            pa: query_time(req, "completeAfter")?,
        })
    }

    pub fn keep(&self, job: &Value) -> bool {
        let c = job["CreationDate"].as_f64().unwrap_or(0.0);
        let d = job["CompletionDate"].as_f64();
        self.cb.is_none_or(|t| c < t)
            && self.ca.is_none_or(|t| c > t)
            && self.pb.is_none_or(|t| d.is_some_and(|d| d < t))
            && self.pa.is_none_or(|t| d.is_some_and(|d| d > t))
    }
}

/// Newest first (ties by `id_member`), one page from an offset token.
pub fn newest_first_page(
    mut hits: Vec<&Value>,
    id_member: &str,
    kind: &str,
    req: &Req<'_>,
) -> Result<(Vec<Value>, Option<String>), AwsError> {
    let max = validate::max_results(&req.query, "maxResults")?;
    hits.sort_by(|a, b| {
        let ka = a["CreationDate"].as_f64().unwrap_or(0.0);
        let kb = b["CreationDate"].as_f64().unwrap_or(0.0);
        kb.total_cmp(&ka)
            .then_with(|| a[id_member].as_str().cmp(&b[id_member].as_str()))
    });
    let owned: Vec<Value> = hits.into_iter().cloned().collect();
    offset_page(&owned, kind, req.query.get("nextToken"), max)
}

/// Grouping value for a summary dimension: a specific value filters,
/// AGGREGATE_ALL sums across values, ANY (or nothing) groups by value.
fn dimension(filter: Option<&String>, value: &str) -> Option<String> {
    match filter.map(String::as_str) {
        None | Some("ANY") => Some(value.to_string()),
        Some("AGGREGATE_ALL") => Some("AGGREGATE_ALL".into()),
        Some(f) if f == value => Some(value.to_string()),
        Some(_) => None,
    }
}

/// How a summary list reads its jobs.
pub struct SummarySpec<'a> {
    /// The job member that holds the state (`State` or `Status`).
    pub state_member: &'a str,
    /// Valid `State` query values besides ANY and AGGREGATE_ALL.
    pub states: &'a [&'a str],
    /// Whether summaries group by MessageCategory too.
    pub categories: bool,
    /// Token kind and output list member.
    pub kind: &'a str,
    pub list_member: &'a str,
}

/// ListCopyJobSummaries / ListRestoreJobSummaries over `jobs`.
pub fn summaries(jobs: &[Value], req: &Req<'_>, spec: &SummarySpec<'_>) -> Result<Value, AwsError> {
    let q = &req.query;
    let max = validate::max_results(q, "MaxResults")?;
    validate::query_patterns(q, &["ResourceType"], &[])?;
    let period = q
        .get("AggregationPeriod")
        .map(String::as_str)
        .unwrap_or("ONE_DAY");
    let days = match period {
        "ONE_DAY" | "FOURTEEN_DAYS" => 14.0,
        "SEVEN_DAYS" => 7.0,
        p => return Err(AwsError::invalid(format!("Invalid AggregationPeriod {p}"))),
    };
    if let Some(s) = q.get("State") {
        if !spec.states.contains(&s.as_str()) && s != "ANY" && s != "AGGREGATE_ALL" {
            return Err(AwsError::invalid(format!("Invalid State {s}")));
        }
    }
    if let Some(a) = q.get("AccountId") {
        if a != "ANY" && a != "AGGREGATE_ALL" && !backup_facts::names::is_account_id(a) {
            return Err(AwsError::invalid(format!("Invalid AccountId {a}")));
        }
    }
    let t = now();
    let from = t - days * 86400.0;
    type Key = (i64, String, String, String, String);
    let mut groups: BTreeMap<Key, (f64, f64, i64)> = BTreeMap::new();
    for j in jobs {
        let created = j["CreationDate"].as_f64().unwrap_or(0.0);
        if created < from || created > t {
            continue;
        }
        let s = |k: &str| j[k].as_str().unwrap_or_default().to_string();
        let acct = match q.get("AccountId").map(String::as_str) {
            None | Some("ANY") | Some("AGGREGATE_ALL") => Some(s("AccountId")),
            Some(a) if a == s("AccountId") => Some(s("AccountId")),
            Some(_) => None,
        };
        let cat = if spec.categories {
            dimension(q.get("MessageCategory"), &s("MessageCategory"))
        } else {
            Some(String::new())
        };
        let (Some(acct), Some(state), Some(rtype), Some(cat)) = (
            acct,
            dimension(q.get("State"), &s(spec.state_member)),
            dimension(q.get("ResourceType"), &s("ResourceType")),
            cat,
        ) else {
            continue;
        };
        let (bucket, st, en) = if period == "ONE_DAY" {
            let day = (created / 86400.0).floor();
            (day as i64, day * 86400.0, day * 86400.0 + 86400.0)
        } else {
            (0, from, t)
        };
        groups
            .entry((-bucket, acct, state, rtype, cat))
            .or_insert((st, en, 0))
            .2 += 1;
    }
    let all: Vec<Value> = groups
        .into_iter()
        .map(|((_, acct, state, rtype, cat), (st, en, n))| {
            let mut m = json!({"Region": req.caller.region, "AccountId": acct, "State": state,
                "ResourceType": rtype, "Count": n, "StartTime": st, "EndTime": en});
            if !cat.is_empty() {
                m["MessageCategory"] = json!(cat);
            }
            m
        })
        .collect();
    let (page, next) = offset_page(&all, spec.kind, q.get("NextToken"), max)?;
    let mut out = json!({ "AggregationPeriod": period });
    out[spec.list_member] = json!(page);
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}
