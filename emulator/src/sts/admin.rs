//! The admin routes that shape STS's answers, under `/__emulator/sts/`:
//! deny a role, require an ExternalId for it, allow it again, list the STS
//! operations. The rules live in the state (`Store::role_trust`), so
//! `GET`/`PUT /__emulator/state` carry them and a reset clears them.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::response::{json_response, Resp};
use crate::shared::Shared;
use crate::state::RoleTrust;

use super::validate::{external_id_ok, role_arn, EXTERNAL_ID_PATTERN};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleBody {
    role_arn: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExternalIdBody {
    role_arn: String,
    external_id: String,
}

fn bad(msg: impl std::fmt::Display) -> Resp {
    json_response(400, &json!({ "error": msg.to_string() }))
}

/// A request body, or the message of a 400 answer.
fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("invalid request: {e}"))
}

fn checked_role(arn: &str) -> Result<(), String> {
    match role_arn(arn) {
        Some(_) => Ok(()),
        None => Err(format!(
            "invalid role_arn {arn:?}: must be arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME"
        )),
    }
}

/// Changes one role's rule and answers it (`{"role_arn", "denied",
/// "external_id"}`).
fn update(shared: &Shared, arn: String, change: impl FnOnce(&mut RoleTrust)) -> Resp {
    let mut core = shared.lock_core();
    let rule = core.store.role_trust.entry(arn.clone()).or_default();
    change(rule);
    let answer = json!({
        "role_arn": arn,
        "denied": rule.denied,
        "external_id": rule.external_id,
    });
    if *rule == RoleTrust::default() {
        core.store.role_trust.remove(&arn);
    }
    shared.persist(&core.store);
    json_response(200, &answer)
}

/// Answers `METHOD route` under `/__emulator/sts/`, or None if no such route.
pub fn handle(shared: &Shared, method: &str, route: &str, body: &[u8]) -> Option<Resp> {
    let r = match (method, route) {
        ("POST", "/__emulator/sts/deny-role") => parse::<RoleBody>(body).and_then(|b| {
            checked_role(&b.role_arn)?;
            Ok(update(shared, b.role_arn, |r| r.denied = true))
        }),
        ("POST", "/__emulator/sts/require-external-id") => {
            parse::<ExternalIdBody>(body).and_then(|b| {
                checked_role(&b.role_arn)?;
                if !external_id_ok(&b.external_id) {
                    return Err(format!(
                        "invalid external_id {:?}: must be 2..1224 characters of {EXTERNAL_ID_PATTERN}",
                        b.external_id
                    ));
                }
                Ok(update(shared, b.role_arn, |r| {
                    r.external_id = Some(b.external_id);
                }))
            })
        }
        ("POST", "/__emulator/sts/allow-role") => parse::<RoleBody>(body).and_then(|b| {
            checked_role(&b.role_arn)?;
            Ok(update(shared, b.role_arn, |r| *r = RoleTrust::default()))
        }),
        ("GET", "/__emulator/sts/roles") => {
            let core = shared.lock_core();
            let roles: Value = serde_json::to_value(&core.store.role_trust).unwrap_or_default();
            Ok(json_response(200, &roles))
        }
        ("GET", "/__emulator/sts/operations") => Ok(json_response(
            200,
            &json!(super::names().collect::<Vec<_>>()),
        )),
        _ => return None,
    };
    Some(r.unwrap_or_else(bad))
}
