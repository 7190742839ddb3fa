//! `backupctl iam-policy read-only|apply`: print the least-privilege IAM
//! policy for a use, from the table in `iam` only. Without `-f` it is the
//! unscoped policy; with `-f` given on the command line (the global
//! option's default `backupctl.yaml` does not count, see
//! `GlobalOpts::files_given`) the config is loaded and validated and the
//! resources are narrowed to it. `--explain` prints the table instead.

use clap::{Args, ValueEnum};

use super::{print, Exit, GlobalOpts};
use crate::iam::{explain, policy, Scope, Use};

#[derive(Debug, Args)]
pub struct IamPolicyArgs {
    /// What the policy is for: `read-only` (plan, drift, import, report)
    /// or `apply` (apply and import --adopt: read-only plus the writes).
    #[arg(value_enum, value_name = "USE")]
    pub uses: PolicyUse,
    /// Print the table behind the policy (each action, its statement, the
    /// AWS calls that need it and the commands that make them) instead.
    #[arg(long)]
    pub explain: bool,
    /// Format of --explain.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Markdown, requires = "explain")]
    pub format: ExplainFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyUse {
    ReadOnly,
    Apply,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Markdown,
    Json,
}

pub fn run(global: &GlobalOpts, args: &IamPolicyArgs) -> anyhow::Result<Exit> {
    let uses = match args.uses {
        PolicyUse::ReadOnly => Use::ReadOnly,
        PolicyUse::Apply => Use::Apply,
    };
    if args.explain {
        let text = match args.format {
            ExplainFormat::Markdown => explain::markdown(uses),
            ExplainFormat::Json => serde_json::to_string_pretty(&explain::json(uses))? + "\n",
        };
        print(&text)?;
        return Ok(Exit::Success);
    }
    let scope = if global.files_given {
        match crate::engine::load(&global.config_options())? {
            Some(loaded) => Some(Scope::of(&loaded)),
            None => return Ok(Exit::Failure),
        }
    } else {
        None
    };
    print(&policy::render(uses, scope.as_ref()))?;
    Ok(Exit::Success)
}
