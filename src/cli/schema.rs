//! `backupctl schema`: print the config's JSON Schema on stdout.

use std::io::Write;

use clap::Args;

use super::{Exit, GlobalOpts};

#[derive(Debug, Args)]
pub struct SchemaArgs {}

pub fn run(_global: &GlobalOpts, _args: &SchemaArgs) -> anyhow::Result<Exit> {
    let mut out = std::io::stdout().lock();
    out.write_all(crate::config::schema::json_schema_text().as_bytes())?;
    Ok(Exit::Success)
}
