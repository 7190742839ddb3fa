//! What `validate` prints besides the findings (which render themselves):
//! the one-line summary of a valid config, its JSON form, and the
//! `--next-runs` lines, and a target's resolved config (`--show-target`).

use crate::config::Config;
use crate::engine::validate::{Schedule, Summary};

/// `ok: …` on stderr after a valid config.
pub fn summary_text(s: &Summary) -> String {
    let targets = match s.targets {
        0 => String::new(),
        n => format!(", {n} target(s) checked"),
    };
    let air_gapped = match s.air_gapped_vaults {
        0 => String::new(),
        n => format!(", {n} air-gapped vault(s)"),
    };
    format!(
        "ok: {} file(s), stack {}{targets}: {} vault(s){air_gapped}, {} plan(s), {} rule(s), {} selection(s)",
        s.files.len(),
        s.stack,
        s.vaults,
        s.plans,
        s.rules,
        s.selections
    )
}

/// The `summary` member of `validate --format json` (`targets` only when
/// the config declares targets).
pub fn summary_json(s: &Summary) -> serde_json::Value {
    let mut v = serde_json::json!({
        "files": s.files, "stack": s.stack,
        "vaults": s.vaults, "plans": s.plans, "rules": s.rules, "selections": s.selections,
    });
    if s.targets > 0 {
        v["targets"] = s.targets.into();
    }
    if s.air_gapped_vaults > 0 {
        v["air_gapped_vaults"] = s.air_gapped_vaults.into();
    }
    v
}

/// `--show-target`: one target's resolved config as YAML.
pub fn resolved_yaml(c: &Config) -> anyhow::Result<String> {
    Ok(serde_saphyr::to_string(c)?)
}

/// One line per rule: `PLAN/RULE: EXPR [TZ] next: …`.
pub fn schedules(list: &[Schedule]) -> String {
    let mut out = String::new();
    for s in list {
        let default = if s.default { " (AWS default)" } else { "" };
        out.push_str(&format!(
            "{}/{}: {}{default} [{}] next: {}\n",
            s.plan,
            s.rule,
            s.expr,
            s.timezone,
            s.next.join(", ")
        ));
    }
    out
}
