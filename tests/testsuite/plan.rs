//! `backupctl plan` end to end: the real binary and the real aws-sdk-backup
//! client against the emulator on 127.0.0.1. Examples, one change per field,
//! no perpetual diffs (reordering, re-indented policies, AWS defaults),
//! ownership, exit codes, saved plans and API call counts.

use std::path::PathBuf;

use testkit::*;

fn examples() -> Vec<(String, Vec<PathBuf>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let p = entry.unwrap().path();
        // Each YAML file, and each directory (a multi-file config); ci/
        // holds CI workflows, not configs.
        if p.ends_with("ci") {
            continue;
        }
        // A multi-target config (`targets:`, e.g. examples/organization)
        // plans per target into a fleet document, not one change set.
        if declares_targets(&p) {
            continue;
        }
        // examples/shared holds one config per team, each made of the
        // team's directory and the shared definitions in common/.
        if p.ends_with("shared") {
            for team in ["team-a", "team-b"] {
                let files = vec![p.join("common"), p.join(team)];
                out.push((format!("shared/{team}"), files));
            }
            continue;
        }
        if p.extension().is_some_and(|e| e == "yaml") || p.is_dir() {
            out.push((p.file_name().unwrap().to_string_lossy().into(), vec![p]));
        }
    }
    out.sort();
    assert!(out.len() >= 3, "examples found: {out:?}");
    out
}

/// Whether a config file, or any YAML file of a config directory, has a
/// top-level `targets:` key.
fn declares_targets(p: &std::path::Path) -> bool {
    let files: Vec<PathBuf> = if p.is_dir() {
        std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| f.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect()
    } else {
        vec![p.to_path_buf()]
    };
    files.iter().any(|f| {
        std::fs::read_to_string(f)
            .unwrap()
            .lines()
            .any(|l| l.starts_with("targets:"))
    })
}

/// The region of an example (its header, else the default). Nothing is
/// created first: every example must plan on a fresh account.
fn prepare(_emu: &Emu, d: &backupctl::model::Desired) -> Vec<String> {
    vec![
        "--region".into(),
        d.region.clone().unwrap_or_else(|| REGION.to_string()),
    ]
}

#[test]
fn every_example_on_an_empty_account_creates_exactly_its_resources() {
    for (name, files) in examples() {
        let emu = Emu::start();
        let d = desired_from_files(&files);
        let region = prepare(&emu, &d);
        let files: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
        let mut args = vec!["--format", "json", "--detailed-exitcode"];
        args.extend(region.iter().map(String::as_str));
        let (code, out, err) = plan_files(&emu, &files, &args);
        assert_eq!(code, 2, "{name}: {out}\n{err}");
        let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut expected = Vec::new();
        if !d.settings.is_empty() {
            // The emulator starts with AWS's defaults; declared settings differ.
            expected.push(("~".to_string(), "settings".to_string()));
        }
        for v in d.vaults.keys() {
            expected.push(("+".to_string(), format!("vault.{v}")));
        }
        for v in d.air_gapped_vaults.keys() {
            expected.push(("+".to_string(), format!("air_gapped_vault.{v}")));
        }
        // Dependency order: vaults, then plans, then their selections.
        for p in d.plans.keys() {
            expected.push(("+".to_string(), format!("plan.{p}")));
        }
        for (p, plan) in &d.plans {
            for s in plan.selections.keys() {
                expected.push(("+".to_string(), format!("plan.{p}.selection.{s}")));
            }
        }
        // Then restore testing plans, then their selections.
        for p in d.restore_testing_plans.keys() {
            expected.push(("+".to_string(), format!("restore_testing_plan.{p}")));
        }
        for (p, plan) in &d.restore_testing_plans {
            for s in plan.selections.keys() {
                let address = format!("restore_testing_plan.{p}.selection.{s}");
                expected.push(("+".to_string(), address));
            }
        }
        // Then tiering configurations.
        for t in d.tiering_configurations.keys() {
            expected.push(("+".to_string(), format!("tiering_configuration.{t}")));
        }
        // Then legal holds.
        for t in d.legal_holds.keys() {
            expected.push(("+".to_string(), format!("legal_hold.{t}")));
        }
        // Then frameworks, then the report plans naming them.
        for f in d.frameworks.keys() {
            expected.push(("+".to_string(), format!("framework.{f}")));
        }
        for r in d.report_plans.keys() {
            expected.push(("+".to_string(), format!("report_plan.{r}")));
        }
        assert_eq!(changes(&plan), expected, "{name}");
        assert!(plan["errors"].is_null(), "{name}: {plan:#}");
    }
}

