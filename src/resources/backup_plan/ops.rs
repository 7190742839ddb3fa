//! The backup plan's registry operations (`KIND.ops`): how the generic code
//! converts, reads, diffs, checks, executes and imports plans (their
//! selections are read, diffed and imported with them).

use futures_util::future::BoxFuture;
use futures_util::FutureExt;

use super::{desired, guard, import, safety, write};
use crate::aws::{Aws, AwsError};
use crate::changeset::Change;
use crate::model::{is_managed, Desired, IgnoredTags, Live, TagKeys};
use crate::resources::differ::Differ;
use crate::resources::exec::Ctx;
use crate::resources::observe::record;
use crate::resources::ops::{ImportOps, KindOps, Observed};
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
    safety: Some(safety::check),
    owns: guard::check,
    execute,
    import: Some(ImportOps {
        select: import::select,
        chosen,
        write: import::write,
        section: 20,
    }),
};

/// Declared plans (with their selections and their own `ignore_tags`)
/// and the ignored names.
fn to_desired(c: &Config, d: &mut Desired) {
    for p in &c.plans {
        d.plans.insert(p.name.value.clone(), desired::plan(p));
        if let Some(own) = &p.ignore_tags {
            let own = TagKeys::from_config(own);
            d.ignore_tags
                .add_own(Kind::BackupPlan, p.name.value.clone(), own);
        }
    }
    if let Some(ig) = &c.ignore {
        d.ignore_plans = ig.plans.iter().map(|s| s.value.clone()).collect();
    }
}

/// Every plan the config names.
fn scope(d: &Desired, s: &mut ObserveScope) {
    if let Some(names) = s.names_mut(Kind::BackupPlan) {
        names.extend(d.plans.keys().cloned());
    }
}

fn observe<'a>(aws: &'a Aws, scope: &'a ObserveScope) -> BoxFuture<'a, Result<Observed, AwsError>> {
    async move {
        let plans = aws.observe_plans(scope).await?;
        let first_arn = plans.first_arn;
        let (seen, duplicate_names, duplicate_plans) =
            (plans.seen, plans.duplicate_names, plans.duplicate_plans);
        let fill = move |live: &mut Live| {
            for s in seen {
                record(live, Kind::BackupPlan, s, |live, p| {
                    live.plans.insert(p.plan.name.clone(), p);
                });
            }
            live.duplicate_plan_names = duplicate_names;
            live.duplicate_plans = duplicate_plans;
        };
        Ok(Observed {
            fill: Box::new(fill),
            first_arn,
        })
    }
    .boxed()
}

fn diff(d: &mut Differ<'_>, desired: &Desired, live: &Live) {
    // Rules may name a declared air-gapped vault: compared as its ARN.
    let desired = crate::resources::air_gapped_vault::refs::resolve(desired, live);
    d.plans(&desired, live);
}

fn managed(live: &Live, stack: &str) -> usize {
    live.managed_plans(stack).count()
}

fn execute<'a>(ctx: &'a Ctx<'_>, c: &'a Change) -> BoxFuture<'a, Result<Option<String>, AwsError>> {
    write::execute(ctx, c).boxed()
}

fn chosen(import: &Import<'_>, stack: &str) -> Vec<Chosen> {
    import
        .plans
        .iter()
        .map(|p| Chosen {
            kind: "plan",
            name: p.plan.name.clone(),
            arn: p.arn.clone(),
            adopt: !is_managed(&p.plan.tags, stack),
        })
        .collect()
}

/// Hide the ignored tags of the plans read in full, the stack's duplicate
/// plan copies included.
fn hide_tags(live: &mut Live, ignored: &IgnoredTags) {
    for p in live.plans.values_mut().chain(&mut live.duplicate_plans) {
        ignored.hide(Kind::BackupPlan, &p.plan.name, &mut p.plan.tags);
    }
}
