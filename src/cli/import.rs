//! `backupctl import`: write a config for live vaults, plans and settings
//! (see `import`). The YAML goes to stdout or `--output`; skipped resources,
//! self-check findings and adoption progress go to stderr. `--adopt` then
//! tags the imported resources into the stack (TagResource only), so that
//! `plan` shows no changes. Exit 0 on success, 1 on any error.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use futures_util::future::join_all;

use super::connect::{with_session, ConnectArgs};
use super::{Exit, GlobalOpts};
use crate::aws::ObserveScope;
use crate::import::{self, Filter};
use crate::model::{Tags, STACK_TAG};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Stack name for the written config (`stack:`); `--adopt` tags the
    /// resources with it.
    #[arg(long)]
    pub stack: String,
    /// Import only vaults and plans whose name matches this glob (`*`, `?`).
    /// Repeatable: any pattern may match.
    #[arg(long = "name", value_name = "GLOB")]
    pub names: Vec<String>,
    /// Import only vaults and plans carrying this tag. Repeatable: all must
    /// match.
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_tag)]
    pub tags: Vec<(String, String)>,
    /// Include account settings (the default without --name/--tag).
    #[arg(long, overrides_with = "no_settings")]
    pub settings: bool,
    /// Leave account settings out (the default with --name/--tag).
    #[arg(long, overrides_with = "settings")]
    pub no_settings: bool,
    /// Tag the imported vaults and plans into the stack (TagResource only;
    /// resources of other stacks are never imported).
    #[arg(long)]
    pub adopt: bool,
    /// List the vaults AWS created itself (`aws/...`, e.g. EFS automatic
    /// backups) on stderr; they are never imported (they cannot be managed).
    #[arg(long)]
    pub include_aws_created: bool,
    /// Write the config to FILE instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite an existing --output file.
    #[arg(long)]
    pub force: bool,
    /// Schema reference for the editor modeline.
    #[arg(
        long,
        value_name = "PATH_OR_URL",
        default_value = "backupctl.schema.json"
    )]
    pub schema: String,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

fn parse_tag(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got `{s}`")),
    }
}

pub fn run(_global: &GlobalOpts, args: &ImportArgs) -> anyhow::Result<Exit> {
    if let Some(out) = &args.output {
        if out.exists() && !args.force {
            anyhow::bail!(
                "{} already exists; pass --force to overwrite it",
                out.display()
            );
        }
    }
    let filter = Filter {
        names: args.names.clone(),
        tags: args.tags.clone(),
    };
    let filtered = !filter.names.is_empty() || !filter.tags.is_empty();
    let with_settings = args.settings || (!filtered && !args.no_settings);
    with_session(&args.connect, None, |s| async move {
        let scope = ObserveScope {
            stack: args.stack.clone(),
            settings: with_settings,
            everything: true,
            ..Default::default()
        };
        let mut live = s.aws.observe(&scope).await?;
        if live.account_id.is_none() {
            live.account_id = s.aws.caller_account().await?;
        }
        s.fill_account(&mut live);
        let chosen_import = import::select(&live, &args.stack, &filter, with_settings);
        let mut err = anstream::stderr();
        for skipped in &chosen_import.skipped {
            writeln!(err, "warning: skipped {skipped}")?;
        }
        let aws_created = &live.aws_created_vaults;
        if args.include_aws_created {
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
            &args.stack,
            live.account_id.as_deref(),
            &live.region,
            &args.schema,
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
        match &args.output {
            Some(path) => std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?,
            None => {
                let mut out = anstream::stdout().lock();
                out.write_all(text.as_bytes())?;
                out.flush()?;
            }
        }
        let chosen = chosen_import.chosen(&args.stack);
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
        if untagged.is_empty() {
            return Ok(Exit::Success);
        }
        if !args.adopt {
            writeln!(
                err,
                "{} of them are not tagged into stack \"{}\": run `import --adopt` (or `plan --adopt`) to take them over",
                untagged.len(),
                args.stack
            )?;
            return Ok(Exit::Success);
        }
        let stack_tag: Tags = [(STACK_TAG.to_string(), args.stack.clone())].into();
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
            return Ok(Exit::Failure);
        }
        Ok(Exit::Success)
    })
}
