//! `Emulator::start` options through the real SDK client: latency, and the
//! state file — persistence across restarts, the marker that keeps any other
//! JSON from being loaded or overwritten, and the lock that keeps two
//! running emulators off one file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use backup_emulator::{Emulator, EmulatorOptions};
use serde_json::{json, Value};
use testkit::sdk::*;

/// A fresh, empty directory for one test.
fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("emu-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn on(file: &Path) -> EmulatorOptions {
    EmulatorOptions {
        state_file: Some(file.to_path_buf()),
        ..Default::default()
    }
}

async fn vault_names(emu: &backup_emulator::RunningEmulator) -> Vec<String> {
    let c = client(emu).await;
    let list = c.list_backup_vaults().send().await.unwrap();
    list.backup_vault_list()
        .iter()
        .filter_map(|v| v.backup_vault_name().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn latency_is_added() {
    let emu = Emulator::start(EmulatorOptions {
        latency_ms: 40,
        jitter_ms: 10,
        seed: 3,
        ..Default::default()
    })
    .await
    .unwrap();
    let c = client(&emu).await;
    let t = std::time::Instant::now();
    c.list_backup_vaults().send().await.unwrap();
    assert!(t.elapsed() >= Duration::from_millis(40));
    admin(
        &emu,
        "PUT",
        "config",
        json!({"latency_ms": 0, "jitter_ms": 0}),
    )
    .await;
}

#[tokio::test]
async fn state_file_persists_across_restarts() {
    let dir = tmp("persist");
    // The state file's directory is created when missing.
    let file = dir.join("nested").join("state.json");
    let emu = Emulator::start(on(&file)).await.unwrap();
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("kept")
        .send()
        .await
        .unwrap();
    let pid = c
        .create_backup_plan()
        .backup_plan(plan_input("p", vec![rule("r", "kept")]))
        .send()
        .await
        .unwrap()
        .backup_plan_id()
        .unwrap()
        .to_string();
    let key = "1234abcd-12ab-34cd-56ef-1234567890ab";
    admin(
        &emu,
        "POST",
        "kms-aliases",
        json!({"alias": "alias/k", "key_id": key}),
    )
    .await;
    emu.shutdown().await;
    let mut left: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["state.json", "state.json.lock"],
        "no temp files left behind"
    );
    let saved: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(saved["backupctl_emulator_state"], 1);

    let emu = Emulator::start(on(&file)).await.unwrap();
    let c = client(&emu).await;
    assert_eq!(vault_names(&emu).await, ["kept"]);
    let p = c
        .get_backup_plan()
        .backup_plan_id(&pid)
        .send()
        .await
        .unwrap();
    assert_eq!(p.backup_plan().unwrap().backup_plan_name(), "p");
    // The registered alias survived the restart.
    c.create_backup_vault()
        .backup_vault_name("by-alias")
        .encryption_key_arn("alias/k")
        .send()
        .await
        .unwrap();
    let d = c
        .describe_backup_vault()
        .backup_vault_name("by-alias")
        .send()
        .await
        .unwrap();
    assert_eq!(
        d.encryption_key_arn(),
        Some(format!("arn:aws:kms:us-east-1:123456789012:key/{key}").as_str())
    );
    emu.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn unmarked_state_of_an_older_emulator_still_loads_and_gains_the_marker() {
    let dir = tmp("unmarked");
    let file = dir.join("state.json");
    let old = json!({"accounts": {"123456789012": {"regions": {"us-east-1": {
        "vaults": {"old-vault": {}}}}}}});
    std::fs::write(&file, old.to_string()).unwrap();
    let emu = Emulator::start(on(&file)).await.unwrap();
    assert_eq!(vault_names(&emu).await, ["old-vault"]);
    let c = client(&emu).await;
    c.create_backup_vault()
        .backup_vault_name("new")
        .send()
        .await
        .unwrap();
    emu.shutdown().await;
    let saved: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(saved["backupctl_emulator_state"], 1);
    let vaults = &saved["accounts"]["123456789012"]["regions"]["us-east-1"]["vaults"];
    assert!(vaults["old-vault"].is_object() && vaults["new"].is_object());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn saved_plan_is_never_loaded_as_state_nor_overwritten() {
    let dir = tmp("foreign");
    let cases = [
        (
            "plan.json",
            r#"{"format_version":1,"config_digest":"x","changes":[]}"#,
        ),
        ("empty.json", ""),
        ("list.json", "[1,2]"),
        ("config.yaml", "version: 1\nstack: t\n"),
        ("bare.json", "{}"),
    ];
    for (name, text) in cases {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let e = match Emulator::start(on(&file)).await {
            Ok(_) => panic!("{name} was accepted as a state file"),
            Err(e) => format!("{e:#}"),
        };
        let want = format!(
            "{} is not a backupctl emulator state file (",
            file.display()
        );
        assert!(e.starts_with(&want), "{name}: {e}");
        assert!(
            e.ends_with("); refusing to use or overwrite it"),
            "{name}: {e}"
        );
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            text,
            "{name} changed"
        );
    }
    let mut left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    let mut want: Vec<_> = cases.iter().map(|(n, _)| n.to_string()).collect();
    want.sort();
    assert_eq!(left, want, "nothing created next to refused files");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn second_emulator_on_a_locked_state_file_waits_then_sees_the_first_ones_changes() {
    let dir = tmp("lock-wait");
    let file = dir.join("state.json");
    let first = Emulator::start(on(&file)).await.unwrap();
    let second = tokio::spawn(Emulator::start(EmulatorOptions {
        lock_timeout: Duration::from_secs(30),
        ..on(&file)
    }));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(!second.is_finished(), "the second emulator did not wait");
    let c = client(&first).await;
    c.create_backup_vault()
        .backup_vault_name("from-first")
        .send()
        .await
        .unwrap();
    first.shutdown().await;
    let second = tokio::time::timeout(Duration::from_secs(10), second)
        .await
        .expect("the second emulator proceeds once the first shut down")
        .unwrap()
        .unwrap();
    assert_eq!(vault_names(&second).await, ["from-first"]);
    second.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn lock_wait_gives_up_after_the_timeout_naming_the_file() {
    let dir = tmp("lock-timeout");
    let file = dir.join("state.json");
    let first = Emulator::start(on(&file)).await.unwrap();
    let t = std::time::Instant::now();
    let e = match Emulator::start(EmulatorOptions {
        lock_timeout: Duration::from_millis(300),
        ..on(&file)
    })
    .await
    {
        Ok(_) => panic!("two emulators run on one state file"),
        Err(e) => format!("{e:#}"),
    };
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert!(
        e.contains(&format!(
            "another emulator run is using the state file {}",
            file.display()
        )),
        "{e}"
    );
    first.shutdown().await;
    // Released on shutdown: the next start does not wait.
    let t = std::time::Instant::now();
    let again = Emulator::start(EmulatorOptions {
        lock_timeout: Duration::ZERO,
        ..on(&file)
    })
    .await
    .unwrap();
    assert!(t.elapsed() < Duration::from_secs(1));
    again.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
