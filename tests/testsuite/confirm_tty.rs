//! `apply` asks for confirmation when stdin is a terminal: the real binary
//! runs with its stdin on a pseudo-terminal (openpty), and the test types
//! the answer. "yes" applies; anything else cancels with exit 1 and no
//! mutating API call. (Without a terminal, `--auto-approve` is required:
//! tested in the apply suites.)

use std::io::Write;
use std::process::Stdio;

use testkit::net::pty;

const CONFIG: &str = "version: 1\nstack: tty\nvaults:\n  - name: tty-vault\n";

/// Run `apply` with stdin on a terminal and `answer` typed into it.
fn apply_answering(emu: &testkit::Emu, answer: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backupctl.yaml");
    std::fs::write(&file, CONFIG).unwrap();
    let (mut master, slave) = pty();
    let child = emu
        .backupctl_std()
        .args(["apply", "-f"])
        .arg(&file)
        .stdin(Stdio::from(slave))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The line is buffered by the terminal until the program reads it.
    writeln!(master, "{answer}").unwrap();
    let out = child.wait_with_output().unwrap();
    drop(master);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn vault_names(emu: &testkit::Emu) -> Vec<String> {
    let state = emu.state();
    let vaults = &state["accounts"]["123456789012"]["regions"]["us-east-1"]["vaults"];
    vaults
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn yes_on_the_terminal_applies() {
    let emu = testkit::Emu::start();
    let (code, out, err) = apply_answering(&emu, "yes");
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(
        err.contains("Do you want to perform these actions in us-east-1?"),
        "{err}"
    );
    assert!(out.contains("Apply complete! 1 added"), "{out}");
    assert_eq!(vault_names(&emu), ["tty-vault"]);
}

#[test]
fn anything_but_yes_cancels_without_changes() {
    let emu = testkit::Emu::start();
    emu.reset_counters();
    let (code, out, err) = apply_answering(&emu, "y");
    assert_eq!(code, 1, "stdout:\n{out}\nstderr:\n{err}");
    assert!(
        err.contains("Apply cancelled; nothing was changed."),
        "{err}"
    );
    assert!(vault_names(&emu).is_empty());
    let writes = emu.mutating_calls();
    assert!(writes.is_empty(), "mutating calls made: {writes:?}");
}
