//! Frameworks and report plans end to end: the real binary against the
//! emulator. Offline validation against the control catalogue and the
//! report template rules (file:line:column, key paths, no API call), plan,
//! apply and convergence (the deployment status waited for where needed),
//! update in place, a template change shown as a replace, drift on an
//! out-of-band change, import back with no changes, delete when dropped
//! (the report plan before its framework), and never touching what the
//! stack does not own.

use aws_sdk_backup::types::{ControlInputParameter, FrameworkControl};
use serde_json::Value;
use testkit::{Emu, ACCOUNT, REGION};

const CFG: &str = r#"version: 1
stack: audit
frameworks:
  - name: core
    description: Core controls
    controls:
      - name: BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK
        parameters:
          requiredRetentionDays: 35
      - name: BACKUP_RECOVERY_POINT_ENCRYPTED
      - name: BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION
        parameters:
          crossRegionList: [us-west-2, eu-west-1]
        scope:
          tags: {env: prod}
    tags:
      team: sec
report_plans:
  - name: core_report
    delivery:
      s3_bucket: audit-bucket
      formats: [JSON, CSV]
    template: CONTROL_COMPLIANCE_REPORT
    frameworks: [core]
  - name: jobs
    delivery:
      s3_bucket: audit-bucket
      s3_key_prefix: jobs
    template: BACKUP_JOB_REPORT
    regions: [us-east-1]
"#;

fn region(emu: &Emu) -> Value {
    emu.state()["accounts"][ACCOUNT]["regions"][REGION].clone()
}

