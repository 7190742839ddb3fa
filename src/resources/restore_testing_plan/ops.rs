//! The restore testing plan's registry operations (`KIND.ops`): how the
//! generic code converts, reads, diffs, checks, executes and imports
//! restore testing plans (their selections go with them).

use futures_util::future::BoxFuture;
use futures_util::FutureExt;

use super::{desired, guard, import, write};
use crate::aws::{Aws, AwsError};
use crate::changeset::Change;
use crate::model::{Desired, IgnoredTags, Live, TagKeys};
use crate::resources::differ::Differ;
use crate::resources::exec::Ctx;
use crate::resources::observe::record;
use crate::resources::ops::{ImportOps, KindOps, Observed};
use crate::resources::tagged;
use crate::resources::Config;
use crate::resources::Kind;
use crate::resources::ObserveScope;
use crate::resources::{Chosen, Import};

pub(super) const OPS: KindOps = KindOps {
    validate: Some(super::validate::check),
    desired: to_desired,
    hide_tags: Some(hide_tags),
    scope,
    observe: Some(observe),
    diff: Some(diff),
    managed,
    safety: None,
    owns: guard::check,
    execute,
    import: Some(ImportOps {
        select: import::select,
        chosen,
        write: import::write,
        section: 30,
    }),
};

fn to_desired(c: &Config, d: &mut Desired) {
    for p in &c.restore_testing_plans {
        d.restore_testing_plans
            .insert(p.name.value.clone(), desired::plan(p));
        if let Some(own) = &p.ignore_tags {
            d.ignore_tags.add_own(
                Kind::RestoreTestingPlan,
                p.name.value.clone(),
                TagKeys::from_config(own),
            );
        }
    }
}

/// Every restore testing plan the config names.
fn scope(d: &Desired, s: &mut ObserveScope) {
    if let Some(names) = s.names_mut(Kind::RestoreTestingPlan) {
        names.extend(d.restore_testing_plans.keys().cloned());
    }
}

fn observe<'a>(aws: &'a Aws, scope: &'a ObserveScope) -> BoxFuture<'a, Result<Observed, AwsError>> {
    async move {
        let (seen, first_arn) = aws.observe_restore_testing_plans(scope).await?;
        let fill = move |live: &mut Live| {
            for s in seen {
                record(live, Kind::RestoreTestingPlan, s, |live, p| {
                    live.restore_testing_plans.insert(p.plan.name.clone(), p);
                });
            }
        };
        Ok(Observed {
            fill: Box::new(fill),
            first_arn,
        })
    }
    .boxed()
}

fn diff(d: &mut Differ<'_>, desired: &Desired, live: &Live) {
    d.restore_testing_plans(desired, live);
}

fn managed(live: &Live, stack: &str) -> usize {
    tagged::count_managed(live.restore_testing_plans.values(), stack)
}

fn execute<'a>(ctx: &'a Ctx<'_>, c: &'a Change) -> BoxFuture<'a, Result<Option<String>, AwsError>> {
    write::execute(ctx.aws, c).boxed()
}

fn chosen(import: &Import<'_>, stack: &str) -> Vec<Chosen> {
    tagged::chosen(
        import.restore_testing_plans.iter().copied(),
        "restore_testing_plan",
        stack,
    )
}

/// Hide the ignored tags of the restore testing plans read in full.
fn hide_tags(live: &mut Live, ignored: &IgnoredTags) {
    tagged::hide_tags(
        live.restore_testing_plans.values_mut(),
        Kind::RestoreTestingPlan,
        ignored,
    );
}
