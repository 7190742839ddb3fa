//! `validate` as a library call: load and check the config offline, and
//! the facts its summary shows — the counts per kind and each rule's next
//! runs in its timezone. No network, no printing.

use std::path::PathBuf;

use anyhow::Context;
use backup_facts::defaults::{DEFAULT_SCHEDULE, DEFAULT_TIMEZONE};

use crate::config::{self, cron, Config, Diagnostics, LoadedConfig};

/// The outcome of checking a config.
#[derive(Debug)]
pub struct Validated {
    /// The findings: the errors of an invalid config, else its warnings.
    pub findings: Diagnostics,
    /// The config, when it is valid.
    pub loaded: Option<LoadedConfig>,
}

/// Load and check the config in `files`.
pub fn validate(files: &[PathBuf]) -> Validated {
    match config::load(files) {
        Ok(l) => Validated {
            findings: l.warnings.clone(),
            loaded: Some(l),
        },
        Err(d) => Validated {
            findings: d,
            loaded: None,
        },
    }
}

/// What a valid config declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The files read, in order.
    pub files: Vec<PathBuf>,
    /// The stack name.
    pub stack: String,
    /// Counts of vaults, plans, rules and selections.
    pub vaults: usize,
    /// Logically air-gapped vaults (shown only when there are some).
    pub air_gapped_vaults: usize,
    pub plans: usize,
    pub rules: usize,
    pub selections: usize,
    /// Targets checked (0: the config declares no `targets:`); the counts
    /// above are then summed over the targets.
    pub targets: usize,
}

/// The counts of `l` (over all its targets).
pub fn summary(l: &LoadedConfig) -> Summary {
    let configs: Vec<&Config> = if l.targets.is_empty() {
        vec![&l.config]
    } else {
        l.targets.iter().map(|t| &t.config).collect()
    };
    let sum = |f: &dyn Fn(&Config) -> usize| configs.iter().map(|c| f(c)).sum();
    Summary {
        files: l.files.clone(),
        stack: l.config.stack.value.clone(),
        vaults: sum(&|c| c.vaults.len()),
        air_gapped_vaults: sum(&|c| c.air_gapped_vaults.len()),
        plans: sum(&|c| c.plans.len()),
        rules: sum(&|c| c.plans.iter().map(|p| p.rules.len()).sum()),
        selections: sum(&|c| c.plans.iter().map(|p| p.selections.len()).sum()),
        targets: l.targets.len(),
    }
}

/// The resolved config of target `name` (`--show-target`), or why not.
pub fn show_target<'l>(l: &'l LoadedConfig, name: &str) -> Result<&'l Config, String> {
    if l.targets.is_empty() {
        return Err("the config declares no `targets:`".into());
    }
    if let Some(t) = l.targets.iter().find(|t| t.target.name == name) {
        return Ok(&t.config);
    }
    let names = l.targets.iter().map(|t| t.target.name.as_str());
    let hint = match crate::yaml::decode::did_you_mean(name, names.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("targets: {}", names.collect::<Vec<_>>().join(", ")),
    };
    Err(format!("no target is named `{name}`; {hint}"))
}

/// One rule's schedule and its next runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub plan: String,
    pub rule: String,
    /// The cron expression (AWS's default when the rule has none).
    pub expr: String,
    /// The rule has no schedule: `expr` is AWS's default.
    pub default: bool,
    pub timezone: String,
    /// The next three runs, formatted in the rule's timezone.
    pub next: Vec<String>,
}

/// Each rule's schedule with its next three runs after now, then each
/// restore testing plan's (as `restore_testing_plan.NAME/schedule`).
pub fn schedules(l: &LoadedConfig) -> anyhow::Result<Vec<Schedule>> {
    let now = chrono::Utc::now();
    let mut out = Vec::new();
    for plan in &l.config.plans {
        for rule in &plan.rules {
            let tz_name = rule
                .schedule_timezone
                .as_ref()
                .map_or(DEFAULT_TIMEZONE, |s| s.value.as_str());
            let tz = cron::parse_timezone(tz_name).context("timezone was validated")?;
            let expr = rule
                .schedule
                .as_ref()
                .map_or(DEFAULT_SCHEDULE, |s| s.value.as_str());
            let c = cron::AwsCron::parse(expr).map_err(|p| anyhow::anyhow!(p.message))?;
            out.push(Schedule {
                plan: plan.name.value.clone(),
                rule: rule.name.value.clone(),
                expr: expr.to_string(),
                default: rule.schedule.is_none(),
                timezone: tz_name.to_string(),
                next: c
                    .next_runs(tz, now, 3)
                    .iter()
                    .map(|t| t.format("%Y-%m-%d %H:%M %Z").to_string())
                    .collect(),
            });
        }
    }
    for p in &l.config.restore_testing_plans {
        let tz_name = p
            .schedule_timezone
            .as_ref()
            .map_or(DEFAULT_TIMEZONE, |s| s.value.as_str());
        let tz = cron::parse_timezone(tz_name).context("timezone was validated")?;
        let c = cron::AwsCron::parse(&p.schedule.value).map_err(|p| anyhow::anyhow!(p.message))?;
        out.push(Schedule {
            plan: format!("restore_testing_plan.{}", p.name.value),
            rule: "schedule".into(),
            expr: p.schedule.value.clone(),
            default: false,
            timezone: tz_name.to_string(),
            next: c
                .next_runs(tz, now, 3)
                .iter()
                .map(|t| t.format("%Y-%m-%d %H:%M %Z").to_string())
                .collect(),
        });
    }
    Ok(out)
}
