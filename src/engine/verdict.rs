//! How a result ends, one rule per command, shared by the command itself
//! and by `merge` (which ends merged shards as the unsharded run would
//! have ended). A result has errors (exit 1, each on stderr) and a gate
//! (exit 2 when it trips and nothing failed). Over many targets the
//! per-target rule is the single-target one: a target that failed (no
//! result) or has errors is an error naming it, else any target's gate
//! (or a fleet-wide one) trips. The CLI prints the errors and picks the
//! exit code (`cli::verdict`).

use crate::changeset::ChangeSet;
use crate::drift::{Category, DriftReport};
use crate::fleet::Fleet;
use crate::report::{self, JobReport};

/// How a command ends: the error lines for stderr (exit 1 when any),
/// else whether its gate tripped (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ending {
    pub errors: Vec<String>,
    pub gate: bool,
}

/// The exit code an [`Ending`] maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Success,
    Changes,
    Failure,
}

impl Ending {
    pub fn code(&self) -> Code {
        if !self.errors.is_empty() {
            Code::Failure
        } else if self.gate {
            Code::Changes
        } else {
            Code::Success
        }
    }
}

/// What one result says for the exit code.
struct Judged<'a> {
    /// Exit 1, each printed.
    errors: Vec<&'a String>,
    /// Exit 2 when there are no errors.
    gate: bool,
}

/// Plan: errors and `blocked` safety verdicts (what apply would refuse
/// whatever its flags) fail; changes trip the gate with
/// `--detailed-exitcode`.
fn plan_judged(p: &ChangeSet, detailed: bool) -> Judged<'_> {
    Judged {
        errors: p.errors.iter().chain(&p.safety.blocked).collect(),
        gate: detailed && p.has_changes(),
    }
}

/// Drift: plan errors fail (no verdict); a finding in a `--fail-on`
/// category trips the gate.
fn drift_judged<'a>(r: &'a DriftReport, fail_on: &[Category]) -> Judged<'a> {
    Judged {
        errors: r.errors.iter().collect(),
        gate: r.drifted(fail_on),
    }
}

/// Report: more failed or expired jobs than `--max-failed` in the account
/// and region trips the gate, and so do more failed copy jobs than
/// `--max-failed-copies` and more failed restore tests than
/// `--max-failed-restore-tests`.
fn report_judged(r: &JobReport) -> Judged<'_> {
    Judged {
        errors: Vec::new(),
        gate: r.gated(),
    }
}

pub fn plan(p: &ChangeSet, detailed: bool) -> Ending {
    single(plan_judged(p, detailed))
}

pub fn plan_fleet(doc: &Fleet<ChangeSet>, detailed: bool) -> Ending {
    fleet(doc, |p| plan_judged(p, detailed), false)
}

pub fn drift(r: &DriftReport, fail_on: &[Category]) -> Ending {
    single(drift_judged(r, fail_on))
}

pub fn drift_fleet(doc: &Fleet<DriftReport>, fail_on: &[Category]) -> Ending {
    fleet(doc, |r| drift_judged(r, fail_on), false)
}

pub fn report(r: &JobReport) -> Ending {
    single(report_judged(r))
}

/// Also exit 2 when the failed jobs over all targets exceed `--max-failed`
/// (`report::fleet::overall`).
pub fn report_fleet(doc: &Fleet<JobReport>) -> Ending {
    fleet(doc, report_judged, report::fleet::overall(doc).exceeded)
}

fn single(j: Judged<'_>) -> Ending {
    Ending {
        errors: j
            .errors
            .into_iter()
            .map(|e| format!("error: {e}"))
            .collect(),
        gate: j.gate,
    }
}

fn fleet<T, F>(doc: &Fleet<T>, judge: F, fleet_gate: bool) -> Ending
where
    F: Fn(&T) -> Judged<'_>,
{
    let mut out = Ending {
        errors: Vec::new(),
        gate: fleet_gate,
    };
    for t in &doc.targets {
        if let Some(e) = &t.error {
            out.errors.push(format!("error: target {}: {e}", t.name));
        }
        if let Some(r) = &t.result {
            let j = judge(r);
            for e in &j.errors {
                out.errors.push(format!("error: target {}: {e}", t.name));
            }
            out.gate |= j.gate;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::tests::{drift as drifted, fleet, report as job_report};
    use crate::fleet::DocKind;

    #[test]
    fn a_failed_target_is_exit_1_whatever_the_others_say() {
        let doc = fleet(
            DocKind::Drift,
            vec![("a/x", Ok(drifted(1, 0))), ("b/x", Err("AccessDenied"))],
        );
        assert_eq!(drift_fleet(&doc, &Category::ALL).code(), Code::Failure);
        let doc = fleet(
            DocKind::Report,
            vec![("b/x", Err::<JobReport, _>("denied"))],
        );
        assert_eq!(report_fleet(&doc).code(), Code::Failure);
    }

    #[test]
    fn each_target_keeps_the_single_target_rule() {
        let doc = fleet(
            DocKind::Drift,
            vec![("a/x", Ok(drifted(0, 0))), ("b/x", Ok(drifted(0, 1)))],
        );
        assert_eq!(drift_fleet(&doc, &Category::ALL).code(), Code::Changes);
        assert_eq!(
            drift_fleet(&doc, &[Category::Changed]).code(),
            Code::Success
        );
        let mut with_errors = drifted(0, 0);
        with_errors
            .errors
            .push("name held by an unmanaged vault".into());
        assert_eq!(drift(&with_errors, &Category::ALL).code(), Code::Failure);
        let doc = fleet(DocKind::Drift, vec![("a/x", Ok(with_errors))]);
        assert_eq!(drift_fleet(&doc, &Category::ALL).code(), Code::Failure);
    }

    #[test]
    fn the_report_gate_trips_per_target_and_over_all() {
        let doc = |a, b, max| {
            fleet(
                DocKind::Report,
                vec![
                    ("a/x", Ok(job_report(5, a, max))),
                    ("b/x", Ok(job_report(5, b, max))),
                ],
            )
        };
        assert_eq!(report_fleet(&doc(0, 2, Some(1))).code(), Code::Changes);
        assert_eq!(report_fleet(&doc(1, 1, Some(1))).code(), Code::Changes);
        assert_eq!(report_fleet(&doc(1, 1, Some(2))).code(), Code::Success);
        assert_eq!(report_fleet(&doc(3, 3, None)).code(), Code::Success);
    }
}
