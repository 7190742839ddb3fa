//! `backupctl man`: the manual page (roff), generated from the clap
//! definitions (clap_mangen), so that it is never out of step with `--help`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, CommandFactory};

use super::{Cli, Exit, GlobalOpts};

#[derive(Debug, Args)]
#[command(after_help = "Read it with `backupctl man | man -l -`; \
    install with `backupctl man --dir /usr/local/share/man/man1`.")]
pub struct ManArgs {
    /// Write backupctl.1 and one page per subcommand (backupctl-plan.1, ...)
    /// into DIR instead of printing backupctl.1 on stdout.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(_global: &GlobalOpts, args: &ManArgs) -> anyhow::Result<Exit> {
    let cmd = Cli::command();
    match &args.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("cannot write the man pages into {}", dir.display()))?;
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut page)?;
            super::print(&String::from_utf8(page)?)?;
        }
    }
    Ok(Exit::Success)
}
