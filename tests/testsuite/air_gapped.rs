//! Logically air-gapped vaults through the real binary against the
//! emulator: validate, plan, apply (policy, notifications, MPA team,
//! restore access vault, a plan rule targeting the vault by name),
//! convergence, drift on out-of-band changes, import round trip, the
//! guarded retention replace and delete, and a vault-only stack leaving an
//! air-gapped vault alone.

use testkit::{run, Emu, ACCOUNT, REGION};

use crate::apply::harness::{region_state, Cfg};

const TEAM: &str = "arn:aws:mpa:us-east-1:123456789012:approval-team/team-1";
const LAG_ARN: &str = "arn:aws:backup:us-east-1:123456789012:backup-vault:lag-1";

fn config(min: i64) -> String {
    format!(
        r#"version: 1
stack: lag
vaults:
  - name: std
air_gapped_vaults:
  - name: lag-1
    min_retention_days: {min}
    max_retention_days: 90
    tags: {{team: sec}}
    access_policy:
      Version: "2012-10-17"
      Statement:
        - {{Effect: Deny, Principal: "*", Action: "backup:DeleteRecoveryPoint", Resource: "*"}}
    notifications:
      sns_topic_arn: arn:aws:sns:us-east-1:123456789012:alerts
      events: [BACKUP_JOB_FAILED]
    mpa_approval_team_arn: {TEAM}
    restore_access_vaults:
      - name: lag-1-ra
        tags: {{purpose: drill}}
        requester_comment: quarterly restore drill
plans:
  - name: p
    rules:
      - name: daily
        target_vault: std
        target_logically_air_gapped_backup_vault_arn: lag-1
        lifecycle: {{delete_after_days: 30}}
"#
    )
}

fn cmd(emu: &Emu, verb: &str, cfg: &Cfg, args: &[&str]) -> (i32, String, String) {
    crate::apply::harness::run(emu, verb, &[&cfg.path()], args, &[])
}

fn converged(emu: &Emu, cfg: &Cfg) {
    let (code, out, err) = cmd(emu, "plan", cfg, &["--detailed-exitcode"]);
    assert_eq!(code, 0, "not converged:\n{out}\n{err}");
    assert!(out.contains("No changes."), "{out}");
}

