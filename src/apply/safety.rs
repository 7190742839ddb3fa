//! The rails a plan must pass before apply makes any call, evaluated when
//! the plan is made so that `plan` (human, JSON, Markdown) shows the same
//! verdict apply will reach:
//! - blocked whatever the flags: deleting or replacing a `prevent_destroy`
//!   vault or a vault holding recovery points;
//! - needs `--allow-destroy`: deleting or replacing a vault, deleting a
//!   backup plan (that stops backups; removing a duplicate copy of a plan
//!   does not, and needs nothing);
//! - needs `--force`: touching more than 30% of the managed resources (with
//!   at least 10 managed; octoDNS's guard against a config that lost half
//!   its content);
//! - needs `--cancel-legal-holds` (with `--reason`): cancelling a legal
//!   hold; an edited legal hold is blocked (AWS cannot edit one);
//! - warned: a Vault Lock sent with `changeable_for_days` (compliance mode,
//!   irreversible after the grace time).
//!
//! The rules of one kind live in its folder (`resources::vault::safety`,
//! `resources::backup_plan::safety`); here: the change ratio, the flags
//! and apply's verdict.

use crate::changeset::{Action, ChangeSet, Safety};
use crate::model::{Desired, Live};
use crate::resources::safety::need;
use crate::resources::Kind;

/// Share of managed resources a plan may touch without `--force`.
pub const MAX_CHANGE_RATIO: f64 = 0.30;
/// Below this many managed resources the ratio is not checked.
pub const MIN_MANAGED_FOR_RATIO: usize = 10;

pub use crate::resources::legal_hold::CANCEL_LEGAL_HOLDS;
pub use crate::resources::safety::ALLOW_DESTROY;
pub const FORCE: &str = "--force";

#[derive(Debug, Clone, Copy, Default)]
pub struct SafetyOptions {
    pub allow_destroy: bool,
    pub force: bool,
    /// `--cancel-legal-holds` (the reason travels with the run's
    /// ownership, `Ownership::with_cancel_reason`).
    pub cancel_legal_holds: bool,
}

/// What the checks found for one apply: refusals stop it, warnings are shown.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    pub refusals: Vec<String>,
    pub warnings: Vec<String>,
}

impl Verdict {
    pub fn allowed(&self) -> bool {
        self.refusals.is_empty()
    }
}

/// Resources managed by the stack in `live`: the sum over every kind
/// ([`managed_of`]).
pub fn managed_count(live: &Live, stack: &str) -> usize {
    Kind::all().map(|k| managed_of(live, stack, k)).sum()
}

/// Resources of `kind` managed by the stack in `live` (each kind counts
/// its own: vaults, plans with their duplicate copies, those plans'
/// selections; settings are not counted).
pub fn managed_of(live: &Live, stack: &str, kind: Kind) -> usize {
    (kind.info().ops.managed)(live, stack)
}

/// The verdict on `plan` (computed from `desired` and `live`), independent
/// of any flag. Each change meets its kind's rules
/// (`resources::<kind>::safety`), then the plan the change ratio.
pub fn evaluate(plan: &ChangeSet, desired: &Desired, live: &Live) -> Safety {
    let mut v = Safety::default();
    for c in &plan.changes {
        if let Some(rules) = c.address.kind().info().ops.safety {
            rules(c, desired, &mut v);
        }
    }
    let managed = managed_count(live, &plan.stack);
    let touched = plan
        .changes
        .iter()
        .filter(|c| !c.adopt && counts_toward_ratio(c.address.kind()) && c.action != Action::Create)
        .count();
    if managed >= MIN_MANAGED_FOR_RATIO && touched as f64 > MAX_CHANGE_RATIO * managed as f64 {
        need(
            &mut v,
            FORCE,
            format!(
                "the plan updates, replaces or deletes {touched} of {managed} managed resources ({:.0}%), more than the {:.0}% safety threshold; check the config (was a file left out?)",
                100.0 * touched as f64 / managed as f64,
                100.0 * MAX_CHANGE_RATIO
            ),
        );
    }
    v
}

/// Whether changes of `kind` count toward the change ratio: the kinds a
/// config can lose (deletable ones; settings are only ever updated).
fn counts_toward_ratio(kind: Kind) -> bool {
    kind.info().deletable
}

