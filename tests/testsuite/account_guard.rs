//! The account guard on an account with no resources yet: no ARN tells the
//! account, so backupctl asks STS GetCallerIdentity (answered by the
//! emulator, which takes a 12-digit access key id as the account) before
//! changing anything. With only the Backup endpoint overridden, STS would
//! go to real AWS, so the check is skipped with a warning instead.

const CONFIG: &str =
    "version: 1\nstack: guard\naccount_id: \"111122223333\"\nvaults:\n  - name: guarded\n";

fn apply(emu: &testkit::Emu, envs: &[(&str, &str)], remove: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backupctl.yaml");
    std::fs::write(&file, CONFIG).unwrap();
    let mut cmd = emu.backupctl();
    for (k, v) in envs {
        cmd.env(k, v);
    }
    for k in remove {
        cmd.env_remove(k);
    }
    let out = cmd
        .args(["apply", "--auto-approve", "-f"])
        .arg(&file)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn vaults_of(emu: &testkit::Emu, account: &str) -> usize {
    emu.state()["accounts"][account]["regions"]["us-east-1"]["vaults"]
        .as_object()
        .map_or(0, |m| m.len())
}

#[test]
fn other_accounts_credentials_are_refused_before_any_change() {
    let emu = testkit::Emu::start();
    emu.reset_counters();
    // AKIDTEST is the emulator's default account 123456789012.
    let (code, out, err) = apply(&emu, &[], &[]);
    assert_eq!(code, 1, "stdout:\n{out}\nstderr:\n{err}");
    assert!(
        err.contains("wrong account: the config is for account 111122223333 but the credentials belong to 123456789012"),
        "{err}"
    );
    let counters = emu.counters();
    assert_eq!(counters.get("GetCallerIdentity"), Some(&1));
    assert_eq!(counters.get("CreateBackupVault").copied().unwrap_or(0), 0);
    assert_eq!(vaults_of(&emu, "123456789012"), 0);
}

#[test]
fn the_configured_account_applies() {
    let emu = testkit::Emu::start();
    let (code, out, err) = apply(&emu, &[("AWS_ACCESS_KEY_ID", "111122223333")], &[]);
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert_eq!(vaults_of(&emu, "111122223333"), 1);
    // Once the account holds a managed vault its ARN tells the account:
    // no STS call on the next run.
    emu.reset_counters();
    let (code, out, err) = apply(&emu, &[("AWS_ACCESS_KEY_ID", "111122223333")], &[]);
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert_eq!(
        emu.counters()
            .get("GetCallerIdentity")
            .copied()
            .unwrap_or(0),
        0
    );
}

#[test]
fn only_a_backup_endpoint_override_skips_the_check_with_a_warning() {
    let emu = testkit::Emu::start();
    emu.reset_counters();
    let (code, out, err) = apply(&emu, &[], &["AWS_ENDPOINT_URL_STS"]);
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(err.contains("cannot verify the account"), "{err}");
    assert_eq!(
        emu.counters()
            .get("GetCallerIdentity")
            .copied()
            .unwrap_or(0),
        0
    );
}
