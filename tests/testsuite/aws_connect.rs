//! `aws::connect` against the process environment: no region, no
//! credentials, `AWS_ENDPOINT_URL_BACKUP`, and a named profile. Each case
//! runs in a child process (this test binary re-run with one test selected
//! and a cleared environment) so the developer's AWS settings never leak in
//! and no test mutates the environment of another.

use std::process::Command;

use backupctl::aws::{self, AwsOptions};
use backupctl::resources::ObserveScope;
use testkit::aws::*;

const CHILD: &str = "BACKUPCTL_AWS_CONNECT_CHILD";

/// Re-run `test` in a child with only `envs` set; true when it passed.
fn run_child(test: &str, envs: &[(&str, &str)]) -> (bool, String) {
    let exe = std::env::current_exe().unwrap();
    // Test names are paths from the test crate's root (`aws_connect::...`).
    let module = module_path!().split_once("::").map_or("", |(_, m)| m);
    let test = format!("{module}::{test}");
    let out = Command::new(exe)
        .args([
            test.as_str(),
            "--exact",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", "/nonexistent")
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env(CHILD, "1")
        .envs(envs.iter().copied())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn is_child() -> bool {
    std::env::var_os(CHILD).is_some()
}

#[tokio::test]
async fn child_no_region() {
    if !is_child() {
        return;
    }
    let opts = AwsOptions {
        static_credentials: Some(("AKIDEXAMPLE".into(), "secret".into())),
        ..Default::default()
    };
    let err = aws::connect(&opts).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "no AWS region: pass --region or set AWS_REGION (or `region` in profile `default` of ~/config)"
    );
}

#[tokio::test]
async fn child_no_credentials() {
    if !is_child() {
        return;
    }
    let opts = AwsOptions {
        region: Some(REGION.into()),
        ..Default::default()
    };
    let err = aws::connect(&opts).await.unwrap_err();
    let text = err.to_string();
    #[allow(
        clippy::print_stderr,
        reason = "shows the message users see when run with --nocapture"
    )]
    {
        eprintln!("{text}");
    }
    assert!(text.starts_with("no AWS credentials found: "), "{text}");
    assert!(!text.contains('\n'), "{text}");
}

#[tokio::test]
async fn child_env_endpoint_and_profile() {
    if !is_child() {
        return;
    }
    // Endpoint from AWS_ENDPOINT_URL_BACKUP, region and keys from the profile.
    let opts = AwsOptions {
        profile: Some("demo".into()),
        ..Default::default()
    };
    let aws = aws::connect(&opts).await.expect("connects");
    assert_eq!(aws.region(), "eu-west-1");
    let live = aws
        .observe(&ObserveScope {
            stack: "s".into(),
            ..Default::default()
        })
        .await
        .expect("observes the emulator");
    assert_eq!(live.region, "eu-west-1");
    assert_eq!(live.account_id.as_deref(), Some("111122223333"));
}

#[test]
fn missing_region_is_a_one_line_error() {
    if is_child() {
        return;
    }
    let (ok, out) = run_child("child_no_region", &[]);
    assert!(ok, "{out}");
    assert!(out.contains("1 passed"), "{out}");
}

#[test]
fn missing_credentials_is_a_one_line_error() {
    if is_child() {
        return;
    }
    let (ok, out) = run_child("child_no_credentials", &[]);
    assert!(ok, "{out}");
    assert!(out.contains("1 passed"), "{out}");
}

#[test]
fn endpoint_env_and_named_profile_are_honoured() {
    if is_child() {
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emu = rt
        .block_on(backup_emulator::Emulator::start(
            backup_emulator::EmulatorOptions::default(),
        ))
        .unwrap();
    // A vault in account 111122223333 (the access key id acts as the
    // account in the emulator), region eu-west-1.
    let mut opts = options(&emu.endpoint());
    opts.region = Some("eu-west-1".into());
    opts.static_credentials = Some(("111122223333".into(), "secret".into()));
    rt.block_on(async {
        let aws = aws::connect(&opts).await.unwrap();
        aws.create_vault(
            &backupctl::model::Vault {
                name: "seen".into(),
                ..Default::default()
            },
            "seen",
        )
        .await
        .unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let creds = dir.path().join("credentials");
    std::fs::write(&config, "[profile demo]\nregion = eu-west-1\n").unwrap();
    std::fs::write(
        &creds,
        "[demo]\naws_access_key_id = 111122223333\naws_secret_access_key = x\n",
    )
    .unwrap();
    let (ok, out) = run_child(
        "child_env_endpoint_and_profile",
        &[
            ("AWS_ENDPOINT_URL_BACKUP", &emu.endpoint()),
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
        ],
    );
    rt.block_on(emu.shutdown());
    assert!(ok, "{out}");
    assert!(out.contains("1 passed"), "{out}");
}
