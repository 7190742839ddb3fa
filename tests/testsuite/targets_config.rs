//! `backupctl validate` on a config with `targets:` (issue 14), through the
//! real binary: an organization of 3 accounts × 2 regions validates, an
//! undefined variable is reported at its `file:line:column` with its key
//! path and exit 1, and `--show-target` prints one target's resolved
//! config (variables substituted, cross-target copies as ARNs).

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const ORG: &str = r#"version: 1
stack: org-backups
variables:
  env: dev
  retention_days: 35
target_defaults:
  regions: [eu-west-1, eu-central-1]
  role_arn: "arn:aws:iam::${target.account_id}:role/backupctl"
targets:
  central:
    account_id: "111111111111"
    variables: { env: central }
  prod:
    account_id: "222222222222"
    external_id: prod-ext-id
    variables: { env: prod, retention_days: 365 }
  dev:
    account_id: "333333333333"
vaults:
  - name: main
    tags: { Env: "${var.env}" }
  - name: dr
    targets: ["*/eu-central-1"]
  - name: archive
    targets: [central/eu-west-1]
plans:
  - name: daily
    targets: { env: [prod, dev], target.region: eu-west-1 }
    rules:
      - name: daily
        target_vault: main
        schedule: cron(0 5 * * ? *)
        lifecycle: { delete_after_days: "${var.retention_days}" }
        copy_actions:
          - destination_vault: { target: "${target.account}/eu-central-1", vault: dr }
            lifecycle: { delete_after_days: 90 }
          - destination_vault: { target: central/eu-west-1, vault: archive }
"#;

fn backupctl(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("backupctl").expect("binary built");
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

fn write(dir: &Path, text: &str) {
    std::fs::write(dir.join("org.yaml"), text).unwrap();
}

#[test]
fn an_organization_of_three_accounts_and_two_regions_validates() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ORG);
    backupctl(dir.path())
        .args(["validate", "-f", "org.yaml"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("6 target(s) checked"));
}

#[test]
fn an_undefined_variable_names_its_place_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &ORG.replace("Env: \"${var.env}\"", "Env: \"${var.enviroment}\""),
    );
    let out = backupctl(dir.path())
        .args(["validate", "-f", "org.yaml"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    // Line 21, column 18: the quoted scalar after `Env: ` in `tags: { ... }`.
    assert!(
        err.contains("org.yaml:21:18: vaults[0].tags.Env: undefined variable `${var.enviroment}`"),
        "{err}"
    );
    // Undefined for every target: reported once.
    assert_eq!(err.matches("undefined variable").count(), 1, "{err}");
}

#[test]
fn a_variable_missing_for_some_targets_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let text = ORG
        .replace(
            "variables: { env: central }",
            "variables: { env: central, owner: ops }",
        )
        .replace(
            "Env: \"${var.env}\"",
            "Env: \"${var.env}\", Owner: \"${var.owner}\"",
        );
    write(dir.path(), &text);
    backupctl(dir.path())
        .args(["validate", "-f", "org.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "undefined variable `${var.owner}` (targets dev/eu-central-1, dev/eu-west-1 and 2 more)",
        ));
}

#[test]
fn show_target_prints_the_resolved_config() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ORG);
    let show = |name: &str| {
        let out = backupctl(dir.path())
            .args(["validate", "-f", "org.yaml", "--show-target", name])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let prod = show("prod/eu-west-1");
    assert!(prod.contains("delete_after_days: 365"), "{prod}");
    assert!(
        prod.contains("account_id: '222222222222'")
            || prod.contains("account_id: \"222222222222\""),
        "{prod}"
    );
    assert!(
        prod.contains("arn:aws:backup:eu-central-1:222222222222:backup-vault:dr"),
        "{prod}"
    );
    assert!(
        prod.contains("arn:aws:backup:eu-west-1:111111111111:backup-vault:archive"),
        "{prod}"
    );
    assert!(prod.contains("Env: prod"), "{prod}");
    assert!(
        !prod.contains("name: dr"),
        "dr is only in eu-central-1: {prod}"
    );
    let dev = show("dev/eu-west-1");
    assert!(dev.contains("delete_after_days: 35"), "{dev}");
    assert!(
        dev.contains("arn:aws:backup:eu-central-1:333333333333:backup-vault:dr"),
        "{dev}"
    );
    let central = show("central/eu-west-1");
    assert!(
        central.contains("name: archive") && !central.contains("plans:"),
        "{central}"
    );

    backupctl(dir.path())
        .args([
            "validate",
            "-f",
            "org.yaml",
            "--show-target",
            "prod/eu-wset-1",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("did you mean `prod/eu-west-1`?"));
}
