//! Unit tests of the diff rules issue 11 added: lock modes and dates,
//! hand-over to `external_vaults`, duplicate selections and plans, other
//! stacks. Each test is named after the failure it prevents.

use super::tests::{applied, desired, opts, selection};
use super::*;
use crate::model::{LiveSelection, VaultLock};

fn lock(min: i64, changeable: Option<i64>, date: Option<&str>) -> Option<VaultLock> {
    Some(VaultLock {
        min_retention_days: Some(min),
        max_retention_days: None,
        changeable_for_days: changeable,
        lock_date: date.map(str::to_string),
    })
}

fn paths(c: &Change) -> Vec<&str> {
    c.fields.iter().map(|f| f.path.as_str()).collect()
}

#[test]
fn adding_changeable_for_days_to_a_governance_lock_is_a_mode_change() {
    let mut d = desired(&["v"], &[]);
    let mut live = applied(&d);
    live.vaults.get_mut("v").unwrap().vault.lock = lock(7, None, None);
    d.vaults.get_mut("v").unwrap().lock = lock(7, Some(3), None);
    let plan = diff(&d, &live, opts());
    assert_eq!(plan.changes.len(), 1, "{plan:#?}");
    assert_eq!(paths(&plan.changes[0]), ["lock.mode", "lock.lock_date"]);
    let mode = &plan.changes[0].fields[0];
    assert_eq!(mode.before, Some(serde_json::json!("governance")));
    assert_eq!(mode.after, Some(serde_json::json!("compliance")));
    assert_eq!(
        plan.changes[0].fields[1].after,
        Some(serde_json::json!("apply time + 3 days"))
    );
}

#[test]
fn removing_changeable_for_days_in_the_grace_period_is_a_mode_change() {
    let d = {
        let mut d = desired(&["v"], &[]);
        d.vaults.get_mut("v").unwrap().lock = lock(7, None, None);
        d
    };
    let mut live = applied(&d);
    live.vaults.get_mut("v").unwrap().vault.lock = lock(7, None, Some("2030-01-01T00:00:00Z"));
    let plan = diff(&d, &live, opts());
    assert_eq!(paths(&plan.changes[0]), ["lock.mode", "lock.lock_date"]);
    assert_eq!(plan.changes[0].fields[1].after, None);
    assert!(plan.errors.is_empty());
}

#[test]
fn an_unchanged_compliance_lock_is_not_resent_which_would_postpone_it() {
    let mut d = desired(&["v"], &[]);
    d.vaults.get_mut("v").unwrap().lock = lock(7, Some(3), None);
    let mut live = applied(&d);
    live.vaults.get_mut("v").unwrap().vault.lock = lock(7, None, Some("2030-01-01T00:00:00Z"));
    assert!(diff(&d, &live, opts()).changes.is_empty());
    // A real lock change re-sends it and shows the old and new lock date.
    d.vaults.get_mut("v").unwrap().lock = lock(8, Some(3), None);
    let plan = diff(&d, &live, opts());
    let date = plan.changes[0]
        .fields
        .iter()
        .find(|f| f.path == "lock.lock_date")
        .expect("lock date shown");
    assert_eq!(date.before, Some(serde_json::json!("2030-01-01T00:00:00Z")));
    assert_eq!(date.after, Some(serde_json::json!("apply time + 3 days")));
}

#[test]
fn a_lock_past_its_lock_date_is_a_plan_error_not_a_doomed_call() {
    let mut d = desired(&["v"], &[]);
    d.vaults.get_mut("v").unwrap().lock = lock(14, Some(3), None);
    let mut live = applied(&d);
    let v = live.vaults.get_mut("v").unwrap();
    v.vault.lock = lock(7, None, Some("2020-01-01T00:00:00Z"));
    v.locked = true;
    let plan = diff(&d, &live, opts());
    assert!(plan.changes.is_empty(), "{:#?}", plan.changes);
    assert_eq!(plan.errors.len(), 1);
    assert!(plan.errors[0].contains("immutable since 2020-01-01T00:00:00Z"));
    assert!(plan.errors[0].contains("lock.min_retention_days"));
}

