//! Tiering configurations end to end: the real binary against the emulator.
//! Offline validation (file:line:column, key paths, no API call), plan,
//! apply and convergence, update in place (days, tags, the vault), drift on
//! an out-of-band change, delete when dropped from the config (before the
//! vault it names), import back with no changes, and never touching a
//! configuration the stack does not own.

use aws_sdk_backup::types::{
    ResourceSelection, TieringConfigurationInputForCreate, TieringConfigurationInputForUpdate,
};
use serde_json::Value;
use testkit::{Emu, ACCOUNT, REGION};

const CFG: &str = r#"version: 1
stack: tier
vaults:
  - name: prod
tiering_configurations:
  - name: prod_s3
    vault: prod
    resource_selection:
      - resource_type: S3
        resources: ["arn:aws:s3:::b2", "arn:aws:s3:::b1"]
        tiering_down_settings_in_days: 90
      - resource_type: S3
        resources: ["arn:aws:s3:::logs"]
        tiering_down_settings_in_days: 365
    tags:
      team: data
"#;

fn tiering_state(emu: &Emu) -> Value {
    emu.state()["accounts"][ACCOUNT]["regions"][REGION]["tiering_configurations"].clone()
}

fn apply(emu: &Emu, yaml: &str, args: &[&str]) -> String {
    let mut a = vec!["--auto-approve"];
    a.extend_from_slice(args);
    let (code, out, err) = testkit::with_config(emu, "apply", yaml, &a);
    assert_eq!(code, 0, "{out}\n{err}");
    out
}

fn assert_converged(emu: &Emu, yaml: &str) {
    let (code, out, err) = testkit::plan(emu, yaml, &["--detailed-exitcode"]);
    assert_eq!(code, 0, "not converged:\n{out}\n{err}");
    assert!(out.contains("No changes."), "{out}");
}

fn calls(emu: &Emu, op: &str) -> u64 {
    emu.calls()
        .iter()
        .find(|(n, _)| n == op)
        .map_or(0, |(_, c)| *c)
}

fn sel(resources: &[&str], days: i32) -> ResourceSelection {
    ResourceSelection::builder()
        .resource_type("S3")
        .set_resources(Some(resources.iter().map(|s| s.to_string()).collect()))
        .tiering_down_settings_in_days(days)
        .build()
        .unwrap()
}

/// Create a tiering configuration (and its vault) through the SDK.
fn seed(emu: &Emu, name: &str, vault: &str, tags: &[(&str, &str)]) -> String {
    let c = emu.client();
    emu.rt.block_on(async {
        let _ = c
            .create_backup_vault()
            .backup_vault_name(vault)
            .send()
            .await;
        let mut req = c.create_tiering_configuration().tiering_configuration(
            TieringConfigurationInputForCreate::builder()
                .tiering_configuration_name(name)
                .backup_vault_name(vault)
                .resource_selection(sel(&["*"], 100))
                .build()
                .unwrap(),
        );
        for (k, v) in tags {
            req = req.tiering_configuration_tags(*k, *v);
        }
        req.send().await.unwrap().tiering_configuration_arn.unwrap()
    })
}

