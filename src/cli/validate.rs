//! `backupctl validate`: load and check the config offline
//! (`engine::validate`).
//!
//! Text mode prints findings on stderr (`file:line:col: path: message`);
//! `--format json` prints them on stdout for CI annotations. `--next-runs`
//! (or the global `-v/--verbose`) lists each rule's next three runs in its
//! timezone.

use std::io::Write;

use clap::Args;

use super::{Exit, GlobalOpts};
use crate::engine::validate::{schedules, summary, validate};
use crate::render::{self, Format};

/// `--format` names: findings are text or JSON.
const FORMATS: &[(&str, Format)] = &[("text", Format::Human), ("json", Format::Json)];

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Output format of the findings.
    #[arg(long, default_value = "text", value_parser = Format::named(FORMATS))]
    pub format: Format,
    /// Also show each rule's schedule and next three runs (on stdout); the
    /// global -v/--verbose does too.
    #[arg(long)]
    pub next_runs: bool,
}

pub fn run(global: &GlobalOpts, args: &ValidateArgs) -> anyhow::Result<Exit> {
    let v = validate(&global.files);
    if args.format == Format::Json {
        let mut out = std::io::stdout().lock();
        let mut json = v.findings.to_json();
        if let Some(l) = &v.loaded {
            json["summary"] = render::validate::summary_json(&summary(l));
        }
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
    } else {
        let mut err = anstream::stderr().lock();
        if !global.quiet || v.findings.has_errors() {
            err.write_all(v.findings.render_text(true).as_bytes())?;
        }
        if let Some(l) = &v.loaded {
            if args.next_runs || global.log_verbosity > 0 {
                super::print(&render::validate::schedules(&schedules(l)?))?;
            }
            if !global.quiet {
                writeln!(err, "{}", render::validate::summary_text(&summary(l)))?;
            }
        } else if !global.quiet {
            writeln!(err, "{} error(s) found", v.findings.error_count())?;
        }
    }
    Ok(if v.loaded.is_some() {
        Exit::Success
    } else {
        Exit::Failure
    })
}
