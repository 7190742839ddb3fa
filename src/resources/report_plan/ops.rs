//! The report plan's registry operations (`KIND.ops`): how the generic code
//! converts, reads, diffs, checks, executes and imports report plans.

use futures_util::future::BoxFuture;
use futures_util::FutureExt;

use super::{guard, import, write};
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
        section: 50,
    }),
};

/// Declared report plans and their own `ignore_tags`.
fn to_desired(c: &Config, d: &mut Desired) {
    for f in &c.report_plans {
        let name = f.name.value.clone();
        d.report_plans
            .insert(name.clone(), super::model::from_config(f));
        if let Some(own) = &f.ignore_tags {
            d.ignore_tags
                .add_own(Kind::ReportPlan, name, TagKeys::from_config(own));
        }
    }
}

/// Every report plan the config declares (read in full even when unmanaged,
/// so `--adopt` can take it over).
fn scope(d: &Desired, s: &mut ObserveScope) {
    if let Some(names) = s.names_mut(Kind::ReportPlan) {
        names.extend(d.report_plans.keys().cloned());
    }
}

fn observe<'a>(aws: &'a Aws, scope: &'a ObserveScope) -> BoxFuture<'a, Result<Observed, AwsError>> {
    async move {
        let (seen, first_arn) = aws.observe_report_plans(scope).await?;
        let fill = move |live: &mut Live| {
            for s in seen {
                record(live, Kind::ReportPlan, s, |live, f| {
                    live.report_plans.insert(f.plan.name.clone(), f);
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
    d.report_plans(desired, live);
}

fn managed(live: &Live, stack: &str) -> usize {
    tagged::count_managed(live.report_plans.values(), stack)
}

fn execute<'a>(ctx: &'a Ctx<'_>, c: &'a Change) -> BoxFuture<'a, Result<Option<String>, AwsError>> {
    write::execute(ctx.aws, c).boxed()
}

fn chosen(import: &Import<'_>, stack: &str) -> Vec<Chosen> {
    tagged::chosen(import.report_plans.iter().copied(), "report plan", stack)
}

/// Hide the ignored tags of the report plans read in full.
fn hide_tags(live: &mut Live, ignored: &IgnoredTags) {
    tagged::hide_tags(live.report_plans.values_mut(), Kind::ReportPlan, ignored);
}