#[test]
fn bad_config_is_reported_at_file_line_column_without_an_api_call() {
    let emu = Emu::start();
    let bad = CFG
        .replace("name: prod_s3", "name: prod-s3")
        .replace("vault: prod\n    resource", "vault: prdo\n    resource")
        .replace("days: 365", "days: 30")
        .replace("resource_type: S3\n        resources: [\"arn:aws:s3:::logs\"]", "resource_type: EBS\n        resources: [\"arn:aws:s3:::logs\"]")
        + "  - name: second\n    vault: \"*\"\n    resource_selection:\n      - resource_type: S3\n        resources: [\"*\", \"arn:aws:s3:::b1\"]\n        tiering_down_settings_in_days: 60\n  - name: third\n    vault: \"*\"\n    resource_selection:\n      - resource_type: S3\n        resources: [\"*\"]\n        tiering_down_settings_in_days: 60\n";
    emu.reset_counters();
    for cmd in ["validate", "plan"] {
        let (code, out, err) = testkit::with_config(&emu, cmd, &bad, &[]);
        assert_eq!(code, 1, "{cmd}: {out}\n{err}");
        for want in [
            "backupctl.yaml:6:11: tiering_configurations[0].name: invalid tiering configuration name `prod-s3`",
            "backupctl.yaml:7:12: tiering_configurations[0].vault: tiering configuration `prod-s3` names vault `prdo`, which is neither in `vaults` nor in `external_vaults`",
            "hint: did you mean `prod`?",
            "backupctl.yaml:12:24: tiering_configurations[0].resource_selection[1].resource_type: unknown tiering resource type `EBS`",
            "backupctl.yaml:14:40: tiering_configurations[0].resource_selection[1].tiering_down_settings_in_days: tiering_down_settings_in_days is 30; allowed 60 to 36500",
            "backupctl.yaml:21:21: tiering_configurations[1].resource_selection[0].resources[0]: `*` already selects every resource",
            "backupctl.yaml:24:12: tiering_configurations[2].vault: tiering configuration `third`: every vault (`*`) already has tiering configuration `second`",
        ] {
            assert!(err.contains(want), "{cmd}: missing {want:?} in\n{err}");
        }
    }
    assert!(emu.calls().is_empty(), "{:?}", emu.calls());
}

