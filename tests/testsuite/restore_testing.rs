//! Restore testing plans and selections through the real binary against
//! the emulator: validation findings at file:line:column with key paths,
//! plan/apply/converge, update in place (plan and selection) and replace
//! (a new protected resource type), drift on an out-of-band change, import
//! back with no changes, deleting a removed plan (selections first), and
//! never touching a restore testing plan the stack does not own.

use testkit::Emu;

const HEAD: &str = "version: 1\nstack: rt\nvaults:\n  - name: main\n";

const ROLE: &str = "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole";

fn config(start_window: u32, validation: u32, rtype: &str) -> String {
    format!(
        r#"{HEAD}restore_testing_plans:
  - name: nightly
    schedule: cron(0 2 ? * * *)
    schedule_timezone: Europe/Berlin
    start_window_hours: {start_window}
    recovery_point_selection:
      algorithm: LATEST_WITHIN_WINDOW
      include_vaults: [main]
      recovery_point_types: [SNAPSHOT, CONTINUOUS]
    tags: {{team: a}}
    selections:
      - name: volumes
        iam_role_arn: {ROLE}
        protected_resource_type: {rtype}
        protected_resource_arns: ["*"]
        protected_resource_conditions:
          string_equals:
            - {{key: "aws:ResourceTag/restore", value: "yes"}}
        validation_window_hours: {validation}
      - name: one_db
        iam_role_arn: {ROLE}
        protected_resource_type: RDS
        protected_resource_arns: ["arn:aws:rds:us-east-1:123456789012:db:orders"]
"#
    )
}

