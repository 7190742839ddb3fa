//! The admin routes of IAM enforcement, under `/__emulator/iam`: attach
//! policies to an access key id or to a role, detach them, show what is
//! attached, and list the authorization table. A policy the emulator
//! cannot evaluate faithfully (Condition, Principal) is refused with a
//! 400 naming the member, never attached with it ignored.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::iam_policy::{Identity, Policy, RolePolicies};
use crate::response::{json_response, Resp};
use crate::shared::Shared;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Attach {
    arn: String,
    policies: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Detach {
    arn: String,
}

const PREFIX: &str = "/__emulator/iam";

fn bad(msg: impl std::fmt::Display) -> Resp {
    json_response(400, &json!({ "error": msg.to_string() }))
}

fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("invalid request: {e}"))
}

/// Every document parsed; the error names `policies[N].<member>`.
fn policies(docs: &[Value]) -> Result<Vec<Policy>, String> {
    docs.iter()
        .enumerate()
        .map(|(n, d)| {
            Policy::parse(d).map_err(|e| {
                let sep = if e.starts_with("Statement") || e.starts_with("Version") {
                    "."
                } else {
                    ": "
                };
                format!("policies[{n}]{sep}{e}")
            })
        })
        .collect()
}

/// An IAM or STS principal ARN: `arn:PARTITION:iam|sts::ACCOUNT:...`.
fn principal_arn_ok(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && matches!(parts[2], "iam" | "sts")
        && parts[3].is_empty()
        && backup_facts::names::is_account_id(parts[4])
        && !parts[5].is_empty()
}

/// An IAM role ARN: `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`.
fn role_arn_ok(arn: &str) -> bool {
    principal_arn_ok(arn)
        && arn.split(':').nth(2) == Some("iam")
        && arn
            .splitn(6, ':')
            .nth(5)
            .and_then(|r| r.strip_prefix("role/"))
            .is_some_and(|n| !n.is_empty() && !n.ends_with('/'))
}

fn access_key_ok(k: &str) -> bool {
    (1..=128).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Answers `METHOD route` under `/__emulator/iam`, or None if no such route.
pub fn handle(shared: &Shared, method: &str, route: &str, body: &[u8]) -> Option<Resp> {
    let rest = route.strip_prefix(PREFIX)?;
    let r = match (method, rest) {
        ("GET", "") => {
            let core = shared.lock_core();
            Ok(json_response(
                200,
                &serde_json::to_value(&core.store.iam).unwrap_or_default(),
            ))
        }
        ("GET", "/table") => Ok(json_response(200, &super::listing::listing())),
        ("PUT", "/roles") => parse::<Attach>(body).and_then(|a| {
            if !role_arn_ok(&a.arn) {
                return Err(format!(
                    "invalid arn {:?}: must be arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME",
                    a.arn
                ));
            }
            let policies = policies(&a.policies)?;
            let n = policies.len();
            let mut core = shared.lock_core();
            core.store
                .iam
                .roles
                .insert(a.arn.clone(), RolePolicies { policies });
            shared.persist(&core.store);
            Ok(json_response(200, &json!({"arn": a.arn, "policies": n})))
        }),
        ("DELETE", "/roles") => parse::<Detach>(body).map(|d| {
            let mut core = shared.lock_core();
            let removed = core.store.iam.roles.remove(&d.arn).is_some();
            shared.persist(&core.store);
            json_response(200, &json!({"arn": d.arn, "removed": removed}))
        }),
        (_, path) => {
            let akid = path.strip_prefix("/identities/")?;
            let akid = percent_encoding::percent_decode_str(akid)
                .decode_utf8_lossy()
                .into_owned();
            if !access_key_ok(&akid) {
                return Some(bad(format!(
                    "invalid access key id {akid:?}: 1..128 letters and digits"
                )));
            }
            match method {
                "PUT" => parse::<Attach>(body).and_then(|a| {
                    if !principal_arn_ok(&a.arn) {
                        return Err(format!(
                            "invalid arn {:?}: must be an IAM or STS principal ARN (arn:aws:iam::ACCOUNT:user/NAME, ...)",
                            a.arn
                        ));
                    }
                    let policies = policies(&a.policies)?;
                    let n = policies.len();
                    let mut core = shared.lock_core();
                    let arn = a.arn;
                    core.store.iam.identities.insert(
                        akid.clone(),
                        Identity {
                            arn: arn.clone(),
                            policies,
                        },
                    );
                    shared.persist(&core.store);
                    Ok(json_response(
                        200,
                        &json!({"access_key_id": akid, "arn": arn, "policies": n}),
                    ))
                }),
                "DELETE" => {
                    let mut core = shared.lock_core();
                    let removed = core.store.iam.identities.remove(&akid).is_some();
                    shared.persist(&core.store);
                    Ok(json_response(
                        200,
                        &json!({"access_key_id": akid, "removed": removed}),
                    ))
                }
                _ => return None,
            }
        }
    };
    Some(r.unwrap_or_else(bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_policy_and_member() {
        let e = policies(&[
            json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}),
            json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}]}),
        ])
        .unwrap_err();
        assert!(e.starts_with("policies[1].Statement[0].Condition: "), "{e}");
        let e = policies(&[json!([])]).unwrap_err();
        assert_eq!(e, "policies[0]: a policy document must be a JSON object");
    }

    #[test]
    fn principal_arns() {
        assert!(principal_arn_ok("arn:aws:iam::123456789012:user/ci"));
        assert!(principal_arn_ok(
            "arn:aws:sts::123456789012:assumed-role/r/s"
        ));
        assert!(!principal_arn_ok("arn:aws:iam::12345:user/ci"));
        assert!(!principal_arn_ok("arn:aws:s3:::bucket"));
        assert!(!principal_arn_ok("ci"));
        assert!(role_arn_ok("arn:aws:iam::123456789012:role/org/backupctl"));
        assert!(!role_arn_ok("arn:aws:iam::123456789012:user/ci"));
        assert!(!role_arn_ok("arn:aws:sts::123456789012:role/x"));
        assert!(!role_arn_ok("arn:aws:iam::123456789012:role/"));
    }
}