#[test]
fn plan_apply_converge_update_drift_and_delete() {
    let emu = Emu::start();
    // Plan: the vault first, then its tiering configuration.
    let plan = testkit::plan_json(&emu, CFG, 2);
    assert_eq!(
        testkit::changes(&plan),
        [
            ("+".to_string(), "vault.prod".to_string()),
            ("+".to_string(), "tiering_configuration.prod_s3".to_string())
        ]
    );
    let crid = plan["changes"][1]["creator_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, human, _) = testkit::plan(&emu, CFG, &[]);
    assert!(human.contains("+ tiering_configuration.prod_s3"), "{human}");
    let (_, md, _) = testkit::plan(&emu, CFG, &["--format", "markdown"]);
    assert!(md.contains("tiering_configuration.prod_s3"), "{md}");

    let out = apply(&emu, CFG, &[]);
    assert!(out.contains("tiering_configuration.prod_s3"), "{out}");
    let t = &tiering_state(&emu)["prod_s3"];
    assert_eq!(t["backup_vault_name"], "prod");
    assert_eq!(t["creator_request_id"], crid.as_str());
    assert_eq!(t["tags"]["backupctl:stack"], "tier");
    assert_eq!(t["tags"]["team"], "data");
    assert_eq!(t["resource_selection"].as_array().unwrap().len(), 2);
    let id = t["id"].clone();
    assert_converged(&emu, CFG);

    // Update in place: days and a tag; the same configuration stays.
    let cfg2 = CFG
        .replace("days: 365", "days: 400")
        .replace("team: data", "team: platform");
    let plan = testkit::plan_json(&emu, &cfg2, 2);
    assert_eq!(
        testkit::changes(&plan),
        [("~".to_string(), "tiering_configuration.prod_s3".to_string())]
    );
    emu.reset_counters();
    apply(&emu, &cfg2, &[]);
    assert_eq!(calls(&emu, "UpdateTieringConfiguration"), 1);
    assert_eq!(calls(&emu, "TagResource"), 1);
    assert_eq!(calls(&emu, "CreateTieringConfiguration"), 0);
    assert_eq!(calls(&emu, "DeleteTieringConfiguration"), 0);
    let t = &tiering_state(&emu)["prod_s3"];
    assert_eq!(t["id"], id);
    assert_eq!(t["tags"]["team"], "platform");
    assert!(t["resource_selection"].to_string().contains("400"));
    assert_converged(&emu, &cfg2);

    // The vault changes to `*` in place too.
    let cfg3 = cfg2.replace("vault: prod\n    resource", "vault: \"*\"\n    resource");
    emu.reset_counters();
    apply(&emu, &cfg3, &[]);
    assert_eq!(calls(&emu, "UpdateTieringConfiguration"), 1);
    assert_eq!(calls(&emu, "TagResource") + calls(&emu, "UntagResource"), 0);
    assert_eq!(tiering_state(&emu)["prod_s3"]["backup_vault_name"], "*");
    assert_eq!(tiering_state(&emu)["prod_s3"]["id"], id);
    assert_converged(&emu, &cfg3);

    // Drift: an out-of-band update is reported, and the next apply undoes it.
    let c = emu.client();
    emu.rt.block_on(async {
        c.update_tiering_configuration()
            .tiering_configuration_name("prod_s3")
            .tiering_configuration(
                TieringConfigurationInputForUpdate::builder()
                    .backup_vault_name("*")
                    .resource_selection(sel(&["arn:aws:s3:::b1"], 60))
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    });
    emu.reset_counters();
    let (code, out, err) = testkit::with_config(&emu, "drift", &cfg3, &[]);
    assert_ne!(code, 0, "{out}\n{err}");
    assert!(out.contains("tiering_configuration.prod_s3"), "{out}");
    assert!(out.contains("resource_selection"), "{out}");
    assert!(
        emu.mutating_calls().is_empty(),
        "{:?}",
        emu.mutating_calls()
    );
    apply(&emu, &cfg3, &[]);
    assert_converged(&emu, &cfg3);

    // Dropped from the config: deleted; the vault stays.
    let only_vault = "version: 1\nstack: tier\nvaults:\n  - name: prod\n";
    let plan = testkit::plan_json(&emu, only_vault, 2);
    assert_eq!(
        testkit::changes(&plan),
        [("-".to_string(), "tiering_configuration.prod_s3".to_string())]
    );
    apply(&emu, only_vault, &[]);
    // The emulator leaves an empty map out of its state dump.
    assert!(tiering_state(&emu).as_object().is_none_or(|m| m.is_empty()));
    assert_converged(&emu, only_vault);

    // Removing a vault and the configuration naming it deletes the
    // configuration first.
    apply(&emu, CFG, &[]);
    let plan = testkit::plan_json(&emu, "version: 1\nstack: tier\n", 2);
    assert_eq!(
        testkit::changes(&plan),
        [
            ("-".to_string(), "tiering_configuration.prod_s3".to_string()),
            ("-".to_string(), "vault.prod".to_string())
        ]
    );
}

#[test]
fn other_configurations_are_never_touched_and_adopting_needs_the_flag() {
    let emu = Emu::start();
    seed(&emu, "theirs", "other", &[]);
    seed(&emu, "stack_b", "b-vault", &[("backupctl:stack", "b")]);
    let before = tiering_state(&emu);
    emu.reset_counters();
    apply(&emu, CFG, &[]);
    assert_eq!(calls(&emu, "UpdateTieringConfiguration"), 0);
    assert_eq!(calls(&emu, "DeleteTieringConfiguration"), 0);
    let after = tiering_state(&emu);
    for name in ["theirs", "stack_b"] {
        assert_eq!(after[name], before[name], "{name}");
    }
    // The unmanaged one is listed, never planned.
    let plan = testkit::plan_json(&emu, CFG, 0);
    assert_eq!(
        plan["unmanaged"]["tiering_configurations"],
        serde_json::json!(["theirs"])
    );
    // Declaring them: refused without --adopt, and always for another stack's.
    let claim = |name: &str, vault: &str| {
        CFG.replace("stack: tier\n", &format!("stack: tier\nexternal_vaults: [{vault}]\n"))
            + &format!(
                "  - name: {name}\n    vault: {vault}\n    resource_selection:\n      - resource_type: S3\n        resources: [\"*\"]\n        tiering_down_settings_in_days: 100\n"
            )
    };
    let (code, _, err) = testkit::plan(&emu, &claim("theirs", "other"), &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "tiering configuration \"theirs\" already exists but is not managed by stack \"tier\""
        ),
        "{err}"
    );
    let (code, _, err) = testkit::plan(&emu, &claim("stack_b", "b-vault"), &["--adopt"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("tiering configuration \"stack_b\" is managed by another stack (\"b\")"),
        "{err}"
    );
    // With --adopt the unmanaged one is tagged into the stack, nothing else.
    emu.reset_counters();
    apply(&emu, &claim("theirs", "other"), &["--adopt"]);
    assert_eq!(
        emu.mutating_calls(),
        [("TagResource".to_string(), 1)],
        "{:?}",
        emu.mutating_calls()
    );
    assert_eq!(
        tiering_state(&emu)["theirs"]["tags"]["backupctl:stack"],
        "tier"
    );
    assert_eq!(tiering_state(&emu)["stack_b"], before["stack_b"]);
}

#[test]
fn import_writes_them_back_with_no_changes() {
    let emu = Emu::start();
    let arn = seed(&emu, "imported", "kept", &[("team", "x")]);
    seed(&emu, "everywhere", "kept2", &[]);
    let c = emu.client();
    emu.rt.block_on(async {
        c.update_tiering_configuration()
            .tiering_configuration_name("everywhere")
            .tiering_configuration(
                TieringConfigurationInputForUpdate::builder()
                    .backup_vault_name("*")
                    .resource_selection(sel(&["arn:aws:s3:::z", "arn:aws:s3:::a"], 61))
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    });
    let (code, out, err) = testkit::run(
        &emu,
        &[
            "import",
            "--stack",
            "imp",
            "--name",
            "imported",
            "--name",
            "everywhere",
            "--adopt",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("tiering_configurations:\n"), "{out}");
    assert!(out.contains(&format!("# source: {arn}")), "{out}");
    // Its vault is not imported (the name filter): it becomes external.
    assert!(out.contains("external_vaults:\n- kept\n"), "{out}");
    assert!(
        err.contains("adopted tiering configuration \"imported\""),
        "{err}"
    );
    assert_eq!(
        tiering_state(&emu)["imported"]["tags"]["backupctl:stack"],
        "imp"
    );
    let (code, v_out, v_err) = testkit::with_config(&emu, "validate", &out, &[]);
    assert_eq!(code, 0, "{v_out}\n{v_err}\n{out}");
    assert_converged(&emu, &out);
}

#[test]
fn ignored_tags_set_out_of_band_plan_nothing() {
    let emu = Emu::start();
    let cfg = CFG
        .replace(
            "stack: tier\n",
            "stack: tier\nignore_tags:\n  key_prefixes: [\"org:\"]\n",
        )
        .replace(
            "    tags:\n      team: data\n",
            "    tags:\n      team: data\n    ignore_tags:\n      keys: [Owner]\n",
        );
    apply(&emu, &cfg, &[]);
    let arn = tiering_state(&emu)["prod_s3"]["id"]
        .as_str()
        .map(|id| format!("arn:aws:backup:{REGION}:{ACCOUNT}:tiering-configuration:prod_s3-{id}"))
        .unwrap();
    let c = emu.client();
    emu.rt.block_on(async {
        c.tag_resource()
            .resource_arn(&arn)
            .tags("org:cost", "1")
            .tags("Owner", "ops")
            .send()
            .await
            .unwrap();
    });
    assert_converged(&emu, &cfg);
    // Without the lists both tags would be removed.
    let plan = testkit::plan_json(&emu, CFG, 2);
    let paths: Vec<&str> = plan["changes"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths, ["tags.Owner", "tags.org:cost"]);
}
