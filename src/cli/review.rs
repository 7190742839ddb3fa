//! How `apply` talks to the person running it: the plan on stdout, the
//! safety verdict on stderr, and the yes/no question on the terminal
//! (refused without one). The engine calls it through its `Review` trait.

use std::io::{BufRead, IsTerminal, Write};

use crate::apply::Verdict;
use crate::changeset::ChangeSet;
use crate::engine::apply::Review;
use crate::engine::apply_fleet::FleetReview;
use crate::fleet::Fleet;
use crate::render::apply::{confirm_question, verdict};
use crate::render::{self, Format};

/// Shows the plan on stdout, the verdict on stderr, and asks on the
/// terminal (refusing without one) unless told not to.
pub struct Terminal {
    /// Format of the plan on stdout.
    pub format: Format,
    /// Ask before changing anything (not for a saved plan or with
    /// `--auto-approve`).
    pub ask: bool,
}

impl Review for Terminal {
    fn show(&mut self, plan: &ChangeSet) -> anyhow::Result<()> {
        super::print(&render::render(plan, self.format))
    }

    fn approve(&mut self, plan: &ChangeSet, v: &Verdict) -> anyhow::Result<bool> {
        let _ = anstream::stderr().lock().write_all(verdict(v).as_bytes());
        if !v.allowed() {
            return Ok(false);
        }
        self.ask_yes(&confirm_question(plan, &v.warnings))
    }
}

impl FleetReview for Terminal {
    fn show_fleet(&mut self, doc: &Fleet<ChangeSet>) -> anyhow::Result<()> {
        super::print(&render::fleet::plan::render(doc, self.format))
    }

    fn approve_fleet(
        &mut self,
        doc: &Fleet<ChangeSet>,
        verdicts: &[(String, Verdict)],
    ) -> anyhow::Result<bool> {
        let _ = anstream::stderr()
            .lock()
            .write_all(render::apply_fleet::verdicts(verdicts).as_bytes());
        if verdicts.iter().any(|(_, v)| !v.allowed()) {
            return Ok(false);
        }
        let warned = verdicts.iter().any(|(_, v)| !v.warnings.is_empty());
        self.ask_yes(&render::apply_fleet::confirm_question(doc, warned))
    }
}

impl Terminal {
    /// `true` without asking when told not to ask; else the answer to
    /// `question` on the terminal (refused without one).
    fn ask_yes(&self, question: &str) -> anyhow::Result<bool> {
        if !self.ask {
            return Ok(true);
        }
        if !std::io::stdin().is_terminal() {
            anyhow::bail!(
                "stdin is not a terminal, so apply cannot ask for confirmation: pass --auto-approve (or apply a plan saved with `plan --out`)"
            );
        }
        let mut err = anstream::stderr().lock();
        let _ = write!(err, "{question}");
        let _ = err.flush();
        drop(err);
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        if line.trim() != "yes" {
            let _ = writeln!(anstream::stderr(), "Apply cancelled; nothing was changed.");
        }
        Ok(line.trim() == "yes")
    }
}
