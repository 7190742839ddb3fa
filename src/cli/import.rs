//! `backupctl import`: write a config for live vaults, plans, tiering
//! configurations and settings
//! (`engine::import`). The YAML goes to stdout or `--output`; skipped resources,
//! self-check findings and adoption progress go to stderr. `--adopt` then
//! tags the imported resources into the stack (TagResource only), so that
//! `plan` shows no changes. Exit 0 on success, 1 on any error.

use std::path::PathBuf;

use clap::Args;

use super::connect::ConnectArgs;
use super::{Exit, GlobalOpts};
use crate::engine::import::{import, ImportOptions};
use crate::import::Filter;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Stack name for the written config (`stack:`); `--adopt` tags the
    /// resources with it.
    #[arg(long)]
    pub stack: String,
    /// Import only vaults, plans and tiering configurations whose name
    /// matches this glob (`*`, `?`). Repeatable: any pattern may match.
    #[arg(long = "name", value_name = "GLOB")]
    pub names: Vec<String>,
    /// Import only vaults, plans and tiering configurations carrying this
    /// tag. Repeatable: all must match.
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_tag)]
    pub tags: Vec<(String, String)>,
    /// Include account settings (the default without --name/--tag).
    #[arg(long, overrides_with = "no_settings")]
    pub settings: bool,
    /// Leave account settings out (the default with --name/--tag).
    #[arg(long, overrides_with = "settings")]
    pub no_settings: bool,
    /// Tag the imported vaults, plans and tiering configurations into the
    /// stack (TagResource only; resources of other stacks are never
    /// imported).
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
    let opts = ImportOptions {
        stack: args.stack.clone(),
        filter: Filter {
            names: args.names.clone(),
            tags: args.tags.clone(),
        },
        settings: (args.settings || args.no_settings).then_some(args.settings),
        adopt: args.adopt,
        include_aws_created: args.include_aws_created,
        output: args.output.clone(),
        force: args.force,
        schema: args.schema.clone(),
        connect: args.connect.options(),
    };
    let done = import(&opts, &mut |text| super::print(text))?;
    Ok(if done.not_adopted > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}
