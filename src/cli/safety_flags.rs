//! `apply`'s safety overrides, apart from `apply.rs` so each CLI file stays
//! short: the flags that allow what the safety rules hold back
//! (`apply::safety`), and the reason a cancelled legal hold is given.

use clap::Args;

use crate::apply::SafetyOptions;

#[derive(Debug, Args)]
pub struct SafetyArgs {
    /// Allow deleting or replacing vaults (never those with recovery points
    /// or `prevent_destroy: true`).
    #[arg(long)]
    pub allow_destroy: bool,
    /// Apply even when the plan touches more than 30% of the managed
    /// resources.
    #[arg(long)]
    pub force: bool,
    /// Allow cancelling the stack's legal holds that left the config
    /// (needs --reason).
    #[arg(long, requires = "reason")]
    pub cancel_legal_holds: bool,
    /// Why the legal holds are cancelled: sent to AWS as CancelDescription.
    #[arg(long, value_name = "TEXT", requires = "cancel_legal_holds")]
    pub reason: Option<String>,
}

impl SafetyArgs {
    pub fn options(&self) -> SafetyOptions {
        SafetyOptions {
            allow_destroy: self.allow_destroy,
            force: self.force,
            cancel_legal_holds: self.cancel_legal_holds,
        }
    }
}
