//! Issue 12, "`validate` passing means AWS accepts it": configs at the edge
//! of what validate allows apply and converge against the emulator (which
//! refuses what AWS refuses), and their near neighbours fail validate. The
//! real binary against the emulator on 127.0.0.1.

use testkit::*;

#[test]
fn resource_types_with_spaces_and_managed_types_validate_and_apply() {
    let yaml = r#"
version: 1
stack: t
settings:
  region:
    resource_type_opt_in:
      Storage Gateway: true
      SAP HANA on Amazon EC2: true
      Redshift Serverless: false
    resource_type_management:
      CloudFormation: true
      DSQL: true
"#;
    let emu = Emu::start();
    let (code, out, err) = with_config(&emu, "apply", yaml, &["--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(
        emu.mutating_calls(),
        vec![("UpdateRegionSettings".to_string(), 1)]
    );
    let (code, out, _) = plan(&emu, yaml, &["--detailed-exitcode"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_management_type_aws_refuses_fails_validate_before_any_call() {
    let yaml = "version: 1\nstack: t\nsettings:\n  region:\n    resource_type_management:\n      RDS: true\n";
    let emu = Emu::start();
    let (code, _, err) = with_config(&emu, "apply", yaml, &["--auto-approve"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("does not support full AWS Backup management"),
        "{err}"
    );
    assert_eq!(emu.calls(), vec![]);
}

#[test]
fn forty_nine_user_tags_apply_fifty_fail_validate() {
    let tags = |n: usize| {
        (0..n)
            .map(|i| format!("      k{i}: v\n"))
            .collect::<String>()
    };
    let yaml = |n: usize| {
        format!(
            "version: 1\nstack: t\nvaults:\n  - name: main\n    tags:\n{}",
            tags(n)
        )
    };
    let emu = Emu::start();
    let (code, out, err) = with_config(&emu, "apply", &yaml(49), &["--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let (code, _, err) = with_config(&emu, "plan", &yaml(50), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("50 tags plus the `backupctl:stack` tag"),
        "{err}"
    );
}

#[test]
fn a_retention_outside_the_target_vaults_lock_range_is_warned_offline() {
    let yaml = r#"
version: 1
stack: t
vaults:
  - name: locked
    lock: {min_retention_days: 30, max_retention_days: 365}
  - name: source
plans:
  - name: p
    rules:
      - name: too-short
        target_vault: locked
        lifecycle: {delete_after_days: 7}
      - name: forever
        target_vault: locked
      - name: copy-too-long
        target_vault: source
        lifecycle: {delete_after_days: 35}
        copy_actions:
          - destination_vault_arn: arn:aws:backup:us-east-1:123456789012:backup-vault:locked
            lifecycle: {delete_after_days: 400}
"#
    .replace(
        "stack: t\n",
        "stack: t\naccount_id: \"123456789012\"\nregion: us-east-1\n",
    );
    let emu = Emu::start();
    let (code, _, err) = with_config(&emu, "validate", &yaml, &[]);
    // AWS accepts the plan (so validate passes), but every job would fail.
    assert_eq!(code, 0, "{err}");
    for want in [
        "backupctl.yaml:15:20: warning: plans[0].rules[0].lifecycle: a retention of 7 days is below vault `locked`'s lock minimum of 30 days: AWS fails every backup job into that vault",
        "plans[0].rules[1]: no delete_after_days means keeping recovery points for ever, above vault `locked`'s lock maximum of 365 days",
        "plans[0].rules[2].copy_actions[0]: a retention of 400 days is above vault `locked`'s lock maximum of 365 days: AWS fails every copy job into that vault",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    assert_eq!(err.matches("warning:").count(), 3, "{err}");
    let (code, out, err) = with_config(&emu, "apply", &yaml, &["--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
}
