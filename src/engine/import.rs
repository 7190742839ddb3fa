//! `import` as a library call: observe everything of the account (the
//! stack's resources, unmanaged ones and settings), pick what the filter
//! asks for (`import::select`), write the config, check that it validates
//! and plans clean against the same live state (`import::verify`), hand it
//! over or write `--output`, and with `adopt` tag the picked resources
//! into the stack (TagResource only). Like cargo's ops it reports what it
//! skips and does on stderr as it goes; the config itself and the verdict
//! come back to the caller.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use futures_util::future::join_all;

use super::session::{with_session, ConnectOptions};
use crate::import::{self, Filter};
use crate::model::{Tags, STACK_TAG};
use crate::resources::ObserveScope;

/// What `import` needs.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Stack name of the written config; `adopt` tags resources with it.
    pub stack: String,
    /// Which vaults and plans to import (empty: all unmanaged ones).
    pub filter: Filter,
    /// Include account settings: `Some` when asked, else only when there
    /// is no filter.
    pub settings: Option<bool>,
    /// Tag the imported vaults and plans into the stack.
    pub adopt: bool,
    /// List the AWS-created vaults (never imported) one by one.
    pub include_aws_created: bool,
    /// Write the config here instead of handing it to the caller.
    pub output: Option<PathBuf>,
    /// Overwrite an existing `output`.
    pub force: bool,
    /// Schema reference for the editor modeline.
    pub schema: String,
    /// How to reach AWS.
    pub connect: ConnectOptions,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    /// Resources that `adopt` could not tag (0 when all were, or none
    /// needed it).
    pub not_adopted: usize,
}

/// Import the account's resources as a config. `emit` receives the config
/// text when there is no `output` file, before any resource is tagged.
pub fn import(
    opts: &ImportOptions,
    emit: &mut dyn FnMut(&str) -> anyhow::Result<()>,
) -> anyhow::Result<Imported> {
    if let Some(out) = &opts.output {
        if out.exists() && !opts.force {
            anyhow::bail!(
                "{} already exists; pass --force to overwrite it",
                out.display()
            );
        }
    }
    let filter = &opts.filter;
    let filtered = !filter.names.is_empty() || !filter.tags.is_empty();
    let with_settings = opts.settings.unwrap_or(!filtered);
    let stack = &opts.stack;
    with_session(&opts.connect, None, |s| async move {
        let scope = ObserveScope {
            stack: stack.clone(),
            settings: with_settings,
            everything: true,
            ..Default::default()
        };
        let mut live = s.aws.observe(&scope).await?;
        if live.account_id.is_none() {
            live.account_id = s.aws.caller_account().await?;
        }
        s.fill_account(&mut live);
        let chosen_import = import::select(&live, stack, filter, with_settings);
        let mut err = anstream::stderr();
        for skipped in &chosen_import.skipped {
            writeln!(err, "warning: skipped {skipped}")?;
        }
        let aws_created = &live.aws_created_vaults;
        if opts.include_aws_created {
            for v in aws_created {
                writeln!(err, "note: vault \"{v}\" was created by AWS itself and cannot be managed; not imported")?;
            }
        } else if !aws_created.is_empty() {
            writeln!(
                err,
                "note: {} vault(s) created by AWS itself left out (they cannot be managed; --include-aws-created lists them)",
                aws_created.len()
            )?;
        }
        let text = import::to_yaml(
            &chosen_import,
            stack,
            live.account_id.as_deref(),
            &live.region,
            &opts.schema,
        );
        match import::verify(&text, &live) {
            Err(d) => {
                err.write_all(d.render_text(true).as_bytes())?;
                anyhow::bail!(
                    "the imported config does not validate (a live value the config cannot express); nothing was written or tagged"
                );
            }
            Ok(residue) => {
                for r in residue {
                    writeln!(err, "warning: the imported config would still change {r}")?;
                }
            }
        }
        match &opts.output {
            Some(path) => std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?,
            None => emit(&text)?,
        }
        let chosen = chosen_import.chosen(stack);
        let untagged: Vec<_> = chosen.iter().filter(|c| c.adopt).collect();
        writeln!(
            err,
            "imported {} vault(s) and {} plan(s){}",
            chosen_import.vaults.len(),
            chosen_import.plans.len(),
            if chosen_import.settings.is_some() {
                " and account settings"
            } else {
                ""
            }
        )?;
        let done = Imported { not_adopted: 0 };
        if untagged.is_empty() {
            return Ok(done);
        }
        if !opts.adopt {
            writeln!(
                err,
                "{} of them are not tagged into stack \"{stack}\": run `import --adopt` (or `plan --adopt`) to take them over",
                untagged.len(),
            )?;
            return Ok(done);
        }
        let stack_tag: Tags = [(STACK_TAG.to_string(), stack.clone())].into();
        let results = join_all(untagged.iter().map(|c| s.aws.tag(&c.arn, &stack_tag))).await;
        let mut failed = 0;
        for (c, r) in untagged.iter().zip(results) {
            match r {
                Ok(()) => writeln!(err, "adopted {} \"{}\"", c.kind, c.name)?,
                Err(e) => {
                    failed += 1;
                    writeln!(err, "error: could not tag {} \"{}\": {e}", c.kind, c.name)?;
                }
            }
        }
        if failed > 0 {
            writeln!(
                err,
                "{failed} of {} not adopted; run `import --adopt` again (tagging is idempotent)",
                untagged.len()
            )?;
        }
        Ok(Imported {
            not_adopted: failed,
        })
    })
}