#[test]
fn moving_a_vault_to_external_vaults_releases_it_never_deletes_it() {
    let mut d = desired(&["keep", "handed"], &[]);
    let live = applied(&d);
    d.vaults.remove("handed");
    d.external_vaults.insert("handed".into());
    let plan = diff(&d, &live, opts());
    assert_eq!(plan.changes.len(), 1, "{:#?}", plan.changes);
    let c = &plan.changes[0];
    assert_eq!((c.action, c.release), (Action::Update, true));
    assert_eq!(paths(c), ["tags.backupctl:stack"]);
    assert_eq!(c.fields[0].after, None);
}

#[test]
fn a_second_selection_with_the_same_name_is_seen_and_removed() {
    let d = desired(&["v"], &[("p", "v", 7)]);
    let mut live = applied(&d);
    let p = live.plans.get_mut("p").unwrap();
    let mut wild = selection(&["*"]);
    wild.iam_role_arn = "arn:aws:iam::123456789012:role/foreign".into();
    p.duplicate_selections.push(LiveSelection {
        id: "zz-second".into(),
        name: "sel".into(),
        selection: wild,
    });
    let plan = diff(&d, &live, opts());
    assert_eq!(plan.changes.len(), 1, "{:#?}", plan.changes);
    let c = &plan.changes[0];
    assert_eq!(c.action, Action::Delete);
    assert_eq!(c.address.to_string(), "plan.p.selection.sel[zz-second]");
    assert_eq!(
        c.live.as_ref().unwrap().selection_id.as_deref(),
        Some("zz-second")
    );
    assert!(c.note.as_ref().unwrap().contains("more than one selection"));
    // Deleting the plan deletes both selections first.
    let none = desired(&["v"], &[]);
    let plan = diff(&none, &live, opts());
    let deletes: Vec<String> = plan.changes.iter().map(|c| c.address.to_string()).collect();
    assert_eq!(
        deletes,
        [
            "plan.p.selection.sel",
            "plan.p.selection.sel[zz-second]",
            "plan.p"
        ]
    );
}

#[test]
fn duplicate_plans_of_this_stack_converge_to_the_kept_copy() {
    let d = desired(&["v"], &[("p", "v", 7)]);
    let mut live = applied(&d);
    let mut extra = live.plans["p"].clone();
    extra.id = "id-p-2".into();
    extra.arn = "arn:plan:p2".into();
    live.duplicate_plans.push(extra);
    let plan = diff(&d, &live, opts());
    let got: Vec<(Action, String, bool)> = plan
        .changes
        .iter()
        .map(|c| (c.action, c.address.to_string(), c.duplicate))
        .collect();
    assert_eq!(
        got,
        [
            (
                Action::Delete,
                "plan.p.selection.sel[sid-sel]".to_string(),
                true
            ),
            (Action::Delete, "plan.p".to_string(), true),
        ],
        "{:#?}",
        plan.changes
    );
    let plan_delete = &plan.changes[1];
    assert_eq!(
        plan_delete.live.as_ref().unwrap().plan_id.as_deref(),
        Some("id-p-2")
    );
    assert!(plan.errors.is_empty());
}

#[test]
fn other_stacks_are_not_unmanaged() {
    let d = desired(&["v"], &[]);
    let mut live = applied(&d);
    live.other_stack_vaults
        .insert("theirs".into(), "other".into());
    live.other_stack_plans
        .insert("their-plan".into(), "other".into());
    live.unmanaged_vaults.insert("loose".into());
    let plan = diff(&d, &live, opts());
    assert_eq!(plan.unmanaged.vaults.iter().collect::<Vec<_>>(), ["loose"]);
    assert!(plan.unmanaged.plans.is_empty());
    assert_eq!(plan.unmanaged.other_stacks.len(), 2);
    assert_eq!(plan.unmanaged.other_stacks["vault.theirs"], "other");
}
