use super::*;
use crate::drift::DriftReport;
use crate::fleet::tests::{drift, fleet, report};
use crate::fleet::DocKind;
use crate::report::JobReport;

const DENIED: &str = "AccessDenied: not authorized to perform sts:AssumeRole";

fn drift_doc() -> Fleet<DriftReport> {
    fleet(
        DocKind::Drift,
        vec![
            ("central/eu-west-1", Ok(drift(0, 0))),
            ("prod/eu-west-1", Ok(drift(1, 2))),
            ("prod/us-east-1", Err(DENIED)),
        ],
    )
}

#[test]
fn drift_human_groups_by_target_names_the_failed_one_and_totals() {
    let text = drift::render(&drift_doc(), Format::Human);
    assert!(
        text.contains("\n=== target prod/us-east-1 (account 222222222222, us-east-1) ===\nerror: AccessDenied"),
        "{text}"
    );
    // The drifted target gets its section, the quiet one a line.
    assert!(
        text.contains("=== target prod/eu-west-1 (account "),
        "{text}"
    );
    assert!(text.contains(") ===\nDrift of stack"), "{text}");
    assert!(!text.contains("=== target central/eu-west-1"), "{text}");
    assert!(
        text.contains("\nNo drift in 1 target(s): central/eu-west-1.\n"),
        "{text}"
    );
    assert!(text.ends_with(
        "\nDrift over 3 target(s): 1 changed, 2 missing, 0 orphaned, 0 unmanaged; 1 target(s) drifted. 1 target(s) failed: prod/us-east-1.\n"
    ), "{text}");
}

#[test]
fn drift_markdown_has_one_table_and_sections_only_for_drift_and_failures() {
    let text = drift::render(&drift_doc(), Format::Markdown);
    assert!(text.starts_with("### backupctl drift: stack `org`, 3 target(s)\n"));
    assert!(text.contains("| Target | Account | Region | Changed | Missing | Orphaned | Unmanaged | Status |\n|---|---|---|---:|---:|---:|---:|---|\n"), "{text}");
    assert!(text
        .contains("| `central/eu-west-1` | 111111111111 | eu-west-1 | 0 | 0 | 0 | 0 | no drift |"));
    assert!(
        text.contains("| `prod/eu-west-1` | 222222222222 | eu-west-1 | 1 | 2 | 0 | 0 | drift |")
    );
    assert!(
        text.contains("| `prod/us-east-1` | 222222222222 | us-east-1 | - | - | - | - | failed |")
    );
    assert!(text.contains(
        "<details><summary><code>prod/eu-west-1</code>: 1 changed, 2 missing, 0 orphaned, 0 unmanaged</summary>"
    ));
    assert!(text.contains("<details><summary><code>prod/us-east-1</code>: failed</summary>\n\n> **Error:** AccessDenied"));
    assert!(!text.contains("<code>central/eu-west-1</code>"), "{text}");
    // The sections hold the single-target Markdown without its heading.
    assert!(
        !text.contains("### backupctl drift: stack `org` in"),
        "{text}"
    );
}

#[test]
fn drift_with_plan_errors_has_no_verdict() {
    let mut r = drift(0, 0);
    r.errors
        .push("vault \"x\" exists and is not managed".into());
    let doc = fleet(DocKind::Drift, vec![("prod/eu-west-1", Ok(r))]);
    let line = drift::overall(&doc);
    assert!(
        line.contains(
            "0 target(s) drifted. 1 target(s) without a verdict (plan errors): prod/eu-west-1."
        ),
        "{line}"
    );
}

/// Sixty targets with a lot of drift each: the comment stays under the cap,
/// and every target is either shown or named as left out.
#[test]
fn markdown_of_sixty_targets_stays_under_the_cap_and_names_what_it_leaves_out() {
    let names: Vec<String> = (0..60).map(|i| format!("acct{i:02}/eu-west-1")).collect();
    let doc = fleet(
        DocKind::Drift,
        names
            .iter()
            .map(|n| (n.as_str(), Ok(drift(20, 60))))
            .collect(),
    );
    let text = drift::render(&doc, Format::Markdown);
    assert!(text.len() <= DEFAULT_CAP, "{}", text.len());
    let note = text
        .lines()
        .find(|l| l.starts_with("_Details of "))
        .expect("a note naming the targets left out");
    let shown = text.matches("<details>").count();
    assert!(shown > 0 && shown < 60, "{shown}");
    assert!(
        note.starts_with(&format!("_Details of {} target(s) left out", 60 - shown)),
        "{note}"
    );
    for n in &names {
        let in_section = text.contains(&format!("<code>{n}</code>"));
        let named = note.contains(&format!("`{n}`"));
        assert!(
            in_section != named,
            "{n}: shown {in_section}, named {named}"
        );
    }
    assert!(
        note.ends_with("Run `backupctl drift --target NAME` for them._"),
        "{note}"
    );
}

fn report_doc(max_failed: Option<i64>) -> Fleet<JobReport> {
    fleet(
        DocKind::Report,
        vec![
            ("central/eu-west-1", Ok(report(10, 1, max_failed))),
            ("prod/eu-west-1", Ok(report(5, 1, max_failed))),
            ("prod/us-east-1", Err(DENIED)),
        ],
    )
}

#[test]
fn report_totals_count_failed_jobs_over_every_target() {
    let doc = report_doc(None);
    let text = report::render(&doc, Format::Human);
    assert!(text.contains(
        "=== target prod/us-east-1 (account 222222222222, us-east-1) ===\nerror: AccessDenied"
    ));
    assert!(text.ends_with(
        "\nBackup jobs over 3 target(s), ONE_DAY: 15 jobs, 2 failed or expired; 0 failed copy jobs; 0 failed restore tests. 1 target(s) failed: prod/us-east-1.\n"
    ), "{text}");
    let md = report::render(&doc, Format::Markdown);
    assert!(
        md.contains(
            "| `central/eu-west-1` | 111111111111 | eu-west-1 | 10 | 1 | 0 | 0 | 0 | failed jobs |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| `prod/us-east-1` | 222222222222 | us-east-1 | - | - | - | - | - | failed |"),
        "{md}"
    );
}

#[test]
fn report_gate_holds_per_target_and_over_all_targets() {
    // Within the limit in each target (1 <= 1) but not in total (2 > 1).
    let line = report::overall(&report_doc(Some(1)));
    assert!(
        line.contains("FAIL: more than --max-failed 1 over all targets."),
        "{line}"
    );
    // Over it in one target: named.
    let mut doc = report_doc(Some(1));
    doc.targets[1].result = Some(report(5, 3, Some(1)));
    let line = report::overall(&doc);
    assert!(
        line.contains("4 failed or expired; 0 failed copy jobs; 0 failed restore tests. FAIL: over a limit in prod/eu-west-1. FAIL: more than --max-failed 1 over all targets."),
        "{line}"
    );
    let line = report::overall(&report_doc(Some(2)));
    assert!(
        line.contains("OK: within --max-failed 2 in each target and over all."),
        "{line}"
    );
}

#[test]
fn json_is_the_document_and_reads_back_equal() {
    let doc = report_doc(Some(1));
    let text = report::render(&doc, Format::Json);
    assert_eq!(text, doc.to_json());
    let back: Fleet<JobReport> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, doc);
    let doc = drift_doc();
    let back: Fleet<DriftReport> = serde_json::from_str(&doc.to_json()).unwrap();
    assert_eq!(back, doc);
}