fn apply(emu: &Emu, yaml: &str) -> String {
    let (code, out, err) = testkit::with_config(emu, "apply", yaml, &["--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
    out
}

fn converged(emu: &Emu, yaml: &str) {
    let (code, out, err) = testkit::plan(emu, yaml, &["--detailed-exitcode"]);
    assert_eq!(code, 0, "not converged:\n{out}\n{err}");
}

fn rtp_state(emu: &Emu) -> serde_json::Value {
    emu.state()["accounts"][testkit::ACCOUNT]["regions"][testkit::REGION]["restore_testing_plans"]
        .clone()
}

#[test]
fn validation_names_file_line_column_and_key_path_without_calls() {
    let emu = Emu::start();
    let yaml = format!(
        r#"{HEAD}restore_testing_plans:
  - name: bad-name
    schedule: cron(0 2 * * * *)
    schedule_timezone: Europe/Berln
    start_window_hours: 200
    recovery_point_selection:
      algorithm: NEWEST
      include_vaults: [mian]
      recovery_point_types: [TAPE]
      selection_window_days: 0
    selections:
      - name: empty
        iam_role_arn: {ROLE}
        protected_resource_type: Tape
      - name: mixed
        iam_role_arn: {ROLE}
        protected_resource_type: EBS
        protected_resource_arns: ["arn:aws:ec2:us-east-1:123456789012:volume/vol-1"]
        protected_resource_conditions:
          string_equals: [{{key: k, value: v}}]
        validation_window_hours: 169
"#
    );
    emu.reset_counters();
    let (code, out, err) = testkit::with_config(&emu, "validate", &yaml, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    let all = format!("{out}{err}");
    for (line_col, needle) in [
        ("6:11", "invalid restore testing plan name `bad-name`"),
        ("7:15", "restore_testing_plans[0].schedule"),
        ("8:24", "unknown timezone `Europe/Berln`"),
        ("9:25", "start_window_hours is 200; allowed 1 to 168"),
        (
            "11:18",
            "restore_testing_plans[0].recovery_point_selection.algorithm",
        ),
        ("12:24", "vault `mian` is not defined"),
        ("13:30", "recovery_point_types[0]"),
        ("14:30", "selection_window_days is 0; allowed 1 to 365"),
        ("16:15", "selections[0].name: restore testing selection `empty` selects nothing"),
        ("18:34", "selections[0].protected_resource_type"),
        ("24:11", "selections[1].protected_resource_conditions: protected_resource_conditions can only narrow `*`"),
        ("25:34", "validation_window_hours is 169; allowed 0 to 168"),
    ] {
        assert!(
            all.lines()
                .any(|l| l.contains(&format!("backupctl.yaml:{line_col}: ")) && l.contains(needle)),
            "missing {line_col} {needle}:\n{all}"
        );
    }
    assert!(all.contains("did you mean `main`?"), "{all}");
    assert!(
        emu.calls().is_empty(),
        "validate made calls: {:?}",
        emu.calls()
    );
}

#[test]
fn apply_converges_updates_in_place_drifts_and_imports_back() {
    let emu = Emu::start();
    let v1 = config(12, 4, "EBS");
    let plan = testkit::plan_json(&emu, &v1, 2);
    assert_eq!(
        testkit::changes(&plan),
        [
            ("+", "vault.main"),
            ("+", "restore_testing_plan.nightly"),
            ("+", "restore_testing_plan.nightly.selection.one_db"),
            ("+", "restore_testing_plan.nightly.selection.volumes"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let out = apply(&emu, &v1);
    assert!(out.contains("restore_testing_plan.nightly"), "{out}");
    converged(&emu, &v1);
    let st = rtp_state(&emu);
    let p = &st["nightly"];
    assert_eq!(p["tags"]["backupctl:stack"], "rt");
    assert_eq!(
        p["plan"]["RecoveryPointSelection"]["IncludeVaults"][0],
        "arn:aws:backup:us-east-1:123456789012:backup-vault:main"
    );
    assert_eq!(
        p["selections"]["volumes"]["selection"]["ValidationWindowHours"],
        4
    );
    let crid = p["creator_request_id"].as_str().unwrap().to_string();
    assert!(!crid.is_empty());

    // Update in place: plan field and selection field, no create or delete.
    let v2 = config(24, 8, "EBS");
    let plan = testkit::plan_json(&emu, &v2, 2);
    assert_eq!(
        testkit::changes(&plan),
        [
            ("~", "restore_testing_plan.nightly"),
            ("~", "restore_testing_plan.nightly.selection.volumes"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    emu.reset_counters();
    apply(&emu, &v2);
    let calls: Vec<String> = emu.mutating_calls().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        calls,
        ["UpdateRestoreTestingPlan", "UpdateRestoreTestingSelection"],
        "{calls:?}"
    );
    converged(&emu, &v2);
    assert_eq!(
        rtp_state(&emu)["nightly"]["creator_request_id"],
        crid.as_str()
    );

    // A new protected resource type cannot be updated: replace.
    let v3 = config(24, 8, "EC2");
    let plan = testkit::plan_json(&emu, &v3, 2);
    let (what, fields) = testkit::only_change_fields(&plan);
    assert_eq!(what, "-/+ restore_testing_plan.nightly.selection.volumes");
    assert_eq!(fields, ["protected_resource_type"]);
    let (_, human, _) = testkit::plan(&emu, &v3, &[]);
    assert!(
        human.contains("protected_resource_type cannot change after creation"),
        "{human}"
    );
    apply(&emu, &v3);
    converged(&emu, &v3);

    // Drift: an out-of-band change to the plan shows as a change.
    let c = emu.client();
    emu.rt.block_on(async {
        c.update_restore_testing_plan()
            .restore_testing_plan_name("nightly")
            .restore_testing_plan(
                aws_sdk_backup::types::RestoreTestingPlanForUpdate::builder()
                    .start_window_hours(100)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    });
    let (code, out, err) = testkit::with_config(&emu, "drift", &v3, &[]);
    assert_ne!(code, 0, "{out}\n{err}");
    assert!(out.contains("restore_testing_plan.nightly"), "{out}");
    assert!(out.contains("start_window_hours"), "{out}");
    let plan = testkit::plan_json(&emu, &v3, 2);
    let (what, fields) = testkit::only_change_fields(&plan);
    assert_eq!(what, "~ restore_testing_plan.nightly");
    assert_eq!(fields, ["start_window_hours"]);
    apply(&emu, &v3);
    converged(&emu, &v3);

    // Import back: the written config plans no changes.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("imported.yaml");
    let (code, out, err) = testkit::run(
        &emu,
        &["import", "--stack", "rt", "-o", f.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(text.contains("restore_testing_plans:"), "{text}");
    let (code, out, err) = testkit::plan_files(&emu, &[&f], &["--detailed-exitcode"]);
    assert_eq!(
        code, 0,
        "imported config is not converged:\n{text}\n{out}\n{err}"
    );
}

#[test]
fn a_removed_plan_is_deleted_selections_first() {
    let emu = Emu::start();
    apply(&emu, &config(12, 4, "EBS"));
    let plan = testkit::plan_json(&emu, HEAD, 2);
    assert_eq!(
        testkit::changes(&plan),
        [
            ("-", "restore_testing_plan.nightly.selection.one_db"),
            ("-", "restore_testing_plan.nightly.selection.volumes"),
            ("-", "restore_testing_plan.nightly"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    emu.reset_counters();
    apply(&emu, HEAD);
    // The emulator, like AWS, refuses to delete a plan that still has
    // selections: the plan's delete succeeding shows the order.
    let calls: std::collections::BTreeMap<String, u64> = emu.mutating_calls().into_iter().collect();
    assert_eq!(
        calls.get("DeleteRestoreTestingSelection"),
        Some(&2),
        "{calls:?}"
    );
    assert_eq!(calls.get("DeleteRestoreTestingPlan"), Some(&1), "{calls:?}");
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(rtp_state(&emu).as_object().map_or(0, |m| m.len()), 0);
    converged(&emu, HEAD);
}

#[test]
fn plans_the_stack_does_not_own_are_never_touched() {
    let emu = Emu::start();
    let c = emu.client();
    emu.rt.block_on(async {
        for (name, tags) in [("theirs", Some("other")), ("loose", None)] {
            let mut req = c
                .create_restore_testing_plan()
                .restore_testing_plan(
                    aws_sdk_backup::types::RestoreTestingPlanForCreate::builder()
                        .restore_testing_plan_name(name)
                        .schedule_expression("cron(0 5 ? * * *)")
                        .recovery_point_selection(
                            aws_sdk_backup::types::RestoreTestingRecoveryPointSelection::builder()
                                .algorithm(aws_sdk_backup::types::RestoreTestingRecoveryPointSelectionAlgorithm::LatestWithinWindow)
                                .include_vaults("*")
                                .recovery_point_types(aws_sdk_backup::types::RestoreTestingRecoveryPointType::Snapshot)
                                .build(),
                        )
                        .build()
                        .unwrap(),
                );
            if let Some(t) = tags {
                req = req.tags("backupctl:stack", t);
            }
            req.send().await.unwrap();
        }
    });
    // Not in the config: listed as unmanaged / another stack's, never deleted.
    emu.reset_counters();
    let (code, out, err) = testkit::with_config(&emu, "apply", HEAD, &["--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        !emu.mutating_calls()
            .iter()
            .any(|(n, _)| n.contains("RestoreTesting")),
        "{:?}",
        emu.mutating_calls()
    );
    let plan = testkit::plan_json(&emu, HEAD, 0);
    assert_eq!(plan["unmanaged"]["restore_testing_plans"][0], "loose");
    // Declared with the same names: refused, not taken over.
    let yaml = config(12, 4, "EBS").replace("name: nightly", "name: theirs");
    let (code, out, err) = testkit::plan(&emu, &yaml, &[]);
    assert_ne!(code, 0, "{out}\n{err}");
    assert!(
        format!("{out}{err}")
            .contains("restore testing plan \"theirs\" is managed by another stack (\"other\")"),
        "{out}\n{err}"
    );
    let yaml = config(12, 4, "EBS").replace("name: nightly", "name: loose");
    let (code, out, err) = testkit::plan(&emu, &yaml, &[]);
    assert_ne!(code, 0, "{out}\n{err}");
    assert!(
        format!("{out}{err}").contains("pass --adopt"),
        "{out}\n{err}"
    );
    let st = rtp_state(&emu);
    assert_eq!(st["theirs"]["tags"]["backupctl:stack"], "other");
    assert!(st["loose"]["tags"].as_object().unwrap().is_empty());
}
