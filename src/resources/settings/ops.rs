//! The settings' registry operations (`KIND.ops`): declared keys only,
//! read only when declared, never counted, deleted or owned by a stack.

use futures_util::future::BoxFuture;
use futures_util::FutureExt;

use super::{aws, desired, import};
use crate::aws::{Aws, AwsError};
use crate::changeset::Change;
use crate::model::{Desired, Live, Settings};
use crate::resources::differ::Differ;
use crate::resources::exec::Ctx;
use crate::resources::guard::Ownership;
use crate::resources::ops::{not_counted, ImportOps, KindOps, Observed, Select};
use crate::resources::writer::yaml;
use crate::resources::Config;
use crate::resources::ObserveScope;
use crate::resources::{Chosen, Import};

pub(super) const OPS: KindOps = KindOps {
    validate: Some(super::validate::check),
    desired: to_desired,
    hide_tags: None,
    scope,
    observe: Some(observe),
    diff: Some(diff),
    managed: not_counted,
    safety: None,
    owns,
    execute,
    import: Some(ImportOps {
        select,
        chosen,
        write,
        section: 90,
    }),
};

fn to_desired(c: &Config, d: &mut Desired) {
    if let Some(s) = &c.settings {
        d.settings = desired::settings(s);
    }
}

/// Settings are read only when declared.
fn scope(d: &Desired, s: &mut ObserveScope) {
    s.settings = !d.settings.is_empty();
}

fn observe<'a>(aws: &'a Aws, scope: &'a ObserveScope) -> BoxFuture<'a, Result<Observed, AwsError>> {
    async move {
        let settings = if scope.settings {
            aws.read_settings().await?
        } else {
            Settings::default()
        };
        Ok(Observed {
            fill: Box::new(move |live: &mut Live| live.settings = settings),
            first_arn: None,
        })
    }
    .boxed()
}

fn diff(d: &mut Differ<'_>, desired: &Desired, live: &Live) {
    d.settings(desired, live);
}

/// One per account and region: always the stack's to update.
fn owns(_: &Ownership<'_>, _: &Change) -> Result<(), String> {
    Ok(())
}

fn execute<'a>(ctx: &'a Ctx<'_>, c: &'a Change) -> BoxFuture<'a, Result<Option<String>, AwsError>> {
    aws::execute(ctx.aws, c).boxed()
}

fn select<'a>(live: &'a Live, s: &Select<'_>, out: &mut Import<'a>) {
    out.settings = s.with_settings.then_some(&live.settings);
}

fn chosen(_: &Import<'_>, _: &str) -> Vec<Chosen> {
    Vec::new()
}

fn write(import: &Import<'_>, out: &mut String) {
    if let Some(s) = import.settings.and_then(import::settings) {
        out.push_str("\n# source: DescribeGlobalSettings and DescribeRegionSettings\n");
        out.push_str(&yaml(&serde_json::json!({ "settings": s })));
    }
}
