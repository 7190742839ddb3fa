//! The restore testing selection's registry operations (`KIND.ops`). A
//! selection is converted, read, diffed and imported with its plan; it has
//! its own ownership rule, safety count and calls.

use futures_util::future::BoxFuture;
use futures_util::FutureExt;

use super::write;
use crate::aws::AwsError;
use crate::changeset::{Action, Address, Change};
use crate::model::{is_managed, Live};
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

/// The selections of the stack's restore testing plans.
fn managed(live: &Live, stack: &str) -> usize {
    live.restore_testing_plans
        .values()
        .filter(|p| is_managed(&p.plan.tags, stack))
        .map(|p| p.plan.selections.len())
        .sum()
}

/// A selection of a plan this run creates may be created; anything else
/// needs its plan live, named by its ARN, and owned (or adopted), and, but
/// for a create, the selection to be one of that plan's.
fn owns(o: &Ownership<'_>, c: &Change) -> Result<(), String> {
    let Address::RestoreTestingSelection { plan, name } = &c.address else {
        return Err("not a restore testing selection".into());
    };
    let plan_address = Address::RestoreTestingPlan { name: plan.clone() };
    if c.action == Action::Create && o.creates(&plan_address) {
        return Ok(());
    }
    let p = o
        .live()
        .restore_testing_plans
        .get(plan)
        .ok_or("its restore testing plan was not read from the account")?;
    if c.live.as_ref().and_then(|l| l.arn.as_deref()) != Some(p.arn.as_str()) {
        return Err("its plan ARN is not the live plan's".into());
    }
    if !o.owned(&p.plan.tags, o.adopts(&plan_address)) {
        return Err("the restore testing plan is not managed by this stack".into());
    }
    if c.action != Action::Create && !p.plan.selections.contains_key(name) {
        return Err("it is not a selection of that plan".into());
    }
    Ok(())
}

fn execute<'a>(ctx: &'a Ctx<'_>, c: &'a Change) -> BoxFuture<'a, Result<Option<String>, AwsError>> {
    write::execute(ctx, c).boxed()
}
