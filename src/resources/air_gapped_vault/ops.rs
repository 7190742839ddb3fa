//! The air-gapped vault's registry operations (`KIND.ops`).

use futures_util::FutureExt;

use super::{desired, guard, import, safety, write};
use crate::aws::{Aws, AwsError};
use crate::changeset::Change;
use crate::model::{is_managed, Desired, IgnoredTags, Live, TagKeys};
use crate::resources::differ::Differ;
use crate::resources::exec::Ctx;
use crate::resources::observe::record;
use crate::resources::ops::{ImportOps, KindOps, Observed};
use crate::resources::{Chosen, Config, Import, Kind, ObserveScope};

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
        section: 15,
    }),
};

/// Declared air-gapped vaults, their `prevent_destroy` and own
/// `ignore_tags` (kept with the vaults': one name space).
fn to_desired(c: &Config, d: &mut Desired) {
    for v in &c.air_gapped_vaults {
        let name = v.name.value.clone();
        if v.prevent_destroy == Some(true) {
            d.prevent_destroy.insert(name.clone());
        }
        if let Some(own) = &v.ignore_tags {
            d.ignore_tags
                .add_own(Kind::Vault, name.clone(), TagKeys::from_config(own));
        }
        d.air_gapped_vaults.insert(name, desired::vault(v));
    }
}

fn scope(d: &Desired, s: &mut ObserveScope) {
    if let Some(names) = s.names_mut(Kind::AirGappedVault) {
        names.extend(d.air_gapped_vaults.keys().cloned());
    }
}

fn observe<'a>(
    aws: &'a Aws,
    scope: &'a ObserveScope,
) -> futures_util::future::BoxFuture<'a, Result<Observed, AwsError>> {
    async move {
        let (seen, first_arn) = aws.observe_air_gapped(scope).await?;
        let fill = move |live: &mut Live| {
            for s in seen {
                record(live, Kind::AirGappedVault, s, |live, v| {
                    live.air_gapped_vaults.insert(v.vault.name.clone(), v);
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
    d.air_gapped_vaults(desired, live);
}

fn managed(live: &Live, stack: &str) -> usize {
    live.air_gapped_vaults
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
        .air_gapped_vaults
        .iter()
        .map(|v| Chosen {
            kind: "air_gapped_vault",
            name: v.vault.name.clone(),
            arn: v.arn.clone(),
            adopt: !is_managed(&v.vault.tags, stack),
        })
        .collect()
}

/// Hide the ignored tags of the air-gapped vaults read in full (their own
/// lists are filed with the vaults': one name space).
fn hide_tags(live: &mut Live, ignored: &IgnoredTags) {
    for (name, v) in &mut live.air_gapped_vaults {
        ignored.hide(Kind::Vault, name, &mut v.vault.tags);
    }
}
