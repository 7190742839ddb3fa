//! `backupctl merge FILE...`: join the JSON documents of a sharded run
//! (`plan`, `drift` or `report` run with `--shard K/N --format json`, or
//! `plan --shard K/N --out FILE`) into the result the unsharded run would
//! have printed, in any format, and end with the exit code that run would
//! have had (the command's own rule, `cli::verdict`). A set of shards that
//! is not one whole run (missing, overlapping, mixed, not multi-target
//! documents) is refused with exit 1. Reads files only; no AWS call.

use std::path::PathBuf;

use clap::Args;

use super::{verdict, Exit, GlobalOpts};
use crate::drift::Category;
use crate::engine::merge::{merge, Merged};
use crate::render::{fleet, Format};

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' JSON documents, in any order.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format of the merged result.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Plan documents: exit 2 when any target has changes, as
    /// `plan --detailed-exitcode`.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Drift documents: the categories that count as drift for the exit
    /// code, as `drift --fail-on` (comma-separated; default: all).
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = Category::ALL)]
    pub fail_on: Vec<Category>,
}

pub fn run(_global: &GlobalOpts, args: &MergeArgs) -> anyhow::Result<Exit> {
    match merge(&args.files)? {
        Merged::Plan(doc) => {
            super::print(&fleet::plan::render(&doc, args.format))?;
            verdict::plan_fleet(&doc, args.detailed_exitcode)
        }
        Merged::Drift(doc) => {
            super::print(&fleet::drift::render(&doc, args.format))?;
            verdict::drift_fleet(&doc, &args.fail_on)
        }
        Merged::Report(doc) => {
            super::print(&fleet::report::render(&doc, args.format))?;
            verdict::report_fleet(&doc)
        }
    }
}
