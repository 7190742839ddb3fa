//! The legal hold's registry operations (`KIND.ops`): how the generic code
//! converts, reads, diffs, checks, executes and imports legal holds.

use futures_util::future::BoxFuture;
use futures_util::FutureExt;

use super::{desired, guard, import, safety, write};
use crate::aws::{Aws, AwsError};
use crate::changeset::Change;
use crate::model::{is_managed, Desired, Live};
use crate::resources::differ::Differ;
use crate::resources::exec::Ctx;
use crate::resources::ops::{no_scope, ImportOps, KindOps, Observed};
use crate::resources::{Chosen, Config, Import, ObserveScope};

pub(super) const OPS: KindOps = KindOps {
    validate: Some(super::validate::check),
    desired: to_desired,
    hide_tags: None,
    scope: no_scope,
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
        section: 30,
    }),
};

fn to_desired(c: &Config, d: &mut Desired) {
    for h in &c.legal_holds {
        d.legal_holds
            .insert(h.title.value.clone(), desired::hold(h));
    }
}

fn observe<'a>(aws: &'a Aws, scope: &'a ObserveScope) -> BoxFuture<'a, Result<Observed, AwsError>> {
    async move {
        let (holds, first_arn) = aws.observe_legal_holds(&scope.stack).await?;
        Ok(Observed {
            fill: Box::new(move |live: &mut Live| live.legal_holds = holds),
            first_arn,
        })
    }
    .boxed()
}

fn diff(d: &mut Differ<'_>, desired: &Desired, live: &Live) {
    d.legal_holds(desired, live);
}

fn managed(live: &Live, _: &str) -> usize {
    live.legal_holds.held.len()
}

fn execute<'a>(ctx: &'a Ctx<'_>, c: &'a Change) -> BoxFuture<'a, Result<Option<String>, AwsError>> {
    write::execute(ctx, c).boxed()
}

fn chosen(import: &Import<'_>, stack: &str) -> Vec<Chosen> {
    import
        .legal_holds
        .iter()
        .map(|h| Chosen {
            kind: "legal hold",
            name: h.hold.title.clone(),
            arn: h.arn.clone(),
            adopt: !is_managed(&h.hold.tags, stack),
        })
        .collect()
}