#[test]
fn air_gapped_vault_lifecycle_end_to_end() {
    let emu = Emu::start();
    let cfg = Cfg::new(&config(7));
    let (code, out, err) = cmd(&emu, "validate", &cfg, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        err.starts_with("ok: 1 file(s), stack lag: 1 vault(s), 1 air-gapped vault(s), 1 plan(s)"),
        "{err}"
    );

    let (code, out, err) = cmd(&emu, "plan", &cfg, &["--detailed-exitcode"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(out.contains("+ air_gapped_vault.lag-1"), "{out}");

    let (code, out, err) = cmd(&emu, "apply", &cfg, &["--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let rs = region_state(&emu);
    let v = &rs["vaults"]["lag-1"];
    assert_eq!(v["vault_type"], "LOGICALLY_AIR_GAPPED_BACKUP_VAULT");
    assert_eq!(v["lock"]["min_retention_days"], 7);
    assert_eq!(v["lock"]["max_retention_days"], 90);
    assert_eq!(v["tags"]["team"], "sec");
    assert_eq!(v["tags"]["backupctl:stack"], "lag");
    assert_eq!(v["mpa_approval_team_arn"], TEAM);
    assert_eq!(v["notifications"]["events"][0], "BACKUP_JOB_FAILED");
    assert!(v["access_policy"]
        .as_str()
        .unwrap()
        .contains("DeleteRecoveryPoint"));
    let ra = &rs["vaults"]["lag-1-ra"];
    assert_eq!(ra["vault_type"], "RESTORE_ACCESS_BACKUP_VAULT");
    assert_eq!(ra["source_vault_arn"], LAG_ARN);
    assert_eq!(ra["tags"]["purpose"], "drill");
    // The rule's by-name target was sent as the vault's ARN.
    let plan = rs["plans"].as_object().unwrap().values().next().unwrap();
    let doc = &plan["versions"].as_array().unwrap().last().unwrap()["document"];
    assert_eq!(
        doc["Rules"][0]["TargetLogicallyAirGappedBackupVaultArn"],
        LAG_ARN
    );
    converged(&emu, &cfg);

    // Drift: the policy removed and the MPA team disassociated out of band.
    let client = emu.client();
    emu.rt.block_on(async {
        client
            .delete_backup_vault_access_policy()
            .backup_vault_name("lag-1")
            .send()
            .await
            .unwrap();
        client
            .disassociate_backup_vault_mpa_approval_team()
            .backup_vault_name("lag-1")
            .send()
            .await
            .unwrap();
    });
    let (code, out, err) = cmd(&emu, "drift", &cfg, &[]);
    assert_ne!(code, 0, "{out}\n{err}");
    assert!(out.contains("air_gapped_vault.lag-1"), "{out}");
    assert!(out.contains("access_policy"), "{out}");
    assert!(out.contains("mpa_approval_team_arn"), "{out}");
    let (code, out, err) = cmd(&emu, "apply", &cfg, &["--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(
        region_state(&emu)["vaults"]["lag-1"]["mpa_approval_team_arn"],
        TEAM
    );
    converged(&emu, &cfg);

    // Import writes the kind back; its config plans no change.
    let dir = tempfile::tempdir().unwrap();
    let imported = dir.path().join("imported.yaml");
    let imported_s = imported.to_str().unwrap();
    let (code, out, err) = run(&emu, &["import", "--stack", "lag", "-o", imported_s]);
    assert_eq!(code, 0, "{out}\n{err}");
    let text = std::fs::read_to_string(&imported).unwrap();
    assert!(text.contains("air_gapped_vaults:"), "{text}");
    assert!(text.contains("mpa_approval_team_arn"), "{text}");
    assert!(text.contains("- name: lag-1-ra"), "{text}");
    let (code, out, err) = run(&emu, &["plan", "--detailed-exitcode", "-f", imported_s]);
    assert_eq!(code, 0, "import then plan changes:\n{text}\n{out}\n{err}");

    // A retention change is a replace, guarded like a delete.
    let cfg14 = Cfg::new(&config(14));
    let (code, out, err) = cmd(&emu, "plan", &cfg14, &["--detailed-exitcode"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(out.contains("-/+ air_gapped_vault.lag-1"), "{out}");
    assert!(out.contains("cannot change after creation"), "{out}");
    emu.reset_counters();
    let (code, out, err) = cmd(&emu, "apply", &cfg14, &["--auto-approve"]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("--allow-destroy"), "{err}");
    assert_eq!(emu.mutating_calls(), vec![]);
    emu.admin_post(
        "/__emulator/recovery-points",
        r#"{"vault_name":"lag-1","count":3}"#,
    );
    let (code, _, err) = cmd(
        &emu,
        "apply",
        &cfg14,
        &["--auto-approve", "--allow-destroy", "--force"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("holds 3 recovery point(s)"), "{err}");
    assert_eq!(emu.mutating_calls(), vec![]);
}

#[test]
fn retention_replace_and_delete_with_allow_destroy() {
    let emu = Emu::start();
    let cfg = Cfg::new(&config(7));
    assert_eq!(cmd(&emu, "apply", &cfg, &["--auto-approve"]).0, 0);
    let cfg14 = Cfg::new(&config(14));
    let (code, out, err) = cmd(
        &emu,
        "apply",
        &cfg14,
        &["--auto-approve", "--allow-destroy"],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    let rs = region_state(&emu);
    assert_eq!(rs["vaults"]["lag-1"]["lock"]["min_retention_days"], 14);
    assert_eq!(rs["vaults"]["lag-1-ra"]["source_vault_arn"], LAG_ARN);
    converged(&emu, &cfg14);

    // Gone from the config (with the rule naming it): needs --allow-destroy.
    let none = "version: 1\nstack: lag\nvaults:\n  - name: std\n";
    let cfg_none = Cfg::new(none);
    let (code, _, err) = cmd(&emu, "apply", &cfg_none, &["--auto-approve"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("air-gapped vault \"lag-1\""), "{err}");
    let (code, out, err) = cmd(
        &emu,
        "apply",
        &cfg_none,
        &["--auto-approve", "--allow-destroy"],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    let names: Vec<String> = region_state(&emu)["vaults"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(names, ["std"]);
}

#[test]
fn a_vault_stack_never_touches_an_air_gapped_vault() {
    let emu = Emu::start();
    let client = emu.client();
    emu.rt.block_on(async {
        for (name, tags) in [("theirs", None), ("managed-elsewhere", Some("other"))] {
            client
                .create_logically_air_gapped_backup_vault()
                .backup_vault_name(name)
                .min_retention_days(7)
                .max_retention_days(30)
                .set_backup_vault_tags(
                    tags.map(|s| [("backupctl:stack".to_string(), s.to_string())].into()),
                )
                .send()
                .await
                .unwrap();
        }
    });
    let yaml = "version: 1\nstack: v\nvaults:\n  - name: mine\n";
    // The vault kind lists neither as an unmanaged vault; the air-gapped
    // kind lists the untagged one as an unmanaged air-gapped vault.
    let plan = testkit::plan_json(&emu, yaml, 2);
    assert_eq!(
        plan["unmanaged"]["vaults"],
        serde_json::json!([]),
        "{plan:#}"
    );
    assert_eq!(
        plan["unmanaged"]["air_gapped_vaults"],
        serde_json::json!(["theirs"]),
        "{plan:#}"
    );
    assert_eq!(
        testkit::changes(&plan),
        [("+".to_string(), "vault.mine".to_string())]
    );
    let before = region_state(&emu);
    emu.reset_counters();
    let cfg = Cfg::new(yaml);
    let (code, out, err) = cmd(&emu, "apply", &cfg, &["--auto-approve", "--allow-destroy"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(
        emu.mutating_calls(),
        vec![("CreateBackupVault".to_string(), 1)]
    );
    let after = region_state(&emu);
    for name in ["theirs", "managed-elsewhere"] {
        assert_eq!(
            after["vaults"][name]["tags"],
            before["vaults"][name]["tags"]
        );
    }
    // Tagged into this stack out of band, the vault kind still leaves it
    // alone: only the air-gapped kind owns it (and would delete it, guarded).
    emu.rt.block_on(async {
        client
            .tag_resource()
            .resource_arn(format!(
                "arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:theirs"
            ))
            .tags("backupctl:stack", "v")
            .send()
            .await
            .unwrap();
    });
    let (code, out, err) = cmd(&emu, "plan", &cfg, &["--detailed-exitcode"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(out.contains("- air_gapped_vault.theirs"), "{out}");
    assert!(!out.contains(" vault.theirs"), "{out}");
}

const BAD: &str = r#"version: 1
stack: s
vaults:
  - name: dup
air_gapped_vaults:
  - name: dup
    min_retention_days: 3
    max_retention_days: 40000
    mpa_approval_team_arn: arn:aws:iam::123456789012:role/x
  - name: lag-2
    min_retention_days: 30
    max_retention_days: 7
    restore_access_vaults:
      - name: lag-2
plans:
  - name: p
    rules:
      - name: r
        target_vault: lag-2
        target_logically_air_gapped_backup_vault_arn: lag-3
"#;

#[test]
fn bad_air_gapped_config_is_refused_offline_at_its_positions() {
    let emu = Emu::start();
    let cfg = Cfg::new(BAD);
    let (code, out, err) = cmd(&emu, "plan", &cfg, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(emu.calls().is_empty(), "{:?}", emu.calls());
    let file = cfg.path().display().to_string();
    for want in [
        ":6:11: air_gapped_vaults[0].name: duplicate vault name `dup`",
        ":7:25: air_gapped_vaults[0].min_retention_days: min_retention_days is 3; an air-gapped vault allows 7 to 36500",
        ":8:25: air_gapped_vaults[0].max_retention_days: max_retention_days is 40000",
        ":9:28: air_gapped_vaults[0].mpa_approval_team_arn: `arn:aws:iam::123456789012:role/x` is not an MPA approval team ARN",
        ":12:25: air_gapped_vaults[1].max_retention_days: max_retention_days 7 is below min_retention_days 30",
        ":14:15: air_gapped_vaults[1].restore_access_vaults[0].name: duplicate vault name `lag-2`",
        ":19:23: plans[0].rules[0].target_vault: target vault `lag-2` is a logically air-gapped vault",
        ":20:55: plans[0].rules[0].target_logically_air_gapped_backup_vault_arn: air-gapped vault `lag-3` is not defined",
    ] {
        assert!(err.contains(&format!("{file}{want}")), "missing {want}:\n{err}");
    }
    assert_eq!(
        err.matches(": air_gapped_vaults[").count() + err.matches(": plans[").count(),
        8,
        "{err}"
    );
}

#[test]
fn plan_renders_air_gapped_vaults_in_json_and_markdown() {
    let emu = Emu::start();
    let cfg = Cfg::new(&config(7));
    let (code, out, err) = cmd(&emu, "plan", &cfg, &["--format", "json"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    let c = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"]["kind"] == "air_gapped_vault")
        .expect("an air-gapped change");
    assert_eq!(c["action"], "create");
    assert_eq!(c["desired"]["kind"], "air_gapped_vault");
    assert_eq!(c["desired"]["value"]["min_retention_days"], 7);
    let (code, out, err) = cmd(&emu, "plan", &cfg, &["--format", "markdown"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("air_gapped_vault.lag-1"), "{out}");
}

#[test]
fn copy_actions_may_name_an_air_gapped_vault() {
    let emu = Emu::start();
    let yaml = r#"version: 1
stack: cp
vaults:
  - name: src
air_gapped_vaults:
  - name: lag-copy
    min_retention_days: 7
    max_retention_days: 400
plans:
  - name: p
    rules:
      - name: r
        target_vault: src
        copy_actions:
          - destination_vault_arn: lag-copy
            lifecycle: {delete_after_days: 30}
"#;
    let cfg = Cfg::new(yaml);
    let (code, out, err) = cmd(&emu, "apply", &cfg, &["--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let rs = region_state(&emu);
    let plan = rs["plans"].as_object().unwrap().values().next().unwrap();
    let doc = &plan["versions"].as_array().unwrap().last().unwrap()["document"];
    assert_eq!(
        doc["Rules"][0]["CopyActions"][0]["DestinationBackupVaultArn"],
        "arn:aws:backup:us-east-1:123456789012:backup-vault:lag-copy"
    );
    converged(&emu, &cfg);
    // An unknown name is still an ARN error at its position.
    let bad = Cfg::new(&yaml.replace(
        "destination_vault_arn: lag-copy",
        "destination_vault_arn: nope",
    ));
    let (code, _, err) = cmd(&emu, "validate", &bad, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("plans[0].rules[0].copy_actions[0].destination_vault_arn"),
        "{err}"
    );
}

#[test]
fn a_retention_outside_the_air_gapped_range_is_warned_about() {
    let emu = Emu::start();
    let yaml = config(7).replace("delete_after_days: 30", "delete_after_days: 3");
    let cfg = Cfg::new(&yaml);
    let (code, out, err) = cmd(&emu, "validate", &cfg, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    let file = cfg.path().display().to_string();
    assert!(
        err.contains(&format!("{file}:28:20: warning: plans[0].rules[0].lifecycle: a retention of 3 days is below air-gapped vault `lag-1`'s minimum of 7 days: AWS fails every backup job into that vault")),
        "{err}"
    );
}
