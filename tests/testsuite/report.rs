//! `backupctl report` against the emulator, with jobs seeded through its
//! admin API: the account totals, per managed vault and plan counts, failed
//! resources, explicitly selected resources without a completed job, every
//! format, the `--max-failed` gate's exit codes, the rolling window of each
//! period (independent of the time of day), and that it only reads.

use serde_json::{json, Value};
use testkit::{with_config, Emu, ACCOUNT};

const VOL: &str = "arn:aws:ec2:us-east-1:123456789012:volume/vol-";

/// An hourly rule with a one-hour start window is always due in a 7-day
/// window.
fn config() -> String {
    format!(
        "version: 1
stack: s
vaults: [{{name: main}}, {{name: spare}}]
plans:
  - name: hourly
    rules: [{{name: r, target_vault: main, schedule: 'cron(0 * ? * * *)', start_window_minutes: 60}}]
    selections:
      - name: sel
        iam_role_arn: arn:aws:iam::{ACCOUNT}:role/backup
        resources: ['{VOL}ok', '{VOL}bad', '{VOL}never', 'arn:aws:ec2:*:*:volume/*']
        not_resources: ['{VOL}skip']
"
    )
}

fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

fn job(vault: &str, vol: &str, state: &str, plan: Option<&str>, age_s: f64) -> Value {
    let mut j = json!({"BackupVaultName": vault, "ResourceArn": format!("{VOL}{vol}"),
        "ResourceType": "EBS", "State": state, "CreationDate": now() - age_s});
    if state == "FAILED" {
        j["MessageCategory"] = json!("AccessDenied");
        j["StatusMessage"] = json!("Insufficient privileges to perform this action.");
    }
    if state == "EXPIRED" {
        j["MessageCategory"] = json!("EXPIRED");
    }
    if let Some(p) = plan {
        j["BackupPlanId"] = json!(p);
    }
    j
}

/// The config applied plus an unmanaged vault, and jobs: 3 completed, 2
/// failed, 1 expired, 1 running in the last hours (one failure in the
/// unmanaged vault), and one failure 3 days ago.
fn seeded() -> Emu {
    let emu = Emu::start();
    emu.seed_yaml(&config());
    emu.seed_yaml("version: 1\nstack: other\nvaults: [{name: theirs}]\n");
    let state = emu.state();
    let plans = &state["accounts"][ACCOUNT]["regions"][testkit::REGION]["plans"];
    let id = plans.as_object().unwrap().keys().next().unwrap().clone();
    let p = Some(id.as_str());
    let hour = 3600.0;
    let jobs = json!([
        job("main", "ok", "COMPLETED", p, 0.5 * hour),
        job("main", "ok", "COMPLETED", p, 1.5 * hour),
        job("main", "bad", "FAILED", p, 0.3 * hour),
        job("main", "bad", "RUNNING", p, 10.0),
        job("main", "extra", "COMPLETED", None, 0.4 * hour),
        job("main", "never", "EXPIRED", p, 0.2 * hour),
        job("theirs", "x", "FAILED", None, 0.1 * hour),
        job("main", "old", "FAILED", p, 3.0 * 24.0 * hour),
    ]);
    emu.admin_post(
        "/__emulator/backup-jobs",
        &json!({ "jobs": jobs }).to_string(),
    );
    emu.reset_counters();
    emu
}

fn report(emu: &Emu, args: &[&str]) -> (i32, String, String) {
    with_config(emu, "report", &config(), args)
}

fn only_reads(emu: &Emu) {
    assert!(
        emu.mutating_calls().is_empty(),
        "{:?}",
        emu.mutating_calls()
    );
    // The account's counts come from the same ListBackupJobs answer as
    // everything else: no ListBackupJobSummaries.
    let c = emu.counters();
    assert_eq!(c.get("ListBackupJobSummaries"), None, "{c:?}");
    assert_eq!(c.get("ListBackupJobs"), Some(&1), "{c:?}");
}