fn apply(emu: &Emu, yaml: &str) -> String {
    let (code, out, err) = testkit::with_config(emu, "apply", yaml, &["--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
    out
}

fn assert_converged(emu: &Emu, yaml: &str) {
    let (code, out, err) = testkit::plan(emu, yaml, &["--detailed-exitcode"]);
    assert_eq!(code, 0, "not converged:\n{out}\n{err}");
    assert!(out.contains("No changes."), "{out}");
}

/// A framework created outside backupctl (tags optional).
fn seed_framework(emu: &Emu, name: &str, tags: &[(&str, &str)]) -> String {
    let c = emu.client();
    emu.rt.block_on(async {
        let mut req = c
            .create_framework()
            .framework_name(name)
            .framework_controls(
                FrameworkControl::builder()
                    .control_name("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK")
                    .control_input_parameters(
                        ControlInputParameter::builder()
                            .parameter_name("requiredRetentionDays")
                            .parameter_value("40")
                            .build(),
                    )
                    .build()
                    .unwrap(),
            );
        for (k, v) in tags {
            req = req.framework_tags(*k, *v);
        }
        let arn = req.send().await.unwrap().framework_arn.unwrap();
        // Let the deployment finish.
        c.describe_framework()
            .framework_name(name)
            .send()
            .await
            .unwrap();
        arn
    })
}

#[test]
fn bad_config_is_reported_at_file_line_column_without_an_api_call() {
    let emu = Emu::start();
    let bad = CFG
        .replace(
            "BACKUP_RECOVERY_POINT_ENCRYPTED",
            "BACKUP_RECOVERY_POINT_ENCRYPTD",
        )
        .replace("requiredRetentionDays: 35", "requiredRetentionDay: 35")
        .replace("[us-west-2, eu-west-1]", "[us-west-2, nowhere]")
        .replace("frameworks: [core]", "frameworks: [cor]")
        .replace("template: BACKUP_JOB_REPORT", "template: BACKUP_JOB_REPORT\n    frameworks: [core]")
        + "  - name: no_frameworks\n    delivery: {s3_bucket: b, formats: [XML]}\n    template: RESOURCE_COMPLIANCE_REPORT\n";
    for cmd in ["validate", "plan"] {
        let (code, out, err) = testkit::with_config(&emu, cmd, &bad, &[]);
        assert_eq!(code, 1, "{cmd}: {out}\n{err}");
        for want in [
            "backupctl.yaml:9:33: frameworks[0].controls[0].parameters.requiredRetentionDay: unknown parameter `requiredRetentionDay` for control BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
            "hint: did you mean `requiredRetentionDays`?",
            "backupctl.yaml:10:15: frameworks[0].controls[1].name: unknown control `BACKUP_RECOVERY_POINT_ENCRYPTD`",
            "hint: did you mean `BACKUP_RECOVERY_POINT_ENCRYPTED`?",
            "frameworks[0].controls[2].parameters.crossRegionList: parameter `crossRegionList` is `us-west-2,nowhere`",
            "report_plans[0].frameworks[0]: framework `cor` is not declared in this config",
            "report_plans[1].frameworks[0]: the BACKUP_JOB_REPORT template covers jobs, not frameworks",
            "report_plans[2].delivery.formats[0]: unknown report format `XML`",
            "report_plans[2].template: the RESOURCE_COMPLIANCE_REPORT template needs `frameworks`",
        ] {
            assert!(err.contains(want), "{cmd}: missing {want:?} in\n{err}");
        }
    }
    // A scope the control does not take, and a duplicate control.
    let bad = CFG.replace(
        "      - name: BACKUP_RECOVERY_POINT_ENCRYPTED\n",
        "      - name: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK\n        scope: {resource_types: [EBS]}\n      - name: BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK\n",
    );
    let (code, _, err) = testkit::with_config(&emu, "validate", &bad, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("frameworks[0].controls[1].scope.resource_types[0]: control BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK takes no resource type scope"), "{err}");
    assert!(err.contains("frameworks[0].controls[2].name: duplicate control `BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK`"), "{err}");
    assert!(emu.calls().is_empty(), "{:?}", emu.calls());
}

#[test]
fn plan_apply_converge_update_replace_drift_and_delete() {
    let emu = Emu::start();
    let plan = testkit::plan_json(&emu, CFG, 2);
    assert_eq!(
        testkit::changes(&plan),
        [
            ("+".to_string(), "framework.core".to_string()),
            ("+".to_string(), "report_plan.core_report".to_string()),
            ("+".to_string(), "report_plan.jobs".to_string()),
        ]
    );
    let token = plan["changes"][0]["creator_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, human, _) = testkit::plan(&emu, CFG, &[]);
    assert!(human.contains("+ framework.core"), "{human}");
    let (_, md, _) = testkit::plan(&emu, CFG, &["--format", "markdown"]);
    assert!(md.contains("report_plan.core_report"), "{md}");

    // The report plan names the framework created just before it: apply
    // waits for its deployment and sends its ARN.
    apply(&emu, CFG);
    let r = region(&emu);
    let f = &r["frameworks"]["core"];
    assert_eq!(f["idempotency_token"], token.as_str());
    assert_eq!(f["tags"]["backupctl:stack"], "audit");
    let arn = f["arn"].as_str().unwrap().to_string();
    let rp = &r["report_plans"]["core_report"];
    assert_eq!(rp["setting"]["FrameworkArns"][0], arn.as_str());
    assert_eq!(rp["tags"]["backupctl:stack"], "audit");
    // Right after apply (deployments may still be in progress): no changes.
    assert_converged(&emu, CFG);

    // Update in place: a parameter, the order of controls, a format.
    let updated = CFG
        .replace("requiredRetentionDays: 35", "requiredRetentionDays: 60")
        .replace("formats: [JSON, CSV]", "formats: [JSON]");
    let plan = testkit::plan_json(&emu, &updated, 2);
    assert_eq!(
        testkit::changes(&plan),
        [
            ("~".to_string(), "framework.core".to_string()),
            ("~".to_string(), "report_plan.core_report".to_string()),
        ]
    );
    apply(&emu, &updated);
    let r = region(&emu);
    assert_eq!(r["frameworks"]["core"]["arn"], arn.as_str());
    assert_converged(&emu, &updated);

    // A new template cannot be changed in place: replace, shown as such.
    let replaced = updated.replace("template: BACKUP_JOB_REPORT", "template: COPY_JOB_REPORT");
    let plan = testkit::plan_json(&emu, &replaced, 2);
    assert_eq!(
        testkit::changes(&plan),
        [("-/+".to_string(), "report_plan.jobs".to_string())]
    );
    apply(&emu, &replaced);
    assert_eq!(
        region(&emu)["report_plans"]["jobs"]["setting"]["ReportTemplate"],
        "COPY_JOB_REPORT"
    );
    assert_converged(&emu, &replaced);

    // Drift: a control changed out of band.
    let c = emu.client();
    emu.rt.block_on(async {
        c.update_framework()
            .framework_name("core")
            .framework_controls(
                FrameworkControl::builder()
                    .control_name("BACKUP_RECOVERY_POINT_ENCRYPTED")
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    });
    let (code, out, err) = testkit::with_config(&emu, "drift", &replaced, &[]);
    assert_ne!(code, 0, "{out}\n{err}");
    assert!(out.contains("framework.core"), "{out}");
    apply(&emu, &replaced);
    assert_converged(&emu, &replaced);

    // Dropped from the config: the report plans go before the framework.
    let (code, out, err) = testkit::with_config(
        &emu,
        "apply",
        "version: 1\nstack: audit\n",
        &["--auto-approve", "--allow-destroy"],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    let a = out.find("report_plan.core_report").expect(&out);
    let b = out.find("framework.core").expect(&out);
    assert!(a < b, "{out}");
    let r = region(&emu);
    assert!(
        r["frameworks"].as_object().is_none_or(|m| m.is_empty()),
        "{r:#}"
    );
    assert!(
        r["report_plans"].as_object().is_none_or(|m| m.is_empty()),
        "{r:#}"
    );
}

#[test]
fn others_are_never_touched_and_import_comes_back_with_no_changes() {
    let emu = Emu::start();
    seed_framework(&emu, "theirs", &[("backupctl:stack", "other")]);
    seed_framework(&emu, "loose", &[]);
    // An empty stack config plans nothing for them.
    let (code, out, err) =
        testkit::plan(&emu, "version: 1\nstack: audit\n", &["--detailed-exitcode"]);
    assert_eq!(code, 0, "{out}\n{err}");
    // Declaring one of them without --adopt is refused.
    let cfg = "version: 1\nstack: audit\nframeworks:\n  - name: theirs\n    controls: [{name: BACKUP_RECOVERY_POINT_ENCRYPTED}]\n";
    let (code, out, err) = testkit::plan(&emu, cfg, &[]);
    assert_ne!(code, 0, "{out}\n{err}");
    assert!(
        format!("{out}{err}").contains("managed by another stack"),
        "{out}\n{err}"
    );

    let arn = seed_framework(&emu, "imported", &[("team", "x")]);
    let (code, out, err) = testkit::run(
        &emu,
        &["import", "--stack", "imp", "--name", "imported", "--adopt"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("frameworks:\n"), "{out}");
    assert!(out.contains(&format!("# source: {arn}")), "{out}");
    assert_eq!(
        region(&emu)["frameworks"]["imported"]["tags"]["backupctl:stack"],
        "imp"
    );
    let (code, v_out, v_err) = testkit::with_config(&emu, "validate", &out, &[]);
    assert_eq!(code, 0, "{v_out}\n{v_err}\n{out}");
    assert_converged(&emu, &out);
    // The others are as they were.
    let r = region(&emu);
    assert_eq!(
        r["frameworks"]["theirs"]["tags"]["backupctl:stack"],
        "other"
    );
    assert!(r["frameworks"]["loose"]["tags"]
        .get("backupctl:stack")
        .is_none());
}