#[test]
fn every_example_seeded_into_the_account_has_no_changes() {
    for (name, files) in examples() {
        let emu = Emu::start();
        let d = desired_from_files(&files);
        let region = prepare(&emu, &d);
        emu.seed_in(&d, &region[1]);
        let files: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
        let mut args = vec!["--detailed-exitcode"];
        args.extend(region.iter().map(String::as_str));
        let (code, out, err) = plan_files(&emu, &files, &args);
        assert_eq!(code, 0, "{name}: {out}\n{err}");
        assert!(out.contains("No changes."), "{name}: {out}");
        assert!(
            out.contains("Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy."),
            "{name}: {out}"
        );
    }
}

#[test]
fn the_base_config_seeded_has_no_changes() {
    let emu = seeded();
    let plan = plan_json(&emu, BASE, 0);
    assert!(changes(&plan).is_empty(), "{plan:#}");
}

#[test]
fn a_change_of_each_field_shows_exactly_that_change() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "tags: {team: a}",
            "tags: {team: b}",
            "~ vault.main",
            &["tags.team"],
        ),
        (
            "events: [BACKUP_JOB_FAILED, COPY_JOB_FAILED]",
            "events: [BACKUP_JOB_FAILED]",
            "~ vault.main",
            &["notifications.events"],
        ),
        (
            "arn:aws:sns:us-east-1:123456789012:alerts",
            "arn:aws:sns:us-east-1:123456789012:other",
            "~ vault.main",
            &["notifications.sns_topic_arn"],
        ),
        (
            "Effect: Deny, Principal",
            "Effect: Allow, Principal",
            "~ vault.main",
            &["access_policy"],
        ),
        (
            "  - name: second\n",
            "  - name: second\n    tags: {x: y}\n",
            "~ vault.second",
            &["tags.x"],
        ),
        (
            "tags: {env: dev}",
            "tags: {env: prod}",
            "~ plan.p",
            &["tags.env"],
        ),
        (
            "schedule: cron(0 5 ? * * *)",
            "schedule: cron(0 6 ? * * *)",
            "~ plan.p",
            &["rules.r1.schedule"],
        ),
        (
            "start_window_minutes: 60",
            "start_window_minutes: 120",
            "~ plan.p",
            &["rules.r1.start_window_minutes"],
        ),
        (
            "completion_window_minutes: 720",
            "completion_window_minutes: 1440",
            "~ plan.p",
            &["rules.r1.completion_window_minutes"],
        ),
        (
            "delete_after_days: 365}",
            "delete_after_days: 400}",
            "~ plan.p",
            &["rules.r1.lifecycle.delete_after_days"],
        ),
        (
            "move_to_cold_storage_after_days: 30,",
            "move_to_cold_storage_after_days: 31,",
            "~ plan.p",
            &["rules.r1.lifecycle.move_to_cold_storage_after_days"],
        ),
        (
            "recovery_point_tags: {k: v}",
            "recovery_point_tags: {k: w}",
            "~ plan.p",
            &["rules.r1.recovery_point_tags.k"],
        ),
        (
            "target_vault: second",
            "target_vault: main",
            "~ plan.p",
            &["rules.r2.target_vault"],
        ),
        (
            "backup-vault:dr",
            "backup-vault:dr2",
            "~ plan.p",
            &["rules.r2.copy_actions"],
        ),
        (
            "        schedule: cron(0 5 ? * * *)\n",
            "        schedule: cron(0 5 ? * * *)\n        schedule_timezone: Europe/Berlin\n",
            "~ plan.p",
            &["rules.r1.schedule_timezone"],
        ),
        (
            "role/backup",
            "role/other",
            "-/+ plan.p.selection.s",
            &["iam_role_arn"],
        ),
        (
            "volume/b]",
            "volume/c]",
            "-/+ plan.p.selection.s",
            &["resources"],
        ),
        (
            "volume/x\"]",
            "volume/y\"]",
            "-/+ plan.p.selection.s",
            &["not_resources"],
        ),
        (
            "value: \"web-*\"}",
            "value: \"api-*\"}",
            "-/+ plan.p.selection.s",
            &["conditions.string_like"],
        ),
        (
            "tags: {team: a}",
            "tags: {}",
            "~ vault.main",
            &["tags.team"],
        ),
        (
            "WindowsVSS: enabled",
            "WindowsVSS: disabled",
            "~ plan.p",
            &["advanced_backup_settings.EC2.WindowsVSS"],
        ),
        (
            "lifecycle: {delete_after_days: 100}",
            "lifecycle: {delete_after_days: 120}",
            "~ plan.p",
            &["rules.r2.copy_actions"],
        ),
        (
            "        target_vault: second\n",
            "        target_vault: second\n        enable_continuous_backup: true\n",
            "~ plan.p",
            &["rules.r2.enable_continuous_backup"],
        ),
        (
            "value: \"yes\"}",
            "value: \"no\"}",
            "-/+ plan.p.selection.s",
            &["list_of_tags"],
        ),
        (
            "value: prod}",
            "value: dev}",
            "-/+ plan.p.selection.s",
            &["conditions.string_equals"],
        ),
    ];
    let emu = seeded();
    for (from, to, change, fields) in cases {
        assert!(BASE.contains(from), "case not in BASE: {from}");
        let yaml = BASE.replacen(from, to, 1);
        let plan = plan_json(&emu, &yaml, 2);
        let (got, got_fields) = only_change_fields(&plan);
        assert_eq!(&got, change, "{from} -> {to}");
        assert_eq!(got_fields, *fields, "{from} -> {to}");
    }
}

