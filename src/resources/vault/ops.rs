//! The vault's registry operations (`KIND.ops`): how the generic code
//! converts, reads, diffs, checks, executes and imports vaults.

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
        section: 10,
    }),
};

/// Declared vaults (and `prevent_destroy`, and their own `ignore_tags`),
/// external vaults and the ignored names.
fn to_desired(c: &Config, d: &mut Desired) {
    d.external_vaults = c.external_vaults.iter().map(|s| s.value.clone()).collect();
    for v in &c.vaults {
        if v.prevent_destroy == Some(true) {
            d.prevent_destroy.insert(v.name.value.clone());
        }
        d.vaults.insert(v.name.value.clone(), desired::vault(v));
        if let Some(own) = &v.ignore_tags {
            let own = TagKeys::from_config(own);
            d.ignore_tags
                .add_own(Kind::Vault, v.name.value.clone(), own);
        }
    }
    if let Some(ig) = &c.ignore {
        d.ignore_vaults = ig.vaults.iter().map(|s| s.value.clone()).collect();
    }
}

/// Every vault the config names, external ones included.
fn scope(d: &Desired, s: &mut ObserveScope) {
    if let Some(names) = s.names_mut(Kind::Vault) {
        names.extend(d.vaults.keys().chain(d.external_vaults.iter()).cloned());
    }
}

fn observe<'a>(
    aws: &'a Aws,
    scope: &'a ObserveScope,
) -> futures_util::future::BoxFuture<'a, Result<Observed, AwsError>> {
    async move {
        let (seen, first_arn) = aws.observe_vaults(scope).await?;
        let fill = move |live: &mut Live| {
            for s in seen {
                record(live, Kind::Vault, s, |live, v| {
                    live.vaults.insert(v.vault.name.clone(), v);
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
    d.vaults(desired, live);
}

fn managed(live: &Live, stack: &str) -> usize {
    live.vaults
        .values()
        .filter(|v| is_managed(&v.vault.tags, stack))
        .count()
}

fn execute<'a>(
    ctx: &'a Ctx<'_>,
    c: &'a Change,
) -> futures_util::future::BoxFuture<'a, Result<Option<String>, AwsError>> {
    write::execute(ctx.aws, c).boxed()
}

fn chosen(import: &Import<'_>, stack: &str) -> Vec<Chosen> {
    import
        .vaults
        .iter()
        .map(|v| Chosen {
            kind: "vault",
            name: v.vault.name.clone(),
            arn: v.arn.clone(),
            adopt: !is_managed(&v.vault.tags, stack),
        })
        .collect()
}

/// Hide the ignored tags of the vaults read in full.
fn hide_tags(live: &mut Live, ignored: &IgnoredTags) {
    for (name, v) in &mut live.vaults {
        ignored.hide(Kind::Vault, name, &mut v.vault.tags);
    }
}
