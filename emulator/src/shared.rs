//! What every connection task shares: the state and limits behind one lock,
//! the test controls behind another, and the options the emulator started
//! with (state file, latency, seed).

use std::path::PathBuf;
use std::sync::Mutex;

use crate::faults::Controls;
use crate::limits::Limits;
use crate::state::Store;

/// The emulated AWS state, the quotas it is checked against, and the STS
/// sessions handed out (in memory only: never persisted, kept by a reset).
pub struct Core {
    pub store: Store,
    pub limits: Limits,
    pub sessions: crate::sessions::Sessions,
}

/// Everything a request handler may touch, shared by all connections.
pub struct Shared {
    pub core: Mutex<Core>,
    pub controls: Mutex<Controls>,
    pub state_file: Option<PathBuf>,
    pub latency_ms: u64,
    pub jitter_ms: u64,
    pub seed: u64,
}

impl Shared {
    pub fn lock_core(&self) -> std::sync::MutexGuard<'_, Core> {
        self.core.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn lock_controls(&self) -> std::sync::MutexGuard<'_, Controls> {
        self.controls.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// Rewrites the state file (if any) after a change.
    pub fn persist(&self, store: &Store) {
        if let Some(p) = &self.state_file {
            if let Err(e) = store.save(p) {
                tracing::error!("cannot write state file {}: {e:#}", p.display());
            }
        }
    }
}
