//! Config -> desired state: turns the validated YAML model into the
//! normalized domain types that the diff compares with live state.

use crate::config;

use super::Desired;
use crate::resources::backup_plan::desired::plan;
use crate::resources::settings::desired::settings;
use crate::resources::vault::desired::vault;

/// Normalize a validated config.
pub fn from_config(c: &config::Config) -> Desired {
    let mut d = Desired {
        stack: c.stack.value.clone(),
        account_id: c.account_id.as_ref().map(|s| s.value.clone()),
        region: c.region.as_ref().map(|s| s.value.clone()),
        external_vaults: c.external_vaults.iter().map(|s| s.value.clone()).collect(),
        ..Default::default()
    };
    for v in &c.vaults {
        if v.prevent_destroy == Some(true) {
            d.prevent_destroy.insert(v.name.value.clone());
        }
        d.vaults.insert(v.name.value.clone(), vault(v));
    }
    for p in &c.plans {
        d.plans.insert(p.name.value.clone(), plan(p));
    }
    if let Some(s) = &c.settings {
        d.settings = settings(s);
    }
    if let Some(ig) = &c.ignore {
        d.ignore_vaults = ig.vaults.iter().map(|s| s.value.clone()).collect();
        d.ignore_plans = ig.plans.iter().map(|s| s.value.clone()).collect();
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(yaml: &str) -> Desired {
        let loaded = config::load_from_str(&[("t.yaml", yaml)]).expect("valid config");
        from_config(&loaded.config)
    }

    const BASE: &str = r#"
version: 1
stack: s
vaults:
  - name: main
plans:
  - name: daily
    rules:
      - name: r1
        target_vault: main
    selections:
      - name: sel
        iam_role_arn: arn:aws:iam::123456789012:role/backup
        resources: ["arn:aws:ec2:*:*:volume/b", "arn:aws:ec2:*:*:volume/a"]
"#;

    #[test]
    fn defaults_are_filled_in() {
        let d = load(BASE);
        let r = &d.plans["daily"].rules["r1"];
        assert_eq!(r.schedule, "cron(0 5 ? * * *)");
        assert_eq!(r.schedule_timezone, "Etc/UTC");
        assert_eq!(r.start_window_minutes, 480);
        assert_eq!(r.completion_window_minutes, 10080);
        assert!(r.lifecycle.is_none());
    }

    #[test]
    fn list_order_does_not_matter() {
        let a = load(BASE);
        let b = load(&BASE.replace(
            "volume/b\", \"arn:aws:ec2:*:*:volume/a",
            "volume/a\", \"arn:aws:ec2:*:*:volume/b",
        ));
        assert_eq!(a, b);
    }
}
