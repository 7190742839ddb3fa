//! The selection's registry operations (`KIND.ops`). A selection is
//! converted, read, diffed and imported with its plan; it has its own
//! ownership rule, safety count and calls.

use futures_util::future::BoxFuture;
use futures_util::FutureExt;

use super::aws;
use crate::aws::AwsError;
use crate::changeset::{Action, Address, Change};
use crate::model::Live;
use crate::resources::exec::Ctx;
use crate::resources::guard::Ownership;
use crate::resources::ops::{no_desired, no_scope, KindOps};

pub(super) const OPS: KindOps = KindOps {
    validate: None,
    desired: no_desired,
    hide_tags: None,
    scope: no_scope,
    observe: None,
    diff: None,
    managed,
    safety: None,
    owns,
    execute,
    import: None,
};

/// The selections of the stack's plans, duplicate copies included.
fn managed(live: &Live, stack: &str) -> usize {
    live.managed_plans(stack)
        .map(|p| p.plan.selections.len() + p.duplicate_selections.len())
        .sum()
}

/// A selection of a plan this run creates may be created; anything else
/// needs its plan owned and (but for a create) a selection id of that plan.
fn owns(o: &Ownership<'_>, c: &Change) -> Result<(), String> {
    let Address::Selection { plan, .. } = &c.address else {
        return Err("not a selection".into());
    };
    let plan_address = Address::BackupPlan { name: plan.clone() };
    if c.action == Action::Create && o.creates(&plan_address) {
        return Ok(());
    }
    o.owned_plan(c, plan)?;
    if c.action == Action::Create {
        return Ok(());
    }
    let ids = c.live.as_ref();
    let p = ids
        .and_then(|l| l.plan_id.as_deref())
        .and_then(|id| o.live().plan_with_id(id))
        .expect("an owned plan is live");
    let sid = ids.and_then(|l| l.selection_id.as_deref());
    let known = p.selection_ids.values().any(|s| Some(s.as_str()) == sid)
        || p.duplicate_selections
            .iter()
            .any(|d| Some(d.id.as_str()) == sid);
    if known {
        Ok(())
    } else {
        Err("its selection id is not a selection of that plan".into())
    }
}

fn execute<'a>(ctx: &'a Ctx<'_>, c: &'a Change) -> BoxFuture<'a, Result<Option<String>, AwsError>> {
    aws::execute(ctx, c).boxed()
}