#[test]
fn a_new_rule_and_a_removed_selection_are_shown_as_such() {
    let emu = seeded();
    let yaml = BASE.replacen(
        "    selections:\n",
        "      - name: r3\n        target_vault: main\n    selections:\n",
        1,
    );
    let plan = plan_json(&emu, &yaml, 2);
    let (c, f) = only_change_fields(&plan);
    assert_eq!(c, "~ plan.p");
    assert!(f.iter().all(|p| p.starts_with("rules.r3.")), "{f:?}");
    let cut = BASE.find("    selections:").unwrap();
    let plan = plan_json(&emu, &BASE[..cut], 2);
    assert_eq!(
        changes(&plan),
        [("-".to_string(), "plan.p.selection.s".to_string())]
    );
}

#[test]
fn reordering_rules_resources_conditions_and_events_changes_nothing() {
    let emu = seeded();
    let reordered = BASE
        .replace(
            "events: [BACKUP_JOB_FAILED, COPY_JOB_FAILED]",
            "events: [COPY_JOB_FAILED, BACKUP_JOB_FAILED]",
        )
        .replace(
            "resources: [arn:aws:ec2:*:*:volume/a, arn:aws:ec2:*:*:volume/b]",
            "resources: [arn:aws:ec2:*:*:volume/b, arn:aws:ec2:*:*:volume/a]",
        )
        .replace(
            "            - {key: \"aws:ResourceTag/env\", value: prod}\n            - {key: \"aws:ResourceTag/team\", value: a}\n",
            "            - {key: \"aws:ResourceTag/team\", value: a}\n            - {key: \"aws:ResourceTag/env\", value: prod}\n",
        );
    assert_ne!(reordered, BASE);
    // Rules and vaults in the opposite order.
    let r1_start = reordered.find("      - name: r1").unwrap();
    let r2_start = reordered.find("      - name: r2").unwrap();
    let sel = reordered.find("    selections:").unwrap();
    let swapped = format!(
        "{}{}{}{}",
        &reordered[..r1_start],
        &reordered[r2_start..sel],
        &reordered[r1_start..r2_start],
        &reordered[sel..]
    );
    let plan = plan_json(&emu, &swapped, 0);
    assert!(changes(&plan).is_empty());
}

