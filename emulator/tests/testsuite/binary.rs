//! The `backup-emulator` binary: prints exactly one `listening on` line on
//! stdout when ready, serves the SDK there, and honours `--state-file`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use aws_config::BehaviorVersion;
use aws_sdk_backup::config::{Credentials, Region};

fn spawn(state: &std::path::Path) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_backup-emulator"))
        .args(["--port", "0", "--state-file"])
        .arg(state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let endpoint = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    (child, endpoint)
}

async fn sdk(endpoint: &str) -> aws_sdk_backup::Client {
    let conf = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "x", None, None, "test"))
        .endpoint_url(endpoint)
        .load()
        .await;
    aws_sdk_backup::Client::new(&conf)
}

#[tokio::test]
async fn binary_announces_its_endpoint_and_keeps_state_between_runs() {
    let dir = std::env::temp_dir().join(format!("emu-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let (mut child, endpoint) = spawn(&state);
    let c = sdk(&endpoint).await;
    c.create_backup_vault()
        .backup_vault_name("from-run-1")
        .send()
        .await
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();

    let (mut child, endpoint) = spawn(&state);
    let c = sdk(&endpoint).await;
    let names: Vec<String> = c
        .list_backup_vaults()
        .send()
        .await
        .unwrap()
        .backup_vault_list()
        .iter()
        .filter_map(|v| v.backup_vault_name().map(str::to_string))
        .collect();
    assert_eq!(names, ["from-run-1"]);
    child.kill().unwrap();
    child.wait().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}
