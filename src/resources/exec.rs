//! What the kinds' executors share (`KindOps::execute`): the run's context
//! (plan ids known or created so far) and the helpers that read a change's
//! live ids, its CreatorRequestId and its tag differences. The phases and
//! the results are `apply::exec`'s.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::aws::{Aws, AwsError};
use crate::changeset::{Change, FieldChange};
use crate::model::Tags;

/// What the kinds' executors share during one run.
pub(crate) struct Ctx<'a> {
    pub(crate) aws: &'a Aws,
    /// Plan name -> plan id: from the plan's live ids and from plans
    /// created during this run (their selections need the id).
    plan_ids: Mutex<HashMap<String, String>>,
    /// Why legal holds are cancelled (`apply --reason`).
    cancel_reason: Option<String>,
}

impl<'a> Ctx<'a> {
    /// A context knowing the plan ids in `ids` (plan name -> id).
    pub(crate) fn new(aws: &'a Aws, ids: HashMap<String, String>) -> Ctx<'a> {
        Ctx {
            aws,
            plan_ids: Mutex::new(ids),
            cancel_reason: None,
        }
    }

    /// The same context, with the reason legal holds are cancelled.
    pub(crate) fn with_cancel_reason(self, reason: Option<&str>) -> Ctx<'a> {
        Ctx {
            cancel_reason: reason.map(str::to_string),
            ..self
        }
    }

    /// Why legal holds are cancelled (`apply --reason`), if given.
    pub(crate) fn cancel_reason(&self) -> Option<&str> {
        self.cancel_reason
            .as_deref()
            .filter(|r| !r.trim().is_empty())
    }

    /// The id of plan `name` (live, or created earlier in this run).
    pub(crate) fn plan_id(&self, name: &str) -> Option<String> {
        self.plan_ids
            .lock()
            .expect("not poisoned")
            .get(name)
            .cloned()
    }

    /// Remember the id of a plan created by this run.
    pub(crate) fn created_plan(&self, name: &str, id: &str) {
        self.plan_ids
            .lock()
            .expect("not poisoned")
            .insert(name.to_string(), id.to_string());
    }
}

/// A change the plan file cannot carry out (hand-edited or corrupt).
pub(crate) fn malformed(c: &Change, what: &str) -> AwsError {
    AwsError::Other {
        operation: "apply",
        detail: format!("{} {}: the plan lacks {what}", c.action.verb(), c.address),
    }
}

/// The change's live ARN.
pub(crate) fn live_arn(c: &Change) -> Option<String> {
    c.live.as_ref().and_then(|l| l.arn.clone())
}

/// The change's live plan id.
pub(crate) fn live_plan_id(c: &Change) -> Option<String> {
    c.live.as_ref().and_then(|l| l.plan_id.clone())
}

/// The change's CreatorRequestId (creates and replaces carry one).
pub(crate) fn crid(c: &Change) -> Result<String, AwsError> {
    c.creator_request_id
        .clone()
        .ok_or_else(|| malformed(c, "a CreatorRequestId"))
}

pub(crate) fn is_tag(path: &str) -> bool {
    path.starts_with("tags.")
}

/// Tag/Untag with exactly the tag differences among `fields`.
pub(crate) async fn retag(aws: &Aws, arn: &str, fields: &[FieldChange]) -> Result<(), AwsError> {
    let mut set = Tags::new();
    let mut unset = Vec::new();
    for f in fields {
        let Some(key) = f.path.strip_prefix("tags.") else {
            continue;
        };
        match &f.after {
            Some(serde_json::Value::String(v)) => {
                set.insert(key.to_string(), v.clone());
            }
            Some(other) => {
                set.insert(key.to_string(), other.to_string());
            }
            None => unset.push(key.to_string()),
        }
    }
    aws.tag(arn, &set).await?;
    aws.untag(arn, &unset).await
}
