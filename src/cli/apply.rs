//! `backupctl apply`: make the account match the config. `apply -f CONFIG`
//! computes and shows the plan, runs the safety checks, asks for
//! confirmation on a terminal (`--auto-approve` otherwise), then executes;
//! `apply PLANFILE` executes exactly a plan saved by `plan --out`, after
//! checking that neither the config nor the account changed since.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anstyle::{AnsiColor, Style};
use clap::Args;

use super::connect::{with_session, ConnectArgs};
use super::plan::{compute, emit, load};
use super::{Exit, GlobalOpts};
use crate::apply::{self, exec::Outcome, progress::Progress, SafetyOptions};
use crate::changeset::{ids, ChangeSet};
use crate::model::desired::from_config;
use crate::render::Format;

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// A plan saved by `plan --out` to apply exactly (the config given
    /// with -f must be the one it was computed from).
    #[arg(value_name = "PLANFILE")]
    pub plan_file: Option<PathBuf>,
    /// Apply without asking (required when stdin is not a terminal).
    #[arg(long)]
    pub auto_approve: bool,
    /// Allow deleting or replacing vaults (never those with recovery points
    /// or `prevent_destroy: true`).
    #[arg(long)]
    pub allow_destroy: bool,
    /// Apply even when the plan touches more than 30% of the managed
    /// resources.
    #[arg(long)]
    pub force: bool,
    /// Take over unmanaged vaults and plans whose names the config declares.
    #[arg(long)]
    pub adopt: bool,
    /// Format of the plan shown before applying.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

fn say(style: Style, text: &str) {
    let _ = writeln!(anstream::stderr().lock(), "{style}{text}{style:#}");
}

fn red() -> Style {
    Style::new().fg_color(Some(AnsiColor::Red.into())).bold()
}

pub fn run(global: &GlobalOpts, args: &ApplyArgs) -> anyhow::Result<Exit> {
    let Some(loaded) = load(global)? else {
        return Ok(Exit::Failure);
    };
    let desired = from_config(&loaded.config);
    let digest = ids::config_digest(&loaded.files)?;
    let file = args.plan_file.as_ref().map(|p| p.display().to_string());
    let saved = match &args.plan_file {
        Some(path) => Some(ChangeSet::load(path)?),
        None => None,
    };
    if let (Some(saved), Some(file)) = (&saved, &file) {
        if saved.config_digest.as_deref() != Some(digest.as_str()) {
            anyhow::bail!(
                "stale plan: the config changed since {file} was saved (or -f names other files); run `backupctl plan --out` again"
            );
        }
    }
    // A saved plan made with --adopt is re-derived with it (the config,
    // checked by its digest, names what may be adopted).
    let adopt = args.adopt
        || saved
            .as_ref()
            .is_some_and(|s| s.changes.iter().any(|c| c.adopt));
    let region = desired.region.clone();
    let desired = &desired;
    with_session(&args.connect, region.as_deref(), |session| async move {
        let live = session.observe(desired).await?;
        let plan = compute(desired, &live, adopt, digest);
        match (&saved, &file) {
            (Some(saved), Some(file)) => {
                apply::saved::verify(saved, &plan, &live, session.aws.region(), file)
                    .map_err(anyhow::Error::msg)?;
            }
            _ => emit(&plan, args.format)?,
        }
        if !plan.has_changes() && plan.errors.is_empty() && plan.safety.blocked.is_empty() {
            if args.plan_file.is_some() {
                let _ = writeln!(anstream::stdout().lock(), "No changes to apply.");
            }
            return Ok(Exit::Success);
        }
        let verdict = apply::check(
            &plan,
            &plan.safety,
            SafetyOptions {
                allow_destroy: args.allow_destroy,
                force: args.force,
            },
        );
        for w in &verdict.warnings {
            say(
                Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold(),
                &format!("WARNING: {w}"),
            );
        }
        if !verdict.allowed() {
            for r in &verdict.refusals {
                say(red(), &format!("error: {r}"));
            }
            say(Style::new(), "Nothing was changed.");
            return Ok(Exit::Failure);
        }
        if args.plan_file.is_none()
            && !args.auto_approve
            && !confirm(&plan, &verdict.warnings).await?
        {
            say(Style::new(), "Apply cancelled; nothing was changed.");
            return Ok(Exit::Failure);
        }
        let owned = apply::Ownership::new(&live, &plan.stack, adopt, &plan);
        let progress = Progress::new(plan.changes.len(), global.quiet);
        let outcome = apply::execute(
            &session.aws,
            &plan,
            &owned,
            usize::from(args.connect.concurrency),
            &progress,
        )
        .await;
        progress.finish();
        report(&plan, &outcome, args.format)
    })
}

/// Ask on the terminal; refuse without one.
async fn confirm(plan: &ChangeSet, warnings: &[String]) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "stdin is not a terminal, so apply cannot ask for confirmation: pass --auto-approve (or apply a plan saved with `plan --out`)"
        );
    }
    let question = format!(
        "\n{} {}Do you want to perform these actions in {}? Only 'yes' will be accepted: ",
        plan.summary(),
        if warnings.is_empty() {
            ""
        } else {
            "Read the WARNINGS above. "
        },
        plan.region
    );
    tokio::task::spawn_blocking(move || {
        let mut err = anstream::stderr().lock();
        let _ = write!(err, "{question}");
        let _ = err.flush();
        drop(err);
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim() == "yes")
    })
    .await?
}

/// The closing summary (stdout after a human plan; stderr after a JSON or
/// Markdown one, which must stay parseable) or the failure listing
/// (stderr).
fn report(plan: &ChangeSet, outcome: &Outcome, format: Format) -> anyhow::Result<Exit> {
    if outcome.succeeded() {
        let s = plan.summary();
        let line = format!(
            "Apply complete! {} added, {} changed, {} replaced, {} destroyed.",
            s.add, s.change, s.replace, s.destroy
        );
        if format == Format::Human {
            writeln!(anstream::stdout().lock(), "{line}")?;
        } else {
            writeln!(anstream::stderr().lock(), "{line}")?;
        }
        return Ok(Exit::Success);
    }
    let text = crate::apply::progress::failure_listing(outcome);
    anstream::stderr().lock().write_all(text.as_bytes())?;
    Ok(Exit::Failure)
}
