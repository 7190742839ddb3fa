//! Running the real `backupctl` binary: always with a cleared environment
//! (nothing from the developer's AWS setup leaks in), in one of three
//! shapes: against an emulator ([`crate::Emu::backupctl`]), isolated in a
//! directory ([`isolated`]), or bare with a chosen instance metadata
//! endpoint ([`bare`]); and the one way to collect an outcome.

use std::path::{Path, PathBuf};

use crate::emulator::Emu;
use crate::REGION;

/// The `backupctl` binary cargo built for this test or bench run.
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("backupctl")
}

/// `backupctl` with an empty environment.
fn cleared(bin: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(bin);
    cmd.env_clear();
    cmd
}

impl Emu {
    /// The real binary with credentials and endpoint for this emulator and
    /// nothing from the developer's environment.
    pub fn backupctl(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.backupctl_std())
    }

    /// Like [`Emu::backupctl`] for a given binary path.
    pub fn backupctl_at(&self, bin: &str) -> assert_cmd::Command {
        let mut cmd = cleared(Path::new(bin));
        cmd.envs(self.env());
        assert_cmd::Command::from_std(cmd)
    }

    /// The binary as a `std::process::Command` (to spawn, kill, or give it
    /// a terminal), with the same environment as [`Emu::backupctl`].
    pub fn backupctl_std(&self) -> std::process::Command {
        let mut cmd = cleared(&bin());
        cmd.envs(self.env());
        cmd
    }

    /// Credentials and endpoint for this emulator and nothing from the
    /// developer's environment.
    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("PATH", std::env::var("PATH").unwrap_or_default()),
            ("HOME", "/nonexistent".into()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            ("AWS_ACCESS_KEY_ID", "AKIDTEST".into()),
            ("AWS_SECRET_ACCESS_KEY", "secret".into()),
            ("AWS_REGION", REGION.into()),
            ("AWS_ENDPOINT_URL_BACKUP", self.endpoint.clone()),
            // The account guard's GetCallerIdentity goes to the emulator too.
            ("AWS_ENDPOINT_URL_STS", self.endpoint.clone()),
            ("NO_COLOR", "1".into()),
        ]
    }
}

/// The real binary in `dir` with an empty environment (HOME = `dir`, no
/// colour, no IMDS): for commands that must not see the caller's AWS setup.
pub fn isolated(dir: &Path) -> std::process::Command {
    let mut cmd = cleared(&bin());
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    cmd
}

/// Run [`isolated`] with `args`; (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    output(isolated(dir).args(args))
}

/// The binary with nothing from the developer's environment: no AWS
/// settings, a home without AWS files, instance metadata pointed at
/// `imds` (a local server) or disabled.
pub fn bare(imds: Option<u16>) -> std::process::Command {
    let mut cmd = cleared(&bin());
    cmd.env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", "/nonexistent")
        .env("AWS_CONFIG_FILE", "/nonexistent/.aws/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/.aws/credentials",
        );
    match imds {
        Some(port) => cmd.env(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            format!("http://127.0.0.1:{port}"),
        ),
        None => cmd.env("AWS_EC2_METADATA_DISABLED", "true"),
    };
    cmd
}

/// Runs `cmd` to completion; (exit code, stdout, stderr).
pub fn output(cmd: &mut std::process::Command) -> (i32, String, String) {
    outcome(cmd.output().unwrap())
}

/// Runs an `assert_cmd` command to completion; (exit code, stdout, stderr).
pub fn output_of(mut cmd: assert_cmd::Command) -> (i32, String, String) {
    outcome(cmd.output().unwrap())
}

/// (exit code, stdout, stderr) of a finished process (-1 if killed).
pub fn outcome(out: std::process::Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
