//! The tiering configuration's registry operations (`KIND.ops`): how the
//! generic code converts, reads, diffs, checks, executes and imports them.

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

/// Declared configurations and their own `ignore_tags`.
fn to_desired(c: &Config, d: &mut Desired) {
    for t in &c.tiering_configurations {
        let name = t.name.value.clone();
        d.tiering_configurations
            .insert(name.clone(), desired::tiering(t));
        if let Some(own) = &t.ignore_tags {
            d.ignore_tags
                .add_own(Kind::TieringConfiguration, name, TagKeys::from_config(own));
        }
    }
}

/// Every configuration the config declares (read in full even when
/// unmanaged, so `--adopt` can take it over).
fn scope(d: &Desired, s: &mut ObserveScope) {
    if let Some(names) = s.names_mut(Kind::TieringConfiguration) {
        names.extend(d.tiering_configurations.keys().cloned());
    }
}

fn observe<'a>(aws: &'a Aws, scope: &'a ObserveScope) -> BoxFuture<'a, Result<Observed, AwsError>> {
    async move {
        let (seen, first_arn) = aws.observe_tiering(scope).await?;
        let fill = move |live: &mut Live| {
            for s in seen {
                record(live, Kind::TieringConfiguration, s, |live, t| {
                    live.tiering_configurations.insert(t.config.name.clone(), t);
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
    d.tiering_configurations(desired, live);
}

fn managed(live: &Live, stack: &str) -> usize {
    tagged::count_managed(live.tiering_configurations.values(), stack)
}

fn execute<'a>(ctx: &'a Ctx<'_>, c: &'a Change) -> BoxFuture<'a, Result<Option<String>, AwsError>> {
    write::execute(ctx.aws, c).boxed()
}

fn chosen(import: &Import<'_>, stack: &str) -> Vec<Chosen> {
    tagged::chosen(
        import.tiering_configurations.iter().copied(),
        "tiering configuration",
        stack,
    )
}

/// Hide the ignored tags of the tiering configurations read in full.
fn hide_tags(live: &mut Live, ignored: &IgnoredTags) {
    tagged::hide_tags(
        live.tiering_configurations.values_mut(),
        Kind::TieringConfiguration,
        ignored,
    );
}