#[test]
fn json_report_counts_everything_over_seven_days() {
    let emu = seeded();
    let (code, out, err) = report(&emu, &["--period", "SEVEN_DAYS", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    only_reads(&emu);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["format_version"], 2);
    assert_eq!(r["period"], "SEVEN_DAYS");
    assert_eq!(r["account"]["total"], 8);
    assert_eq!(r["account"]["by_state"]["FAILED"], 3);
    assert_eq!(r["account"]["by_state"]["COMPLETED"], 3);
    assert_eq!(r["account"]["by_message_category"]["AccessDenied"], 3);
    assert_eq!(r["account"]["by_message_category"]["SUCCESS"], 3);
    assert_eq!(r["account"]["by_resource_type"]["EBS"], 8);
    assert_eq!(r["failed_jobs"], 4);
    assert_eq!(r["exceeded"], false);
    // Managed vaults only (not "theirs"), each with its own jobs.
    let vaults: Vec<(&str, i64)> = r["vaults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["name"].as_str().unwrap(), v["total"].as_i64().unwrap()))
        .collect();
    assert_eq!(vaults, [("main", 7), ("spare", 0)]);
    assert_eq!(r["vaults"][0]["address"], "vault.main");
    let plan = &r["plans"][0];
    assert_eq!(plan["address"], "plan.hourly");
    assert_eq!(plan["name"], "hourly");
    assert!(plan["plan_id"].is_string(), "{plan}");
    assert_eq!(plan["total"], 6);
    assert_eq!(plan["by_state"]["RUNNING"], 1);
    let failed: Vec<(&str, i64, i64)> = r["failed_resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["resource_arn"].as_str().unwrap().trim_start_matches(VOL),
                f["failed"].as_i64().unwrap(),
                f["expired"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        failed,
        [("bad", 1, 0), ("never", 0, 1), ("old", 1, 0), ("x", 1, 0)]
    );
    assert_eq!(r["failed_resources"][0]["last_state"], "RUNNING");
    assert_eq!(r["failed_resources"][0]["plans"], json!(["plan.hourly"]));
    assert_eq!(r["failed_resources"][0]["other_plan_ids"], json!([]));
    assert_eq!(r["failed_resources"][0]["vaults"], json!(["vault.main"]));
    assert_eq!(r["failed_resources"][3]["vaults"], json!(["vault.theirs"]));
    assert_eq!(
        r["failed_resources"][0]["last_failure_message"],
        "Insufficient privileges to perform this action."
    );
    // ok has a completed job; bad and never do not; the wildcard and the
    // excluded volume are not explicit selections.
    assert_eq!(r["explicit_resources"], 3);
    let unprotected: Vec<(&str, &Value)> = r["unprotected_resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["resource_arn"].as_str().unwrap().trim_start_matches(VOL),
                &u["last_state"],
            )
        })
        .collect();
    assert_eq!(
        unprotected,
        [("bad", &json!("RUNNING")), ("never", &json!("EXPIRED"))]
    );
    assert_eq!(
        r["unprotected_resources"][0]["address"],
        "plan.hourly.selection.sel"
    );
}

#[test]
fn the_period_narrows_the_window() {
    let emu = seeded();
    let (code, out, _) = report(&emu, &["--period", "1d", "--format", "json"]);
    assert_eq!(code, 0);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["period"], "ONE_DAY");
    // Every job of the last hours, not the failure 3 days ago.
    assert_eq!(r["account"]["total"], 7, "{out}");
    assert_eq!(r["failed_jobs"], 3, "{out}");
    let resources: Vec<&str> = r["failed_resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource_arn"].as_str().unwrap())
        .collect();
    assert!(!resources.contains(&format!("{VOL}old").as_str()), "{out}");
}

fn epoch(rfc3339: &Value) -> f64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339.as_str().unwrap())
        .unwrap()
        .timestamp() as f64
}

