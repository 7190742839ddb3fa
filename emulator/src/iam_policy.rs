//! IAM identity-based policy documents as the emulator understands them:
//! parsing (with what it cannot evaluate refused, never ignored), the
//! evaluation of one (action, resource) request against a set of policies
//! (an explicit Deny wins, else some Allow must match, else implicit
//! deny), and what is attached to access keys and roles ([`IamConfig`],
//! kept in the state). Apart from [`crate::iam`] so the state can hold the
//! policies without depending on the enforcement, which reads the state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An access key's identity: who it is, and its policies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub arn: String,
    pub policies: Vec<Policy>,
}

/// A role's policies, applied to every session STS mints for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolePolicies {
    pub policies: Vec<Policy>,
}

/// What is attached, by access key id and by role ARN.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IamConfig {
    pub identities: BTreeMap<String, Identity>,
    pub roles: BTreeMap<String, RolePolicies>,
}

impl IamConfig {
    pub fn is_empty(&self) -> bool {
        self.identities.is_empty() && self.roles.is_empty()
    }
}

/// Allow or Deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// One statement: `Action` or `NotAction`, `Resource` or `NotResource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    /// The action patterns and whether they came as `NotAction`.
    pub actions: Vec<String>,
    pub not_action: bool,
    /// The resource patterns and whether they came as `NotResource`.
    pub resources: Vec<String>,
    pub not_resource: bool,
}

/// A policy document: its statements, and the text it was given as (so
/// the admin API and state dumps show what was attached).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Value", into = "Value")]
pub struct Policy {
    pub statements: Vec<Statement>,
    document: Value,
}

/// What the policies say about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// No statement allows it.
    ImplicitDeny,
    /// A Deny statement matches.
    ExplicitDeny,
}

impl From<Policy> for Value {
    fn from(p: Policy) -> Value {
        p.document
    }
}

impl TryFrom<Value> for Policy {
    type Error = String;
    fn try_from(v: Value) -> Result<Self, String> {
        Policy::parse(&v)
    }
}

/// A string or a non-empty list of strings (`Action`, `Resource`, ...).
fn strings(v: &Value, at: &str) -> Result<Vec<String>, String> {
    let list = match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) if !a.is_empty() => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{at}: every entry must be a string"))
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(format!(
                "{at}: must be a string or a non-empty list of strings"
            ))
        }
    };
    Ok(list)
}

/// The pattern of a valid action: `*`, or `service:Name` with wildcards.
fn action_ok(a: &str) -> bool {
    a == "*"
        || a.split_once(':').is_some_and(|(svc, name)| {
            !svc.is_empty()
                && !name.is_empty()
                && svc.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'?')
        })
}

/// One of exactly two alternative members (`Action`/`NotAction`).
fn one_of(
    st: &Map<String, Value>,
    yes: &str,
    no: &str,
    at: &str,
) -> Result<(Vec<String>, bool), String> {
    match (st.get(yes), st.get(no)) {
        (Some(v), None) => Ok((strings(v, &format!("{at}.{yes}"))?, false)),
        (None, Some(v)) => Ok((strings(v, &format!("{at}.{no}"))?, true)),
        (Some(_), Some(_)) => Err(format!("{at}: has both {yes} and {no}")),
        (None, None) => Err(format!("{at}: needs {yes} or {no}")),
    }
}

