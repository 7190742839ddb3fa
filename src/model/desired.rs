//! Config -> desired state: turns the validated YAML model into the
//! normalized domain types that the diff compares with live state.

use crate::config;

use super::Desired;
use crate::resources::REGISTRY;

/// Normalize a validated config: the header here, each kind's part by the
/// kind (`resources::<kind>::ops`).
pub fn from_config(c: &config::Config) -> Desired {
    let mut d = Desired {
        stack: c.stack.value.clone(),
        account_id: c.account_id.as_ref().map(|s| s.value.clone()),
        region: c.region.as_ref().map(|s| s.value.clone()),
        ..Default::default()
    };
    for info in REGISTRY {
        (info.ops.desired)(c, &mut d);
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