/// Regression (issue 12, item 15): ONE_DAY covered AWS's latest daily
/// bucket (since midnight UTC in the emulator) or the last 24 hours,
/// depending on the data. Each period is now the rolling window ending when
/// the report runs, for every figure and the gate: a job an hour inside the
/// window counts, one an hour outside and one created after the report
/// started do not, at any time of day.
#[test]
fn one_day_counts_the_last_24_hours_whatever_the_time_of_day() {
    let hour = 3600.0;
    for (period, days) in [
        ("ONE_DAY", 1.0),
        ("SEVEN_DAYS", 7.0),
        ("FOURTEEN_DAYS", 14.0),
    ] {
        let emu = Emu::start();
        emu.seed_yaml(&config());
        let len = days * 24.0 * hour;
        let jobs = json!([
            job("main", "inside", "FAILED", None, len - hour),
            job("main", "outside", "FAILED", None, len + hour),
            // Stands for a job started while the report runs.
            job("main", "future", "FAILED", None, -hour),
        ]);
        emu.admin_post(
            "/__emulator/backup-jobs",
            &json!({ "jobs": jobs }).to_string(),
        );
        emu.reset_counters();
        let before = now().floor();
        let (code, out, err) = report(
            &emu,
            &["--period", period, "--format", "json", "--max-failed", "0"],
        );
        let after = now();
        assert_eq!(code, 2, "{period}: {err}");
        only_reads(&emu);
        let r: Value = serde_json::from_str(&out).unwrap();
        let (start, end) = (epoch(&r["window"]["start"]), epoch(&r["window"]["end"]));
        assert_eq!(end - start, len, "{period}: {out}");
        assert!(before <= end && end <= after, "{period}: {out}");
        assert_eq!(r["account"]["total"], 1, "{period}: {out}");
        assert_eq!(r["failed_jobs"], 1, "{period}: {out}");
        assert_eq!(r["vaults"][0]["total"], 1, "{period}: {out}");
        assert_eq!(
            r["failed_resources"][0]["resource_arn"],
            format!("{VOL}inside"),
            "{period}: {out}"
        );
        assert_eq!(r["failed_resources"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn max_failed_gates_with_exit_2() {
    let emu = seeded();
    let (code, out, _) = report(&emu, &["--period", "7d", "--max-failed", "4"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("OK: 4 failed or expired jobs, within --max-failed 4.\n"),
        "{out}"
    );
    let (code, out, _) = report(&emu, &["--period", "7d", "--max-failed", "3"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.ends_with("FAIL: 4 failed or expired jobs, more than --max-failed 3.\n"),
        "{out}"
    );
    let (code, out, _) = report(
        &emu,
        &["--period", "7d", "--max-failed", "0", "--format", "json"],
    );
    assert_eq!(code, 2);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (r["max_failed"].as_i64(), r["exceeded"].as_bool()),
        (Some(0), Some(true))
    );
    // Bad input: no call at all.
    emu.reset_counters();
    let (code, _, err) = report(&emu, &["--max-failed", "-1"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = report(&emu, &["--period", "30d"]);
    assert_eq!(code, 1, "{err}");
    assert!(emu.counters().values().all(|n| *n == 0));
}

#[test]
fn table_and_markdown() {
    let emu = seeded();
    let (code, out, _) = report(&emu, &["--period", "7d"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "Backup jobs of stack \"s\" in us-east-1, account 123456789012, SEVEN_DAYS ("
        ),
        "{out}"
    );
    assert!(out.contains("Account and region: 8 jobs\n"), "{out}");
    assert!(
        out.contains("  by state:            COMPLETED 3, EXPIRED 1, FAILED 3, RUNNING 1\n"),
        "{out}"
    );
    assert!(out.contains("  VAULT  JOBS  COMPLETED  FAILED  EXPIRED  ABORTED  PARTIAL  OTHER\n  main   7     3          2       1        0        0        1\n  spare  0"), "{out}");
    assert!(
        out.contains(&format!(
            "  {VOL}bad: Insufficient privileges to perform this action.\n"
        )),
        "{out}"
    );
    assert!(
        out.contains("Selected resources without a completed job (2 of 3 selected by ARN):"),
        "{out}"
    );
    let (code, md, _) = report(
        &emu,
        &[
            "--period",
            "7d",
            "--format",
            "markdown",
            "--max-failed",
            "1",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        md.starts_with("## ❌ Backup jobs: stack `s` in `us-east-1` (SEVEN_DAYS)\n"),
        "{md}"
    );
    assert!(
        md.contains("| State | Jobs |\n|---|---|\n| COMPLETED | 3 |\n"),
        "{md}"
    );
    assert!(
        md.contains(&format!("| `{VOL}never` | 0 | 1 | EXPIRED ")),
        "{md}"
    );
    assert!(
        md.contains(&format!("| hourly | sel | `{VOL}never` | ")),
        "{md}"
    );
}

#[test]
fn an_empty_account_reports_zero_and_passes_the_gate() {
    let emu = Emu::start();
    let (code, out, err) = report(&emu, &["--max-failed", "0"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Account and region: 0 jobs\n"), "{out}");
    assert!(out.contains("Managed vaults: none\n"), "{out}");
    assert!(
        out.ends_with("OK: 0 failed or expired jobs, within --max-failed 0.\n"),
        "{out}"
    );
}

#[test]
fn markdown_stays_under_the_comment_limit() {
    let emu = Emu::start();
    emu.seed_yaml(&config());
    let jobs: Vec<Value> = (0..1500)
        .map(|i| job("main", &format!("n{i:05}"), "FAILED", None, 60.0))
        .collect();
    emu.admin_post(
        "/__emulator/backup-jobs",
        &json!({ "jobs": jobs }).to_string(),
    );
    let (code, md, _) = report(&emu, &["--period", "7d", "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(md.len() <= 60_000, "{}", md.len());
    assert!(
        md.contains(
            "more line(s) not shown; run `backupctl report --format json` for everything._"
        ),
        "{}",
        &md[md.len() - 300..]
    );
    // JSON is never cut.
    let (_, out, _) = report(&emu, &["--period", "7d", "--format", "json"]);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["failed_resources"].as_array().unwrap().len(), 1500);
}
