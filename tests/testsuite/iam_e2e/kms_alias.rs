//! KMS authorizes a vault's key on the key's ARN, never on an alias (the
//! emulator, like AWS, checks the key an alias resolves to). A scoped
//! policy built from a config naming an alias would grant the alias and
//! fail every create. backupctl refuses an alias as `encryption_key_arn`
//! (written directly, as `alias/...`, or put together from variables of a
//! target), so `iam-policy -f` prints no policy for such a config, and
//! the policy it prints for a key ARN names exactly that key.

use std::path::PathBuf;

use serde_json::Value;
use testkit::Emu;

use super::harness::{denial, deploy, policy, root, run, statements, strings};

const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ALIAS: &str = "arn:aws:kms:us-east-1:123456789012:alias/backup";

fn iam_policy(file: &PathBuf) -> (i32, String, String) {
    let mut c = std::process::Command::new(testkit::run::bin());
    c.current_dir(root())
        .env_clear()
        .args(["iam-policy", "apply", "-f"])
        .arg(file);
    testkit::output(&mut c)
}

#[test]
fn a_vault_key_given_as_a_kms_alias_gets_no_policy_naming_the_alias() {
    let dir = tempfile::tempdir().unwrap();
    let target = "targets:\n  a:\n    account_id: \"123456789012\"\n    regions: [us-east-1]\n    role_arn: arn:aws:iam::123456789012:role/backupctl\n";
    let cases = [
        ("vault", format!("vaults:\n  - name: keyed\n    encryption_key_arn: {ALIAS}\n"), "5:25: vaults[0].encryption_key_arn"),
        ("air-gapped", format!("air_gapped_vaults:\n  - name: keyed\n    min_retention_days: 7\n    max_retention_days: 30\n    encryption_key_arn: {ALIAS}\n"), "7:25: air_gapped_vaults[0].encryption_key_arn"),
        ("short", "vaults:\n  - name: keyed\n    encryption_key_arn: alias/backup\n".to_string(), "5:25: vaults[0].encryption_key_arn"),
        ("variable", format!("variables:\n  key: alias/backup\n{target}vaults:\n  - name: keyed\n    encryption_key_arn: \"arn:aws:kms:${{target.region}}:${{target.account_id}}:${{var.key}}\"\n"), "vaults[0].encryption_key_arn"),
    ];
    for (name, body, finding) in cases {
        let file = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&file, format!("version: 1\nstack: s\n{body}")).unwrap();
        let (code, out, err) = iam_policy(&file);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(out.is_empty(), "{name}: a policy was printed: {out}");
        assert!(err.contains(finding), "{name}: {err}");
        assert!(!err.contains("\"Resource\""), "{name}: {err}");
    }
}

#[test]
fn the_scoped_policy_names_the_key_kms_authorizes_and_an_alias_would_be_denied() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keyed.yaml");
    std::fs::write(
        &file,
        format!("version: 1\nstack: s\nvaults:\n  - name: keyed\n    encryption_key_arn: {KEY}\n"),
    )
    .unwrap();
    let scoped = policy("apply", std::slice::from_ref(&file));
    let keys = statements(&scoped)
        .iter()
        .find(|s| s["Sid"] == "UseVaultKmsKeys")
        .map(|s| strings(&s["Resource"]))
        .expect("UseVaultKmsKeys");
    assert_eq!(keys, [KEY]);
    let args: Vec<String> = ["apply", "--auto-approve", "-f"]
        .iter()
        .map(|s| s.to_string())
        .chain([file.display().to_string()])
        .collect();

    // The policy as it would be with the alias in place of the key.
    let text = scoped.to_string().replace(KEY, ALIAS);
    let aliased: Value = serde_json::from_str(&text).unwrap();
    let emu = Emu::start();
    deploy(&emu, &aliased, &[]);
    let r = run(&emu, &args);
    assert_eq!(denial(&r).as_deref(), Ok("kms:CreateGrant"), "{r:?}");
    assert!(
        r.stderr.contains(&format!("on resource: {KEY}")),
        "{}",
        r.stderr
    );

    deploy(&emu, &scoped, &[]);
    let r = run(&emu, &args);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
}
