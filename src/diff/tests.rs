//! Unit and property tests of the pure diff.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::changeset::{Address, Content};
use crate::model::{self, Lifecycle, LivePlan, LiveVault, Rule, Selection, Vault, STACK_TAG};

pub(super) fn rule(vault: &str, days: i64) -> Rule {
    Rule {
        target_vault: vault.into(),
        target_logically_air_gapped_backup_vault_arn: None,
        schedule: "cron(0 5 ? * * *)".into(),
        schedule_timezone: "Etc/UTC".into(),
        start_window_minutes: 480,
        completion_window_minutes: 10080,
        lifecycle: Some(Lifecycle {
            delete_after_days: Some(days),
            ..Default::default()
        }),
        copy_actions: Default::default(),
        enable_continuous_backup: false,
        recovery_point_tags: Default::default(),
        index_actions: Default::default(),
        scan_actions: Default::default(),
    }
}

pub(super) fn selection(res: &[&str]) -> Selection {
    Selection {
        iam_role_arn: "arn:aws:iam::123456789012:role/b".into(),
        resources: res.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

pub(super) fn desired(vaults: &[&str], plans: &[(&str, &str, i64)]) -> Desired {
    let mut d = Desired {
        stack: "s".into(),
        ..Default::default()
    };
    for v in vaults {
        d.vaults.insert(
            v.to_string(),
            Vault {
                name: v.to_string(),
                ..Default::default()
            },
        );
    }
    for (p, v, days) in plans {
        let mut plan = model::BackupPlan {
            name: p.to_string(),
            ..Default::default()
        };
        plan.rules.insert("r".into(), rule(v, *days));
        plan.selections.insert("sel".into(), selection(&["arn:a"]));
        d.plans.insert(p.to_string(), plan);
    }
    d
}

/// The live state an apply of `d` would leave behind.
pub(super) fn applied(d: &Desired) -> Live {
    let mut live = Live {
        region: "us-east-1".into(),
        ..Default::default()
    };
    for (n, v) in &d.vaults {
        let mut v = v.clone();
        v.tags.insert(STACK_TAG.into(), d.stack.clone());
        v.encryption_key_arn = Some("arn:aws:kms:us-east-1:123456789012:key/default".into());
        live.vaults.insert(
            n.clone(),
            LiveVault {
                arn: format!("arn:vault:{n}"),
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
            .map(|k| (k.clone(), format!("sid-{k}")))
            .collect();
        live.plans.insert(
            n.clone(),
            LivePlan {
                id: format!("id-{n}"),
                arn: format!("arn:plan:{n}"),
                version_id: "v1".into(),
                plan: p,
                selection_ids,
                duplicate_selections: Vec::new(),
            },
        );
    }
    live
}

pub(super) fn opts() -> DiffOptions {
    DiffOptions::default()
}

#[test]
fn empty_live_creates_everything_in_dependency_order() {
    let d = desired(&["v"], &[("p", "v", 35)]);
    let live = Live {
        region: "us-east-1".into(),
        ..Default::default()
    };
    let plan = diff(&d, &live, opts());
    let order: Vec<String> = plan.changes.iter().map(|c| c.address.to_string()).collect();
    assert_eq!(order, ["vault.v", "plan.p", "plan.p.selection.sel"]);
    assert!(plan.changes.iter().all(|c| c.action == Action::Create));
    assert!(plan.changes.iter().all(|c| c.creator_request_id.is_some()));
    // The desired content carries the ownership tag apply must send.
    match &plan.changes[0].desired {
        Some(Content::Vault(v)) => assert_eq!(v.tags[STACK_TAG], "s"),
        other => panic!("{other:?}"),
    }
    assert_eq!(plan.summary().add, 3);
}

#[test]
fn applied_state_has_no_changes() {
    let d = desired(&["v", "w"], &[("p", "v", 35), ("q", "w", 7)]);
    let plan = diff(&d, &applied(&d), opts());
    assert!(plan.changes.is_empty(), "{:#?}", plan.changes);
    assert!(plan.errors.is_empty());
}

#[test]
fn rule_change_is_one_field_update() {
    let d = desired(&["v"], &[("p", "v", 35)]);
    let live = applied(&d);
    let d2 = desired(&["v"], &[("p", "v", 40)]);
    let plan = diff(&d2, &live, opts());
    assert_eq!(plan.changes.len(), 1);
    let c = &plan.changes[0];
    assert_eq!(c.action, Action::Update);
    assert_eq!(c.fields.len(), 1);
    assert_eq!(c.fields[0].path, "rules.r.lifecycle.delete_after_days");
    assert_eq!(c.fields[0].before, Some(serde_json::json!(35)));
    assert_eq!(c.fields[0].after, Some(serde_json::json!(40)));
    assert_eq!(c.live.as_ref().unwrap().plan_id.as_deref(), Some("id-p"));
}

#[test]
fn selection_change_is_a_replace_with_reason() {
    let d = desired(&["v"], &[("p", "v", 35)]);
    let live = applied(&d);
    let mut d2 = d.clone();
    d2.plans
        .get_mut("p")
        .unwrap()
        .selections
        .insert("sel".into(), selection(&["arn:b"]));
    let plan = diff(&d2, &live, opts());
    assert_eq!(plan.changes.len(), 1);
    let c = &plan.changes[0];
    assert_eq!(c.action, Action::Replace);
    assert!(c
        .replace_reason
        .as_deref()
        .unwrap()
        .contains("cannot be updated"));
    assert_eq!(
        c.live.as_ref().unwrap().selection_id.as_deref(),
        Some("sid-sel")
    );
}

#[test]
fn encryption_key_change_replaces_vault_and_absent_key_is_no_change() {
    let d = desired(&["v"], &[]);
    let live = applied(&d);
    assert!(diff(&d, &live, opts()).changes.is_empty());
    let mut d2 = d.clone();
    d2.vaults.get_mut("v").unwrap().encryption_key_arn = Some("arn:other".into());
    let plan = diff(&d2, &live, opts());
    assert_eq!(plan.changes[0].action, Action::Replace);
    assert!(plan.changes[0]
        .replace_reason
        .as_deref()
        .unwrap()
        .contains("encryption_key_arn"));
}

#[test]
fn removed_resources_are_deleted_selections_first_vaults_last() {
    let d = desired(&["v"], &[("p", "v", 35)]);
    let live = applied(&d);
    let empty = desired(&[], &[]);
    let plan = diff(&empty, &live, opts());
    let order: Vec<String> = plan.changes.iter().map(|c| c.address.to_string()).collect();
    assert_eq!(order, ["plan.p.selection.sel", "plan.p", "vault.v"]);
    assert!(plan.changes.iter().all(|c| c.action == Action::Delete));
}

#[test]
fn unmanaged_resources_are_reported_never_changed() {
    let d = desired(&["v"], &[]);
    let mut live = applied(&d);
    let other = desired(&["legacy"], &[("old", "legacy", 1)]);
    let mut foreign = applied(&other);
    for v in foreign.vaults.values_mut() {
        v.vault.tags.clear();
    }
    for p in foreign.plans.values_mut() {
        p.plan.tags.clear();
    }
    live.vaults.extend(foreign.vaults);
    live.plans.extend(foreign.plans);
    live.unmanaged_vaults.insert("legacy".into());
    live.unmanaged_plans.insert("old".into());
    let plan = diff(&d, &live, opts());
    assert!(plan.changes.is_empty(), "{:#?}", plan.changes);
    assert!(plan.unmanaged.vaults.contains("legacy"));
    assert!(plan.unmanaged.plans.contains("old"));
    let mut d_ignore = d.clone();
    d_ignore.ignore_vaults = vec!["leg*".into()];
    assert!(diff(&d_ignore, &live, opts()).unmanaged.vaults.is_empty());
}

#[test]
fn desired_name_held_by_unmanaged_vault_needs_adopt() {
    let d = desired(&["v"], &[]);
    let mut live = applied(&d);
    live.vaults.get_mut("v").unwrap().vault.tags.clear();
    live.unmanaged_vaults.insert("v".into());
    let plan = diff(&d, &live, opts());
    assert!(plan.changes.is_empty());
    assert!(plan.errors[0].contains("--adopt"), "{:?}", plan.errors);
    let plan = diff(&d, &live, DiffOptions { adopt: true });
    assert!(plan.errors.is_empty());
    assert_eq!(plan.changes.len(), 1);
    assert!(plan.changes[0].adopt);
    assert_eq!(plan.changes[0].fields[0].path, format!("tags.{STACK_TAG}"));
}

#[test]
fn duplicate_plan_names_are_an_error_not_a_guess() {
    let d = desired(&["v"], &[("p", "v", 35)]);
    let mut live = applied(&d);
    live.duplicate_plan_names.insert("p".into());
    live.plans.remove("p");
    let plan = diff(&d, &live, opts());
    assert!(plan.changes.is_empty());
    assert!(plan.errors[0].contains("more than one backup plan"));
}

#[test]
fn missing_external_vault_is_an_error_only_when_a_rule_targets_it() {
    // Declared but not targeted: harmless.
    let mut d = desired(&[], &[]);
    d.external_vaults.insert("Default".into());
    let plan = diff(&d, &applied(&d), opts());
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    // A rule sends backups to it: AWS would refuse the plan.
    let mut d = desired(&[], &[("p", "Default", 35)]);
    d.external_vaults.insert("Default".into());
    let mut live = applied(&d);
    live.plans.clear();
    let plan = diff(&d, &live, opts());
    assert!(
        plan.errors[0].contains("external vault \"Default\""),
        "{:?}",
        plan.errors
    );
}

#[test]
fn settings_compare_only_declared_keys() {
    let mut d = desired(&[], &[]);
    d.settings.resource_type_opt_in.insert("EFS".into(), true);
    let mut live = applied(&d);
    live.settings
        .resource_type_opt_in
        .insert("EFS".into(), true);
    live.settings
        .resource_type_opt_in
        .insert("RDS".into(), false);
    assert!(diff(&d, &live, opts()).changes.is_empty());
    live.settings
        .resource_type_opt_in
        .insert("EFS".into(), false);
    let plan = diff(&d, &live, opts());
    assert_eq!(plan.changes[0].address, Address::Settings);
    assert_eq!(plan.changes[0].fields[0].path, "resource_type_opt_in.EFS");
}

#[test]
fn glob_patterns() {
    assert!(glob_match("aws/efs/*", "aws/efs/automatic"));
    assert!(glob_match("v?", "v1"));
    assert!(!glob_match("v?", "v12"));
    assert!(glob_match("*", ""));
}

fn arb_desired() -> impl Strategy<Value = Desired> {
    (
        prop::collection::btree_set("[a-c]{1,2}", 0..4),
        prop::collection::vec(("[p-r]{1,2}", 1i64..100), 0..4),
    )
        .prop_map(|(vaults, plans)| {
            let vs: Vec<&str> = vaults.iter().map(String::as_str).collect();
            let target = vs.first().copied().unwrap_or("x");
            let ps: Vec<(&str, &str, i64)> = plans
                .iter()
                .map(|(p, d)| (p.as_str(), target, *d))
                .collect();
            desired(&vs, &ps)
        })
}

proptest! {
    #[test]
    fn diff_of_applied_state_is_empty(d in arb_desired()) {
        let plan = diff(&d, &applied(&d), opts());
        prop_assert!(plan.changes.is_empty());
    }

    #[test]
    fn creates_then_deletes_are_symmetric(d in arb_desired()) {
        let empty = Live { region: "r".into(), ..Default::default() };
        let up = diff(&d, &empty, opts());
        let down = diff(&desired(&[], &[]), &applied(&d), opts());
        prop_assert_eq!(up.changes.len(), down.changes.len());
        // Deletes run in the reverse dependency order of creates.
        let up_order: Vec<_> = up.changes.iter().map(phase).collect();
        let down_order: Vec<_> = down.changes.iter().map(phase).collect();
        prop_assert!(up_order.windows(2).all(|w| w[0] <= w[1]));
        prop_assert!(down_order.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn diff_is_deterministic(d in arb_desired(), other in arb_desired()) {
        let live = applied(&other);
        prop_assert_eq!(diff(&d, &live, opts()), diff(&d.clone(), &live.clone(), opts()));
    }
}

#[test]
fn desired_plan_held_by_an_unmanaged_plan_needs_adopt_and_another_stack_is_refused() {
    let d = desired(&["v"], &[("p", "v", 35)]);
    let mut live = applied(&d);
    live.plans.get_mut("p").unwrap().plan.tags.clear();
    live.unmanaged_plans.insert("p".into());
    let plan = diff(&d, &live, opts());
    assert!(plan.changes.is_empty());
    assert!(
        plan.errors[0].contains("plan \"p\" already exists"),
        "{:?}",
        plan.errors
    );
    let plan = diff(&d, &live, DiffOptions { adopt: true });
    assert!(plan.errors.is_empty());
    assert_eq!(plan.changes.len(), 1);
    assert!(plan.changes[0].adopt);
    // Tagged by another stack: never taken over, even with --adopt.
    live.plans
        .get_mut("p")
        .unwrap()
        .plan
        .tags
        .insert(STACK_TAG.into(), "other".into());
    let plan = diff(&d, &live, DiffOptions { adopt: true });
    assert!(plan.changes.is_empty());
    assert!(
        plan.errors[0].contains("another stack"),
        "{:?}",
        plan.errors
    );
}

#[test]
fn a_vault_create_carries_the_write_only_lock_grace_period() {
    let mut d = desired(&["v"], &[]);
    d.vaults.get_mut("v").unwrap().lock = Some(model::VaultLock {
        min_retention_days: Some(7),
        max_retention_days: None,
        changeable_for_days: Some(3),
        lock_date: None,
    });
    let empty = Live::default();
    let plan = diff(&d, &empty, opts());
    let paths: Vec<&str> = plan.changes[0]
        .fields
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert!(paths.contains(&"lock.changeable_for_days"), "{paths:?}");
    // Once applied, the lock never reads back the grace period, only the
    // lock date: no diff.
    let mut live = applied(&d);
    let lock = live
        .vaults
        .get_mut("v")
        .unwrap()
        .vault
        .lock
        .as_mut()
        .unwrap();
    lock.changeable_for_days = None;
    lock.lock_date = Some("2026-12-03T00:00:00Z".into());
    assert!(diff(&d, &live, opts()).changes.is_empty());
}
