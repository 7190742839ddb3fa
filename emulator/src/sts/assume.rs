//! The STS operations themselves: AssumeRole, AssumeRoleWithWebIdentity and
//! GetCallerIdentity. Each returns the inside of its `<...Result>` element,
//! members in the model's order; the trust rules set through the admin API
//! (`Store::role_trust`) decide AccessDenied.

use crate::error::AwsError;
use crate::state::Store;

use super::validate::{invalid_arn, role_arn, Checks, RoleArn};
use super::{escape, StsReq};
use crate::sessions::{role_id, Credentials, Session, Sessions};

/// Role chaining (a session assuming a role) is capped at one hour.
const CHAINED_MAX_SECONDS: i64 = 3600;

/// `2024-01-01T12:00:00Z`, the Query protocol's timestamp form.
fn iso8601(epoch: i64) -> String {
    chrono::DateTime::from_timestamp(epoch, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn credentials_xml(c: &Credentials, duration: i64) -> String {
    let expires = crate::util::now() as i64 + duration;
    format!(
        "<Credentials><AccessKeyId>{}</AccessKeyId><SecretAccessKey>{}</SecretAccessKey><SessionToken>{}</SessionToken><Expiration>{}</Expiration></Credentials>",
        c.access_key_id,
        escape(&c.secret_access_key),
        escape(&c.session_token),
        iso8601(expires)
    )
}

fn assumed_role_user_xml(s: &Session) -> String {
    format!(
        "<AssumedRoleUser><AssumedRoleId>{}</AssumedRoleId><Arn>{}</Arn></AssumedRoleUser>",
        s.user_id(),
        s.arn()
    )
}

fn session_of(role: &RoleArn, session_name: &str) -> Session {
    Session {
        partition: role.partition.clone(),
        account: role.account.clone(),
        role_arn: role.arn.clone(),
        role_name: role.name.clone(),
        role_id: role_id(&role.arn),
        session_name: session_name.to_string(),
    }
}

/// PackedPolicySize, present when session policies or tags were passed: a
/// made-up percentage that grows with their size (AWS's packing is not
/// public), at most 100.
fn packed_policy_size(r: &StsReq<'_>) -> Option<i64> {
    let policy = r.form.get("Policy").map_or(0, String::len);
    let arns = r.count("PolicyArns.member.");
    let tags = r.count("Tags.member.");
    (policy > 0 || arns > 0 || tags > 0).then(|| {
        let size = policy + 128 * arns + 64 * tags;
        ((size * 100).div_ceil(2048)).clamp(1, 100) as i64
    })
}

fn optional_xml(name: &str, value: Option<impl std::fmt::Display>) -> String {
    value.map_or_else(String::new, |v| {
        format!("<{name}>{}</{name}>", escape(&v.to_string()))
    })
}

/// AssumeRole: a signed caller becomes the role, in the role's account.
pub fn assume_role(
    store: &mut Store,
    sessions: &mut Sessions,
    r: &StsReq<'_>,
) -> Result<String, AwsError> {
    let mut c = Checks::new(r.form);
    let (role, session_name, duration) = c.role_and_session();
    let external_id = c.external_id();
    let source_identity = c.source_identity();
    c.finish()?;
    let role = role_arn(role.unwrap_or_default()).ok_or_else(invalid_arn)?;
    let session_name = session_name.unwrap_or_default();
    let caller = sessions.identity(r.access_key_id);
    if let Some(trust) = store.role_trust.get(&role.arn) {
        let wrong_external_id = trust
            .external_id
            .as_deref()
            .is_some_and(|want| external_id != Some(want));
        if trust.denied || wrong_external_id {
            return Err(AwsError::new(
                403,
                "AccessDenied",
                format!(
                    "User: {} is not authorized to perform: sts:AssumeRole on resource: {}",
                    caller.arn, role.arn
                ),
            ));
        }
    }
    let chained = r
        .access_key_id
        .and_then(crate::auth::session_key_account)
        .is_some();
    if chained && duration > CHAINED_MAX_SECONDS {
        return Err(AwsError::new(
            400,
            "ValidationError",
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
        ));
    }
    let session = session_of(&role, session_name);
    let user = assumed_role_user_xml(&session);
    let creds = sessions.mint(session);
    Ok(format!(
        "{}{user}{}{}",
        credentials_xml(&creds, duration),
        optional_xml("PackedPolicySize", packed_policy_size(r)),
        optional_xml("SourceIdentity", source_identity),
    ))
}

/// AssumeRoleWithWebIdentity: an unsigned request whose OIDC token (or
/// OAuth 2.0 access token with a ProviderId) becomes the role.
pub fn assume_role_with_web_identity(
    store: &mut Store,
    sessions: &mut Sessions,
    r: &StsReq<'_>,
) -> Result<String, AwsError> {
    let mut c = Checks::new(r.form);
    let (role, session_name, duration) = c.role_and_session();
    let token = c.string(
        "WebIdentityToken",
        "webIdentityToken",
        true,
        (4, 20000),
        None,
        true,
    );
    let provider_id = c.string("ProviderId", "providerId", false, (4, 2048), None, false);
    c.finish()?;
    let role = role_arn(role.unwrap_or_default()).ok_or_else(invalid_arn)?;
    let session_name = session_name.unwrap_or_default();
    let claims = match (super::token::claims(token.unwrap_or_default()), provider_id) {
        (Some(claims), _) => claims,
        (None, Some(_)) => super::token::Claims::default(),
        (None, None) => {
            return Err(AwsError::new(
                400,
                "InvalidIdentityToken",
                "The web identity token is not a valid JWT (header.payload.signature)",
            ))
        }
    };
    let now = crate::util::now() as i64;
    if let Some(exp) = claims.expires.map(|e| e as i64).filter(|e| *e <= now) {
        return Err(AwsError::new(
            400,
            "ExpiredTokenException",
            format!("Token expired: current date/time {now} must be before the expiration date/time {exp}"),
        ));
    }
    // A role that requires an ExternalId cannot be met by a web identity:
    // AssumeRoleWithWebIdentity has no ExternalId to give.
    if store
        .role_trust
        .get(&role.arn)
        .is_some_and(|t| t.denied || t.external_id.is_some())
    {
        return Err(AwsError::new(
            403,
            "AccessDenied",
            "Not authorized to perform sts:AssumeRoleWithWebIdentity",
        ));
    }
    let session = session_of(&role, session_name);
    let user = assumed_role_user_xml(&session);
    let creds = sessions.mint(session);
    let provider = provider_id.map(str::to_string).or(claims.issuer);
    Ok(format!(
        "{}{}{user}{}{}{}",
        credentials_xml(&creds, duration),
        optional_xml("SubjectFromWebIdentityToken", claims.subject),
        optional_xml("PackedPolicySize", packed_policy_size(r)),
        optional_xml("Provider", provider),
        optional_xml("Audience", claims.audience),
    ))
}

/// GetCallerIdentity: the assumed role of a session key, else the
/// emulator's IAM user in the key's account; a key with IAM policies
/// attached (`/__emulator/iam/identities/...`) answers the ARN given there.
pub fn get_caller_identity(
    store: &mut Store,
    sessions: &mut Sessions,
    r: &StsReq<'_>,
) -> Result<String, AwsError> {
    let mut id = sessions.identity(r.access_key_id);
    if let Some(attached) = r.access_key_id.and_then(|k| store.iam.identities.get(k)) {
        id.arn.clone_from(&attached.arn);
    }
    Ok(format!(
        "<UserId>{}</UserId><Account>{}</Account><Arn>{}</Arn>",
        id.user_id, id.account, id.arn
    ))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::state::RoleTrust;

    const ROLE: &str = "arn:aws:iam::222222222222:role/ops/backupctl";

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn call(
        store: &mut Store,
        sessions: &mut Sessions,
        akid: Option<&str>,
        pairs: &[(&str, &str)],
    ) -> Result<String, AwsError> {
        let f = form(pairs);
        let r = StsReq {
            form: &f,
            access_key_id: akid,
        };
        assume_role(store, sessions, &r)
    }

    fn key_of(xml: &str) -> String {
        let start = xml.find("<AccessKeyId>").unwrap() + "<AccessKeyId>".len();
        xml[start..start + 20].to_string()
    }

    #[test]
    fn assume_role_answers_the_model_members_in_order() {
        let (mut store, mut sessions) = (Store::default(), Sessions::default());
        let out = call(
            &mut store,
            &mut sessions,
            Some("AKIDEXAMPLE"),
            &[
                ("RoleArn", ROLE),
                ("RoleSessionName", "s1"),
                ("Policy", "{}"),
            ],
        )
        .unwrap();
        let order: Vec<usize> = [
            "<Credentials><AccessKeyId>ASIA222222222222",
            "<SecretAccessKey>",
            "<SessionToken>",
            "<Expiration>",
            "<AssumedRoleUser><AssumedRoleId>AROA",
            ":s1</AssumedRoleId><Arn>arn:aws:sts::222222222222:assumed-role/backupctl/s1</Arn>",
            "<PackedPolicySize>1</PackedPolicySize>",
        ]
        .iter()
        .map(|m| out.find(m).unwrap_or_else(|| panic!("{m} in {out}")))
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{out}");
        assert!(!out.contains("SourceIdentity"));
    }

    #[test]
    fn trust_rules_deny_with_the_callers_arn() {
        let (mut store, mut sessions) = (Store::default(), Sessions::default());
        store.role_trust.insert(
            ROLE.into(),
            RoleTrust {
                denied: false,
                external_id: Some("ext-42".into()),
            },
        );
        let args = [("RoleArn", ROLE), ("RoleSessionName", "s1")];
        let e = call(&mut store, &mut sessions, Some("111122223333"), &args).unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (403, "AccessDenied"));
        assert_eq!(
            e.message,
            format!("User: arn:aws:iam::111122223333:user/emulator is not authorized to perform: sts:AssumeRole on resource: {ROLE}")
        );
        let wrong = [("ExternalId", "ext-41"), args[0], args[1]];
        assert!(call(&mut store, &mut sessions, None, &wrong).is_err());
        let right = [("ExternalId", "ext-42"), args[0], args[1]];
        let out = call(&mut store, &mut sessions, None, &right).unwrap();
        // From the session, a denied role names the assumed-role caller.
        store.role_trust.get_mut(ROLE).unwrap().denied = true;
        let e = call(&mut store, &mut sessions, Some(&key_of(&out)), &right).unwrap_err();
        assert!(
            e.message.starts_with(
                "User: arn:aws:sts::222222222222:assumed-role/backupctl/s1 is not authorized"
            ),
            "{}",
            e.message
        );
    }

    #[test]
    fn chained_sessions_are_capped_at_an_hour() {
        let (mut store, mut sessions) = (Store::default(), Sessions::default());
        let args = [("RoleArn", ROLE), ("RoleSessionName", "s1")];
        let first = call(&mut store, &mut sessions, None, &args).unwrap();
        let long = [args[0], args[1], ("DurationSeconds", "7200")];
        assert!(call(&mut store, &mut sessions, None, &long).is_ok());
        let e = call(&mut store, &mut sessions, Some(&key_of(&first)), &long).unwrap_err();
        assert_eq!(e.code, "ValidationError");
        assert!(e.message.contains("role chaining"), "{}", e.message);
    }

    #[test]
    fn malformed_role_arn_is_request_arn_invalid() {
        let (mut store, mut sessions) = (Store::default(), Sessions::default());
        let e = call(
            &mut store,
            &mut sessions,
            None,
            &[
                ("RoleArn", "arn:aws:iam::222222222222:user/someone"),
                ("RoleSessionName", "s1"),
            ],
        )
        .unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("ValidationError", "Request ARN is invalid")
        );
    }
}
