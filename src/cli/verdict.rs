//! Exit codes from results: the rules are `engine::verdict`'s (shared by
//! each command and by `merge`); here their errors go to stderr and the
//! ending becomes an exit code.

use std::io::Write;

use super::Exit;
use crate::changeset::ChangeSet;
use crate::drift::{Category, DriftReport};
use crate::engine::verdict::{self, Code, Ending};
use crate::fleet::Fleet;
use crate::report::JobReport;

pub fn plan(p: &ChangeSet, detailed: bool) -> anyhow::Result<Exit> {
    end(verdict::plan(p, detailed))
}

pub fn plan_fleet(doc: &Fleet<ChangeSet>, detailed: bool) -> anyhow::Result<Exit> {
    end(verdict::plan_fleet(doc, detailed))
}

pub fn drift(r: &DriftReport, fail_on: &[Category]) -> anyhow::Result<Exit> {
    end(verdict::drift(r, fail_on))
}

pub fn drift_fleet(doc: &Fleet<DriftReport>, fail_on: &[Category]) -> anyhow::Result<Exit> {
    end(verdict::drift_fleet(doc, fail_on))
}

pub fn report(r: &JobReport) -> anyhow::Result<Exit> {
    end(verdict::report(r))
}

pub fn report_fleet(doc: &Fleet<JobReport>) -> anyhow::Result<Exit> {
    end(verdict::report_fleet(doc))
}

/// Print the errors, then the exit code.
fn end(e: Ending) -> anyhow::Result<Exit> {
    let mut err = anstream::stderr().lock();
    for line in &e.errors {
        writeln!(err, "{line}")?;
    }
    Ok(match e.code() {
        Code::Success => Exit::Success,
        Code::Changes => Exit::Changes,
        Code::Failure => Exit::Failure,
    })
}