fn statement(v: &Value, at: &str) -> Result<Statement, String> {
    let Value::Object(st) = v else {
        return Err(format!("{at}: a statement must be a JSON object"));
    };
    for k in st.keys() {
        match k.as_str() {
            "Sid" | "Effect" | "Action" | "NotAction" | "Resource" | "NotResource" => {}
            "Condition" | "Principal" | "NotPrincipal" => {
                return Err(format!(
                    "{at}.{k}: the emulator does not evaluate {k} in identity policies; refused rather than ignored"
                ))
            }
            other => return Err(format!("{at}: unknown member {other:?}")),
        }
    }
    let sid = match st.get("Sid") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(format!("{at}.Sid: must be a string")),
    };
    let effect = match st.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        _ => return Err(format!("{at}.Effect: must be \"Allow\" or \"Deny\"")),
    };
    let (actions, not_action) = one_of(st, "Action", "NotAction", at)?;
    if let Some(bad) = actions.iter().find(|a| !action_ok(a)) {
        return Err(format!(
            "{at}: invalid action {bad:?} (want \"*\" or \"service:Name\", wildcards * and ?)"
        ));
    }
    let (resources, not_resource) = one_of(st, "Resource", "NotResource", at)?;
    if let Some(bad) = resources
        .iter()
        .find(|r| *r != "*" && !r.starts_with("arn:"))
    {
        return Err(format!(
            "{at}: invalid resource {bad:?} (want \"*\" or an ARN pattern)"
        ));
    }
    Ok(Statement {
        sid,
        effect,
        actions,
        not_action,
        resources,
        not_resource,
    })
}

impl Policy {
    /// Parses a policy document; the error names the member at fault
    /// (`Statement[1].Condition: ...`).
    pub fn parse(doc: &Value) -> Result<Policy, String> {
        let Value::Object(m) = doc else {
            return Err("a policy document must be a JSON object".into());
        };
        for k in m.keys() {
            if !matches!(k.as_str(), "Version" | "Id" | "Statement") {
                return Err(format!("unknown policy member {k:?}"));
            }
        }
        match m.get("Version").map(|v| v.as_str()) {
            None | Some(Some("2012-10-17" | "2008-10-17")) => {}
            _ => return Err("Version: must be \"2012-10-17\" or \"2008-10-17\"".into()),
        }
        let statements = match m.get("Statement") {
            Some(v @ Value::Object(_)) => vec![statement(v, "Statement")?],
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .map(|(i, s)| statement(s, &format!("Statement[{i}]")))
                .collect::<Result<_, _>>()?,
            _ => return Err("Statement: must be an object or a list of objects".into()),
        };
        Ok(Policy {
            statements,
            document: doc.clone(),
        })
    }
}

