//! `backupctl drift` against the emulator: every category (changed with
//! field diffs, missing, orphaned, unmanaged with the ignore list), every
//! format, `--fail-on`, exit codes, and no mutating call ever.

use testkit::{Emu, BASE};

fn drift(emu: &Emu, yaml: &str, args: &[&str]) -> (i32, String, String) {
    testkit::with_config(emu, "drift", yaml, args)
}

fn no_mutating_calls(emu: &Emu) {
    let bad = emu.mutating_calls();
    assert!(bad.is_empty(), "drift made mutating calls: {bad:?}");
}

#[test]
fn no_drift_exits_0() {
    let emu = testkit::seeded();
    emu.reset_counters();
    let (code, out, err) = drift(&emu, BASE, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("No drift: the account matches the configuration."),
        "{out}"
    );
    no_mutating_calls(&emu);
}

#[test]
fn every_category_is_reported_in_every_format() {
    let emu = testkit::seeded();
    let c = emu.client();
    let main_arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:main";
    emu.rt.block_on(async {
        // changed: a tag edited out of band
        c.tag_resource()
            .resource_arn(main_arn)
            .tags("team", "z")
            .send()
            .await
            .unwrap();
        // unmanaged: one reported, one matched by the ignore list
        for v in ["stray", "legacy-1"] {
            c.create_backup_vault()
                .backup_vault_name(v)
                .send()
                .await
                .unwrap();
        }
    });
    // missing: a declared vault never created; orphaned: "second" dropped from the config
    let yaml = BASE
        .replace("  - name: second\n", "  - name: brand-new\n")
        .replace("target_vault: second", "target_vault: brand-new")
        .replace(
            "version: 1\n",
            "version: 1\nignore:\n  vaults: [\"legacy-*\"]\n",
        );
    emu.reset_counters();
    let (code, out, err) = drift(&emu, &yaml, &[]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(
        out.contains("  ~ vault.main\n      tags.team: live \"z\", config \"a\""),
        "{out}"
    );
    assert!(out.contains("  + vault.brand-new"), "{out}");
    assert!(out.contains("  - vault.second"), "{out}");
    assert!(out.contains("  ? vault.stray"), "{out}");
    assert!(!out.contains("legacy-1"), "{out}");
    assert!(
        out.contains("Drift: 2 changed, 1 missing, 1 orphaned, 1 unmanaged."),
        "{out}"
    );

    let (code, out, _) = drift(&emu, &yaml, &["--format", "json"]);
    assert_eq!(code, 2);
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["format_version"], 2);
    assert_eq!(j["missing"], serde_json::json!(["vault.brand-new"]));
    assert_eq!(j["orphaned"], serde_json::json!(["vault.second"]));
    assert_eq!(j["unmanaged"], serde_json::json!(["vault.stray"]));
    let changed: Vec<&str> = j["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["address"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["vault.main", "plan.p"], "{out}");

    let (code, out, _) = drift(&emu, &yaml, &["--format", "markdown"]);
    assert_eq!(code, 2);
    assert!(
        out.starts_with("### backupctl drift: stack `t` in `us-east-1`"),
        "{out}"
    );
    assert!(out.contains("| Orphaned | 1 |"), "{out}");
    assert!(
        out.contains("-   tags.team = \"a\"\n+   tags.team = \"z\""),
        "{out}"
    );
    no_mutating_calls(&emu);
}

#[test]
fn fail_on_picks_the_categories_that_set_the_exit_code() {
    let emu = testkit::seeded();
    emu.rt.block_on(async {
        emu.client()
            .create_backup_vault()
            .backup_vault_name("stray")
            .send()
            .await
            .unwrap();
    });
    let (code, out, _) = drift(&emu, BASE, &["--fail-on", "changed,missing"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("? vault.stray"), "still reported: {out}");
    let (code, _, _) = drift(&emu, BASE, &["--fail-on", "unmanaged"]);
    assert_eq!(code, 2);
    let (code, _, err) = drift(&emu, BASE, &["--fail-on", "bogus"]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn a_deleted_selection_is_drift_of_its_plan() {
    let emu = testkit::seeded();
    let c = emu.client();
    emu.rt.block_on(async {
        let plans = c.list_backup_plans().send().await.unwrap();
        let id = plans.backup_plans_list()[0]
            .backup_plan_id()
            .unwrap()
            .to_string();
        let sels = c
            .list_backup_selections()
            .backup_plan_id(&id)
            .send()
            .await
            .unwrap();
        let sid = sels.backup_selections_list()[0]
            .selection_id()
            .unwrap()
            .to_string();
        c.delete_backup_selection()
            .backup_plan_id(&id)
            .selection_id(&sid)
            .send()
            .await
            .unwrap();
    });
    let (code, out, err) = drift(&emu, BASE, &[]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(out.contains("  + plan.p.selection.s"), "{out}");
}

/// Regression (issue 12, item 14): `aws_created` was left out whenever
/// empty, so "none" and "not asked for" looked alike; it is now present
/// exactly when asked for.
#[test]
fn aws_created_is_an_empty_list_when_asked_for_and_there_is_none() {
    let emu = testkit::seeded();
    let (code, out, err) = drift(&emu, BASE, &["--format", "json", "--include-aws-created"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["aws_created"], serde_json::json!([]), "{out}");
    let (_, out, _) = drift(&emu, BASE, &["--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(j.get("aws_created").is_none(), "{out}");
}
