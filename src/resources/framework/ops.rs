//! The framework's registry operations (`KIND.ops`): how the generic code
//! converts, reads, diffs, checks, executes and imports frameworks.

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
        section: 40,
    }),
};

/// Declared frameworks and their own `ignore_tags`.
fn to_desired(c: &Config, d: &mut Desired) {
    for f in &c.frameworks {
        let name = f.name.value.clone();
        d.frameworks.insert(name.clone(), desired::framework(f));
        if let Some(own) = &f.ignore_tags {
            d.ignore_tags
                .add_own(Kind::Framework, name, TagKeys::from_config(own));
        }
    }
}

/// Every framework the config declares (read in full even when unmanaged,
/// so `--adopt` can take it over).
fn scope(d: &Desired, s: &mut ObserveScope) {
    if let Some(names) = s.names_mut(Kind::Framework) {
        names.extend(d.frameworks.keys().cloned());
    }
}

fn observe<'a>(aws: &'a Aws, scope: &'a ObserveScope) -> BoxFuture<'a, Result<Observed, AwsError>> {
    async move {
        let (seen, first_arn) = aws.observe_frameworks(scope).await?;
        let fill = move |live: &mut Live| {
            for s in seen {
                record(live, Kind::Framework, s, |live, f| {
                    live.frameworks.insert(f.framework.name.clone(), f);
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
    d.frameworks(desired, live);
}

fn managed(live: &Live, stack: &str) -> usize {
    tagged::count_managed(live.frameworks.values(), stack)
}

fn execute<'a>(ctx: &'a Ctx<'_>, c: &'a Change) -> BoxFuture<'a, Result<Option<String>, AwsError>> {
    write::execute(ctx.aws, c).boxed()
}

fn chosen(import: &Import<'_>, stack: &str) -> Vec<Chosen> {
    tagged::chosen(import.frameworks.iter().copied(), "framework", stack)
}

/// Hide the ignored tags of the frameworks read in full.
fn hide_tags(live: &mut Live, ignored: &IgnoredTags) {
    tagged::hide_tags(live.frameworks.values_mut(), Kind::Framework, ignored);
}
