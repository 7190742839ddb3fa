//! `backupctl validate`: load and check the config offline
//! (`engine::validate`).
//!
//! Text mode prints findings on stderr (`file:line:col: path: message`);
//! `--format json` prints them on stdout for CI annotations. `--next-runs`
//! (or the global `-v/--verbose`) lists each rule's next three runs in its
//! timezone. `--show-target NAME` prints one target's resolved config.

use std::io::Write;

use clap::Args;

use super::{Exit, GlobalOpts};
use crate::engine::validate::{schedules, show_target, summary, validate};
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
    /// Print the resolved config of one target (`ACCOUNT/REGION`) as YAML
    /// on stdout: variables substituted, only the resources it selects.
    #[arg(long, value_name = "NAME")]
    pub show_target: Option<String>,
}

pub fn run(global: &GlobalOpts, args: &ValidateArgs) -> anyhow::Result<Exit> {
    let v = validate(&global.files);
    if let (Some(name), Some(l)) = (&args.show_target, &v.loaded) {
        return match show_target(l, name) {
            Ok(c) => {
                super::print(&render::validate::resolved_yaml(c)?)?;
                Ok(Exit::Success)
            }
            Err(msg) => {
                writeln!(anstream::stderr().lock(), "error: {msg}")?;
                Ok(Exit::Failure)
            }
        };
    }
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
