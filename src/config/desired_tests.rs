//! Tests of config -> desired state (`model::desired`) on loaded configs.

use crate::config;
use crate::model::desired::*;
use crate::model::Desired;

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
