//! Tags on vaults, backup plans, restore testing plans, frameworks, report
//! plans, legal holds and tiering configurations, addressed by ARN
//! (TagResource, UntagResource, ListTags). Tags given at creation are the same tags.

use serde_json::{json, Value};

use super::Req;
use crate::error::{AwsError, OpResult};
use crate::state::{Store, Tags};
use crate::validate;

fn tags_mut<'a>(store: &'a mut Store, req: &Req<'_>) -> Result<&'a mut Tags, AwsError> {
    let arn = req.param(0);
    let parts: Vec<&str> = arn.splitn(7, ':').collect();
    if parts.len() < 7 || parts[0] != "arn" || !parts[1].starts_with("aws") {
        return Err(AwsError::invalid(format!("Invalid ARN {arn}")));
    }
    let missing = || AwsError::not_found(format!("Resource {arn} not found"));
    if parts[2] != "backup" || parts[3] != req.caller.region || parts[4] != req.caller.account {
        return Err(missing());
    }
    let region = store.region_mut(req.caller);
    match parts[5] {
        "backup-vault" => region
            .vaults
            .get_mut(parts[6])
            .map(|v| &mut v.tags)
            .ok_or_else(missing),
        "backup-plan" => region
            .plans
            .get_mut(parts[6])
            .filter(|p| p.deletion_date.is_none())
            .map(|p| &mut p.tags)
            .ok_or_else(missing),
        // Restore testing plans are addressed by ARN (`NAME-UUID`); their
        // selections have no ARN and carry no tags.
        "restore-testing-plan" => region
            .restore_testing_plans
            .values_mut()
            .find(|p| p.arn == arn)
            .map(|p| &mut p.tags)
            .ok_or_else(missing),
        "tiering-configuration" => region
            .tiering_configurations
            .values_mut()
            .find(|t| format!("{}-{}", t.name, t.id) == parts[6])
            .map(|t| &mut t.tags)
            .ok_or_else(missing),
        kind => super::audit::tags_by_arn(region, kind, arn).ok_or_else(missing),
    }
}

pub fn tag(store: &mut Store, req: &Req<'_>) -> OpResult {
    let new = validate::tags(&req.body, "Tags")
        .map_err(|e| {
            if e.message.contains("at most 50") {
                AwsError::limit(e.message)
            } else {
                e
            }
        })?
        .ok_or_else(|| AwsError::missing("Tags is required"))?;
    let tags = tags_mut(store, req)?;
    let added = new.keys().filter(|k| !tags.contains_key(*k)).count();
    if tags.len() + added > 50 {
        return Err(AwsError::limit("A resource can have at most 50 tags"));
    }
    tags.extend(new);
    Ok(json!({}))
}

pub fn untag(store: &mut Store, req: &Req<'_>) -> OpResult {
    let keys = validate::opt_str_list(&req.body, "TagKeyList")?
        .ok_or_else(|| AwsError::missing("TagKeyList is required"))?;
    let tags = tags_mut(store, req)?;
    for k in keys {
        tags.remove(&k);
    }
    Ok(json!({}))
}

pub fn list(store: &mut Store, req: &Req<'_>) -> OpResult {
    let max = validate::max_results(&req.query, "maxResults")?;
    let token = req.query.get("nextToken").cloned();
    let tags = tags_mut(store, req)?;
    let (items, next) = super::page(tags, "tags", token.as_ref(), max, |_| true)?;
    // `page` yields values; pair them back with their keys.
    let start = match &token {
        Some(t) => Some(crate::util::read_token("tags", t)?),
        None => None,
    };
    let mut out_tags = serde_json::Map::new();
    let keys = tags
        .keys()
        .filter(|k| start.as_ref().is_none_or(|s| *k > s))
        .take(items.len());
    for (k, v) in keys.zip(items) {
        out_tags.insert(k.clone(), Value::String(v.clone()));
    }
    let mut out = json!({ "Tags": out_tags });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}
