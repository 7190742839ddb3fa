//! One running emulator per state file. An emulator loads its state file
//! once at start and rewrites it whole after every change, so two running
//! at once on one file would each write back only what they saw, and the
//! last writer would silently drop the other's resources. An emulator with
//! a state file therefore holds an exclusive advisory lock from before it
//! loads the file until its server task has ended; a second one waits for
//! it (up to a timeout) and then loads what the first one left.
//!
//! The lock is taken on a sidecar file, `STATE.lock`, not on the state file
//! itself: the state file is replaced by a rename on every save, so a lock
//! on it would stay with the old, unlinked inode and a newcomer opening the
//! path would lock the new one unopposed; and locking the state file would
//! mean creating it empty when missing. The sidecar is never deleted
//! (unlinking a lock file lets two processes lock two different inodes).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;

/// How often a waiting emulator tries the lock again.
const POLL: Duration = Duration::from_millis(50);

/// The held lock; dropping it (closing the file) releases it.
#[derive(Debug)]
pub struct StateLock {
    _file: File,
    path: PathBuf,
}

impl StateLock {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The sidecar lock file of a state file: `STATE.lock` next to it.
pub fn lock_path(state: &Path) -> PathBuf {
    let mut name = state
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "state.json".into());
    name.push(".lock");
    state.with_file_name(name)
}

/// Takes the exclusive lock of `state`, waiting while another emulator
/// holds it: a warning once, then a try every 50 ms until `timeout`, after
/// which it fails naming the file.
pub async fn acquire(state: &Path, timeout: Duration) -> anyhow::Result<StateLock> {
    let path = lock_path(state);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    let started = Instant::now();
    let mut warned = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(StateLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
        if started.elapsed() >= timeout {
            anyhow::bail!(
                "another emulator run is using the state file {} (lock {} still held after {} s); try again when it has finished",
                state.display(),
                path.display(),
                timeout.as_secs_f64()
            );
        }
        if !warned {
            tracing::warn!(
                "waiting for another emulator run on {} (lock {})",
                state.display(),
                path.display()
            );
            warned = true;
        }
        tokio::time::sleep(POLL).await;
    }
}
