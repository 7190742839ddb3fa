//! `backupctl completions SHELL`: print a shell completion script on stdout,
//! generated from the clap definitions (clap_complete), so that it always
//! knows every subcommand and flag of this very binary.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Exit, GlobalOpts};

#[derive(Debug, Args)]
#[command(after_help = "Install, e.g.:\n  \
    backupctl completions bash > ~/.local/share/bash-completion/completions/backupctl\n  \
    backupctl completions zsh > \"${fpath[1]}/_backupctl\"\n  \
    backupctl completions fish > ~/.config/fish/completions/backupctl.fish\n  \
    backupctl completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(_global: &GlobalOpts, args: &CompletionsArgs) -> anyhow::Result<Exit> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "backupctl", &mut script);
    super::print(&String::from_utf8(script)?)?;
    Ok(Exit::Success)
}
