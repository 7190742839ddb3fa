//! Snapshot tests of the three plan renderings (human, JSON, Markdown) for a
//! plan holding every kind of change, plus the Markdown size cap. The plan is
//! computed by the real config loader and diff against a fixed live state, so
//! the snapshots are deterministic.

use std::collections::BTreeMap;

use backupctl::diff::{diff, DiffOptions};
use backupctl::model::{Desired, Live, LivePlan, LiveVault, STACK_TAG};
use backupctl::render::{self, Format};

/// The live state an apply of `d` would leave behind, with fixed ids.
fn applied(d: &Desired) -> Live {
    let mut live = Live {
        account_id: Some("123456789012".into()),
        region: "us-east-1".into(),
        ..Default::default()
    };
    for (n, v) in &d.vaults {
        let mut v = v.clone();
        v.tags.insert(STACK_TAG.into(), d.stack.clone());
        if v.encryption_key_arn.is_none() {
            v.encryption_key_arn = Some("arn:aws:kms:us-east-1:123456789012:key/aws-backup".into());
        }
        live.vaults.insert(
            n.clone(),
            LiveVault {
                arn: format!("arn:aws:backup:us-east-1:123456789012:backup-vault:{n}"),
                vault: v,
                number_of_recovery_points: 0,
                locked: false,
            },
        );
    }
    for (n, p) in &d.plans {
        let mut p = p.clone();
        p.tags.insert(STACK_TAG.into(), d.stack.clone());
        let selection_ids: BTreeMap<_, _> = p
            .selections
            .keys()
            .map(|k| (k.clone(), format!("sel-{k}")))
            .collect();
        live.plans.insert(
            n.clone(),
            LivePlan {
                id: format!("plan-{n}"),
                arn: format!("arn:aws:backup:us-east-1:123456789012:backup-plan:plan-{n}"),
                version_id: "v1".into(),
                plan: p,
                selection_ids,
                duplicate_selections: Vec::new(),
            },
        );
    }
    live
}

const OLD: &str = r#"
version: 1
stack: demo
vaults:
  - name: main
    tags: {team: a}
    access_policy:
      Version: "2012-10-17"
      Statement:
        - {Sid: Deny, Effect: Deny, Principal: "*", Action: ["backup:DeleteRecoveryPoint"], Resource: "*"}
  - name: old-vault
plans:
  - name: daily
    rules:
      - {name: d, target_vault: main, lifecycle: {delete_after_days: 35}}
    selections:
      - {name: tagged, iam_role_arn: "arn:aws:iam::123456789012:role/b", resources: ["arn:aws:ec2:*:*:volume/a"]}
"#;

const NEW: &str = r#"
version: 1
stack: demo
vaults:
  - name: main
    tags: {team: b}
    access_policy:
      Version: "2012-10-17"
      Statement:
        - {Sid: Deny, Effect: Deny, Principal: "*", Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"], Resource: "*"}
  - name: new-vault
plans:
  - name: daily
    rules:
      - {name: d, target_vault: main, lifecycle: {delete_after_days: 90}}
    selections:
      - {name: tagged, iam_role_arn: "arn:aws:iam::123456789012:role/b", resources: ["arn:aws:ec2:*:*:volume/b"]}
"#;

fn mixed_plan() -> backupctl::changeset::ChangeSet {
    let mut live = applied(&testkit::desired(OLD));
    live.unmanaged_vaults.insert("handmade".into());
    diff(&testkit::desired(NEW), &live, DiffOptions::default())
}

#[test]
fn human_rendering() {
    let plan = mixed_plan();
    let text = render::render(&plan, Format::Human);
    // Styles are present; anstream strips them when colour is off.
    let plain = anstream::adapter::strip_str(&text).to_string();
    insta::assert_snapshot!("human", plain);
    assert!(plain.contains("Plan: 1 to add, 2 to change, 1 to replace, 1 to destroy."));
}

#[test]
fn json_rendering() {
    let plan = mixed_plan();
    let text = render::render(&plan, Format::Json);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format_version"], 1);
    insta::assert_snapshot!("json", text);
    // The JSON is the Plan value: it reads back identically.
    let back: backupctl::changeset::ChangeSet = serde_json::from_str(&text).unwrap();
    assert_eq!(back, plan);
}

#[test]
fn markdown_rendering() {
    let plan = mixed_plan();
    insta::assert_snapshot!("markdown", render::render(&plan, Format::Markdown));
}

#[test]
fn markdown_is_capped_with_a_note() {
    let plan = mixed_plan();
    let full = render::markdown::render(&plan, usize::MAX);
    let cut = render::markdown::render(&plan, 1200);
    assert!(cut.len() < full.len());
    assert!(
        cut.contains("Output cut to stay under 1200 characters"),
        "{cut}"
    );
    assert!(!full.contains("Output cut"));
}
