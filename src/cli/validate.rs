//! `backupctl validate`: load and check the config offline.
//!
//! Text mode prints findings on stderr (`file:line:col: path: message`);
//! `--format json` prints them on stdout for CI annotations. `--next-runs`
//! (or the global `-v/--verbose`) lists each rule's next three runs in its
//! timezone.

use std::io::Write;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::{Exit, GlobalOpts};
use crate::config::{self, cron, LoadedConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Output format of the findings.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also show each rule's schedule and next three runs (on stdout); the
    /// global -v/--verbose does too.
    #[arg(long)]
    pub next_runs: bool,
}

pub fn run(global: &GlobalOpts, args: &ValidateArgs) -> anyhow::Result<Exit> {
    let result = config::load(&global.files);
    let (diags, loaded) = match result {
        Ok(l) => (l.warnings.clone(), Some(l)),
        Err(d) => (d, None),
    };
    match args.format {
        Format::Json => {
            let mut out = std::io::stdout().lock();
            let mut v = diags.to_json();
            if let Some(l) = &loaded {
                v["summary"] = summary_json(l);
            }
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        Format::Text => {
            let mut err = anstream::stderr().lock();
            if !global.quiet || diags.has_errors() {
                err.write_all(diags.render_text(true).as_bytes())?;
            }
            if let Some(l) = &loaded {
                if args.next_runs || global.log_verbosity > 0 {
                    print_schedules(l)?;
                }
                if !global.quiet {
                    writeln!(err, "{}", summary_text(l))?;
                }
            } else if !global.quiet {
                writeln!(err, "{} error(s) found", diags.error_count())?;
            }
        }
    }
    Ok(if loaded.is_some() {
        Exit::Success
    } else {
        Exit::Failure
    })
}

fn counts(l: &LoadedConfig) -> (usize, usize, usize, usize) {
    let c = &l.config;
    let rules = c.plans.iter().map(|p| p.rules.len()).sum();
    let sels = c.plans.iter().map(|p| p.selections.len()).sum();
    (c.vaults.len(), c.plans.len(), rules, sels)
}

fn summary_text(l: &LoadedConfig) -> String {
    let (v, p, r, s) = counts(l);
    format!(
        "ok: {} file(s), stack {}: {v} vault(s), {p} plan(s), {r} rule(s), {s} selection(s)",
        l.files.len(),
        l.config.stack.value
    )
}

fn summary_json(l: &LoadedConfig) -> serde_json::Value {
    let (v, p, r, s) = counts(l);
    serde_json::json!({
        "files": l.files, "stack": l.config.stack.value,
        "vaults": v, "plans": p, "rules": r, "selections": s,
    })
}

fn print_schedules(l: &LoadedConfig) -> anyhow::Result<()> {
    let mut out = anstream::stdout().lock();
    let now = chrono::Utc::now();
    for plan in &l.config.plans {
        for rule in &plan.rules {
            let tz_name = rule
                .schedule_timezone
                .as_ref()
                .map_or("Etc/UTC", |s| s.value.as_str());
            let tz = cron::parse_timezone(tz_name).context("timezone was validated")?;
            let expr = rule
                .schedule
                .as_ref()
                .map_or("cron(0 5 ? * * *)", |s| s.value.as_str());
            let default = if rule.schedule.is_none() {
                " (AWS default)"
            } else {
                ""
            };
            let c = cron::AwsCron::parse(expr).map_err(|p| anyhow::anyhow!(p.message))?;
            let runs: Vec<String> = c
                .next_runs(tz, now, 3)
                .iter()
                .map(|t| t.format("%Y-%m-%d %H:%M %Z").to_string())
                .collect();
            writeln!(
                out,
                "{}/{}: {expr}{default} [{tz_name}] next: {}",
                plan.name.value,
                rule.name.value,
                runs.join(", ")
            )?;
        }
    }
    Ok(())
}