/// Apply's verdict: the plan's errors and blocks, and every flag need the
/// given flags do not meet.
pub fn check(plan: &ChangeSet, safety: &Safety, opts: SafetyOptions) -> Verdict {
    let mut v = Verdict {
        refusals: plan.errors.clone(),
        warnings: safety.warnings.clone(),
    };
    v.refusals.extend(safety.blocked.iter().cloned());
    for n in &safety.needs_flag {
        let given = match n.flag.as_str() {
            ALLOW_DESTROY => opts.allow_destroy,
            FORCE => opts.force,
            CANCEL_LEGAL_HOLDS => opts.cancel_legal_holds,
            _ => false,
        };
        if !given {
            v.refusals
                .push(format!("{}; pass {} to allow it", n.reason, n.flag));
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{diff, DiffOptions};
    use crate::model::{
        BackupPlan as DPlan, LivePlan, LiveVault, Selection, Vault, VaultLock, STACK_TAG,
    };

    fn managed_vault(name: &str, points: i64) -> LiveVault {
        LiveVault {
            arn: format!("arn:aws:backup:us-east-1:123456789012:backup-vault:{name}"),
            vault: Vault {
                name: name.into(),
                tags: [(STACK_TAG.to_string(), "s".to_string())].into(),
                encryption_key_arn: Some("k".into()),
                ..Default::default()
            },
            number_of_recovery_points: points,
            locked: false,
        }
    }

    fn live_with(vaults: &[(&str, i64)]) -> Live {
        Live {
            region: "us-east-1".into(),
            vaults: vaults
                .iter()
                .map(|(n, p)| (n.to_string(), managed_vault(n, *p)))
                .collect(),
            ..Default::default()
        }
    }

    fn desired_with(vaults: &[&str]) -> Desired {
        Desired {
            stack: "s".into(),
            vaults: vaults
                .iter()
                .map(|n| {
                    (
                        n.to_string(),
                        Vault {
                            name: n.to_string(),
                            ..Default::default()
                        },
                    )
                })
                .collect(),
            ..Default::default()
        }
    }

    fn verdict(d: &Desired, l: &Live, opts: SafetyOptions) -> Verdict {
        let plan = diff(d, l, DiffOptions::default());
        check(&plan, &evaluate(&plan, d, l), opts)
    }

    #[test]
    fn deleting_a_vault_needs_allow_destroy() {
        let live = live_with(&[("a", 0), ("b", 0)]);
        let d = desired_with(&["a"]);
        let v = verdict(&d, &live, SafetyOptions::default());
        assert_eq!(v.refusals.len(), 1, "{v:?}");
        assert!(v.refusals[0].contains("--allow-destroy"));
        let v = verdict(
            &d,
            &live,
            SafetyOptions {
                allow_destroy: true,
                force: false,
                ..Default::default()
            },
        );
        assert!(v.allowed(), "{v:?}");
    }

    #[test]
    fn recovery_points_block_even_with_allow_destroy() {
        let live = live_with(&[("a", 0), ("b", 3)]);
        let d = desired_with(&["a"]);
        let v = verdict(
            &d,
            &live,
            SafetyOptions {
                allow_destroy: true,
                force: true,
                ..Default::default()
            },
        );
        assert_eq!(v.refusals.len(), 1);
        assert!(v.refusals[0].contains("3 recovery point(s)"));
    }

    #[test]
    fn prevent_destroy_refuses_a_replace_always() {
        let live = live_with(&[("a", 0)]);
        let mut d = desired_with(&["a"]);
        d.vaults.get_mut("a").unwrap().encryption_key_arn = Some("other".into());
        d.prevent_destroy.insert("a".into());
        let v = verdict(
            &d,
            &live,
            SafetyOptions {
                allow_destroy: true,
                force: true,
                ..Default::default()
            },
        );
        assert_eq!(v.refusals.len(), 1);
        assert!(v.refusals[0].contains("prevent_destroy"));
    }

    #[test]
    fn ratio_threshold_counts_managed_resources() {
        // 10 managed vaults, 3 deleted: 30% is allowed, 4 (40%) is not.
        let names: Vec<String> = (0..10).map(|i| format!("v{i}")).collect();
        let pairs: Vec<(&str, i64)> = names.iter().map(|n| (n.as_str(), 0)).collect();
        let live = live_with(&pairs);
        let keep =
            |n: usize| desired_with(&names[n..].iter().map(String::as_str).collect::<Vec<_>>());
        let destroy = SafetyOptions {
            allow_destroy: true,
            force: false,
            ..Default::default()
        };
        assert!(verdict(&keep(3), &live, destroy).allowed());
        let v = verdict(&keep(4), &live, destroy);
        assert_eq!(v.refusals.len(), 1);
        assert!(v.refusals[0].contains("4 of 10"), "{v:?}");
        let forced = SafetyOptions {
            allow_destroy: true,
            force: true,
            ..Default::default()
        };
        assert!(verdict(&keep(4), &live, forced).allowed());
        // With fewer than 10 managed, no ratio check.
        let small = live_with(&pairs[..9]);
        let none = desired_with(&[]);
        assert!(verdict(&none, &small, destroy).allowed());
    }

    #[test]
    fn selections_count_as_managed() {
        let mut live = live_with(&[]);
        let mut plan = DPlan {
            name: "p".into(),
            tags: [(STACK_TAG.to_string(), "s".to_string())].into(),
            ..Default::default()
        };
        for i in 0..9 {
            plan.selections
                .insert(format!("s{i}"), Selection::default());
        }
        live.plans.insert(
            "p".into(),
            LivePlan {
                id: "id".into(),
                arn: "arn".into(),
                version_id: "v".into(),
                plan,
                selection_ids: Default::default(),
                duplicate_selections: Vec::new(),
            },
        );
        assert_eq!(managed_count(&live, "s"), 10);
        assert_eq!(managed_count(&live, "other"), 0);
    }

    #[test]
    fn compliance_lock_warns() {
        let live = live_with(&[]);
        let mut d = desired_with(&["a"]);
        d.vaults.get_mut("a").unwrap().lock = Some(VaultLock {
            min_retention_days: Some(7),
            max_retention_days: None,
            changeable_for_days: Some(3),
            lock_date: None,
        });
        let v = verdict(&d, &live, SafetyOptions::default());
        assert!(v.allowed());
        assert_eq!(v.warnings.len(), 1);
        assert!(v.warnings[0].contains("after 3 days"));
    }
}