#[test]
fn a_reindented_policy_or_one_given_as_a_json_string_changes_nothing() {
    let emu = seeded();
    let as_string = BASE.replace(
        "    access_policy:\n      Version: \"2012-10-17\"\n      Statement:\n        - {Effect: Deny, Principal: \"*\", Action: [\"backup:DeleteRecoveryPoint\", \"backup:PutBackupVaultAccessPolicy\"], Resource: \"*\"}\n",
        "    access_policy: '{\"Statement\": [{\"Resource\": \"*\", \"Action\": [\"backup:DeleteRecoveryPoint\", \"backup:PutBackupVaultAccessPolicy\"],\n        \"Principal\": \"*\", \"Effect\": \"Deny\"}], \"Version\": \"2012-10-17\"}'\n",
    );
    assert_ne!(as_string, BASE);
    let plan = plan_json(&emu, &as_string, 0);
    assert!(changes(&plan).is_empty());
}

#[test]
fn values_aws_fills_in_by_default_change_nothing() {
    // The seeder omits defaults; the config states them explicitly.
    let emu = seeded();
    let explicit = BASE.replacen(
        "        target_vault: second\n",
        "        target_vault: second\n        schedule_timezone: Etc/UTC\n        start_window_minutes: 480\n        completion_window_minutes: 10080\n        schedule: cron(0 5 ? * * *)\n",
        1,
    );
    let plan = plan_json(&emu, &explicit, 0);
    assert!(changes(&plan).is_empty());
}

#[test]
fn a_new_encryption_key_replaces_the_vault_and_a_lock_change_updates_it() {
    let key = |k: &str| format!("arn:aws:kms:us-east-1:123456789012:key/{k}");
    let yaml = |k: &str, min: u32| {
        format!(
            "version: 1\nstack: t\nvaults:\n  - name: locked\n    encryption_key_arn: {}\n    lock: {{min_retention_days: {min}, max_retention_days: 100, changeable_for_days: 3}}\n",
            key(k)
        )
    };
    let emu = Emu::start();
    emu.seed_yaml(&yaml("one", 7));
    // The write-only changeable_for_days never causes a diff.
    assert!(changes(&plan_json(&emu, &yaml("one", 7), 0)).is_empty());
    let plan = plan_json(&emu, &yaml("two", 7), 2);
    let (c, f) = only_change_fields(&plan);
    assert_eq!(c, "-/+ vault.locked");
    assert_eq!(f, ["encryption_key_arn"]);
    assert!(plan["changes"][0]["replace_reason"]
        .as_str()
        .unwrap()
        .contains("encryption_key_arn"));
    let plan = plan_json(&emu, &yaml("one", 14), 2);
    let (c, f) = only_change_fields(&plan);
    assert_eq!(c, "~ vault.locked");
    // Re-sending a compliance lock sets a new lock date: the plan says so.
    assert_eq!(f, ["lock.min_retention_days", "lock.lock_date"]);
    let date = &plan["changes"][0]["fields"][1];
    assert!(date["before"].as_str().unwrap().starts_with("20"), "{date}");
    assert_eq!(date["after"], "apply time + 3 days");
}

#[test]
fn a_declared_setting_that_differs_is_one_update() {
    let yaml = |v: bool| {
        format!("version: 1\nstack: t\nsettings:\n  region:\n    resource_type_opt_in:\n      EFS: {v}\n")
    };
    let emu = Emu::start();
    let current = emu.rt.block_on(async {
        emu.client()
            .describe_region_settings()
            .send()
            .await
            .unwrap()
            .resource_type_opt_in_preference()
            .and_then(|m| m.get("EFS").copied())
    });
    let current = current.unwrap_or(false);
    assert!(changes(&plan_json(&emu, &yaml(current), 0)).is_empty());
    let plan = plan_json(&emu, &yaml(!current), 2);
    let (c, f) = only_change_fields(&plan);
    assert_eq!(c, "~ settings");
    assert_eq!(f, ["resource_type_opt_in.EFS"]);
}