/// Glob match with `*` (any run, also empty) and `?` (one character).
pub fn glob(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let eq = |a: char, b: char| {
        if ignore_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || (p[pi] != '*' && eq(p[pi], t[ti]))) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

impl Statement {
    /// Whether this statement applies to `action` on `resource`. Action
    /// names compare case-insensitively, ARNs case-sensitively; a `*`
    /// may span ARN segments (as a trailing `*` of a segment does in IAM).
    pub fn applies(&self, action: &str, resource: &str) -> bool {
        let action_hit = self.actions.iter().any(|a| glob(a, action, true));
        let resource_hit = self.resources.iter().any(|r| glob(r, resource, false));
        action_hit != self.not_action && resource_hit != self.not_resource
    }
}

/// The decision of `policies` for `action` on `resource`.
pub fn evaluate(policies: &[Policy], action: &str, resource: &str) -> Decision {
    let mut allowed = false;
    for st in policies.iter().flat_map(|p| &p.statements) {
        if st.applies(action, resource) {
            match st.effect {
                Effect::Deny => return Decision::ExplicitDeny,
                Effect::Allow => allowed = true,
            }
        }
    }
    if allowed {
        Decision::Allow
    } else {
        Decision::ImplicitDeny
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const VAULT: &str = "arn:aws:backup:us-east-1:123456789012:backup-vault:prod";

    fn pol(v: Value) -> Policy {
        Policy::parse(&v).unwrap()
    }

    fn allow(action: Value, resource: Value) -> Policy {
        pol(json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": action, "Resource": resource}]}))
    }

    #[test]
    fn globs() {
        assert!(glob("*", "", false));
        assert!(glob("backup:List*", "backup:ListTags", false));
        assert!(glob("backup:Get?ackupPlan", "backup:GetBackupPlan", false));
        assert!(!glob("backup:Get?", "backup:Get", false));
        assert!(glob("a*b*c", "aXbYbZc", false));
        assert!(!glob("a*b*c", "aXbYbZ", false));
        assert!(glob("BACKUP:listtags", "backup:ListTags", true));
        assert!(!glob("BACKUP:listtags", "backup:ListTags", false));
        assert!(glob("arn:aws:backup:*:*:backup-vault:*", VAULT, false));
        assert!(glob("arn:aws:backup:us-east-1:*", VAULT, false));
    }

    #[test]
    fn allow_implicit_and_explicit_deny() {
        let p = vec![allow(json!("backup:Describe*"), json!(VAULT))];
        assert_eq!(
            evaluate(&p, "backup:DescribeBackupVault", VAULT),
            Decision::Allow
        );
        assert_eq!(
            evaluate(&p, "backup:DeleteBackupVault", VAULT),
            Decision::ImplicitDeny
        );
        assert_eq!(
            evaluate(
                &p,
                "backup:DescribeBackupVault",
                &VAULT.replace("prod", "dev")
            ),
            Decision::ImplicitDeny
        );
        let mut with_deny = p.clone();
        with_deny.push(pol(json!({"Statement": {"Effect": "Deny",
            "Action": "backup:*", "Resource": "arn:aws:backup:*:*:backup-vault:pro?"}})));
        with_deny.insert(0, allow(json!("*"), json!("*")));
        assert_eq!(
            evaluate(&with_deny, "backup:DescribeBackupVault", VAULT),
            Decision::ExplicitDeny
        );
        assert_eq!(
            evaluate(&with_deny, "backup:ListBackupVaults", "*"),
            Decision::Allow
        );
    }

    #[test]
    fn not_action_and_not_resource() {
        let p = vec![pol(json!({"Statement": [
            {"Effect": "Allow", "NotAction": ["backup:Delete*", "backup:Update*"], "Resource": "*"},
            {"Effect": "Deny", "Action": "backup:*", "NotResource": ["arn:aws:backup:*:*:backup-vault:prod", "arn:*:backup-plan:*"]}]}))];
        // NotResource: only the listed resources escape the deny.
        assert_eq!(
            evaluate(&p, "backup:DescribeBackupVault", VAULT),
            Decision::Allow
        );
        assert_eq!(
            evaluate(
                &p,
                "backup:DescribeBackupVault",
                &VAULT.replace("prod", "dev")
            ),
            Decision::ExplicitDeny
        );
        assert_eq!(
            evaluate(&p, "backup:DeleteBackupVault", VAULT),
            Decision::ImplicitDeny
        );
        assert_eq!(
            evaluate(&p, "kms:Decrypt", "arn:aws:kms:us-east-1:1:key/k"),
            Decision::Allow
        );
    }

    #[test]
    fn refused_documents_name_the_member() {
        let e = |v: Value| Policy::parse(&v).unwrap_err();
        let cond = e(
            json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}]}),
        );
        assert!(cond.starts_with("Statement[1].Condition: "), "{cond}");
        let principal = e(
            json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}),
        );
        assert!(
            principal.starts_with("Statement.Principal: "),
            "{principal}"
        );
        assert!(e(json!({"Statement": {"Effect": "Allow", "Action": "*"}}))
            .contains("Resource or NotResource"));
        assert!(
            e(json!({"Statement": {"Effect": "allow", "Action": "*", "Resource": "*"}}))
                .contains("Effect")
        );
        assert!(e(
            json!({"Statement": {"Effect": "Allow", "Action": "ListTags", "Resource": "*"}})
        )
        .contains("invalid action"));
        assert!(e(json!({"Statement": {"Effect": "Allow", "Action": "*", "NotAction": "*", "Resource": "*"}})).contains("both"));
        assert!(e(json!({"Version": "2020-01-01", "Statement": []})).contains("Version"));
        assert!(
            e(json!({"Statement": {"Effect": "Allow", "Action": [], "Resource": "*"}}))
                .contains("non-empty")
        );
    }

    #[test]
    fn documents_round_trip_as_given() {
        let doc = json!({"Version": "2012-10-17", "Statement": {"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"}});
        let p: Policy = serde_json::from_value(doc.clone()).unwrap();
        assert_eq!(p.statements[0].sid.as_deref(), Some("A"));
        assert_eq!(serde_json::to_value(&p).unwrap(), doc);
        assert!(serde_json::from_value::<Policy>(json!({"Statement": 1})).is_err());
    }
}
