//! State of one [`Aws`](super::Aws) client that its SDK hooks share: the
//! interceptor (`calls`), the retry classifier and the paced HTTP client
//! (`transport`). Kept apart from both so neither depends on the other's
//! internals.

use std::sync::atomic::AtomicBool;
use std::sync::Mutex;
use std::time::Duration;

use super::pacing::Pacer;

/// The three limits on a call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    /// TCP connect and TLS handshake.
    pub connect: Duration,
    /// From sending a request to the first byte of its answer.
    pub read: Duration,
    /// One whole call: attempts, backoff and pacing waits.
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            read: Duration::from_secs(20),
            operation: Duration::from_secs(60),
        }
    }
}

/// State shared by the interceptor, the retry classifier and the paced HTTP
/// client of one [`Aws`](super::Aws).
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// Per-operation pacing (`None`: the SDK's own standard or adaptive mode).
    pub pacer: Option<Pacer>,
    /// The endpoint has answered at least one request in this run.
    pub answered: AtomicBool,
    pub timeouts: Timeouts,
    pub(super) stats: Mutex<Stats>,
}

/// Totals of a run, for the summary line.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Stats {
    /// Calls made (each paginated page is a call).
    pub calls: u64,
    /// HTTP attempts, retries included.
    pub attempts: u64,
    /// Attempts AWS answered with a throttling error.
    pub throttles: u64,
    /// Calls that ended in an error (AWS error answers included, such as
    /// ResourceNotFoundException for a vault without a policy).
    pub errors: u64,
}

impl Shared {
    pub(super) fn new(pacer: Option<Pacer>, timeouts: Timeouts) -> Self {
        Shared {
            pacer,
            timeouts,
            ..Default::default()
        }
    }

    pub(super) fn stats(&self) -> Stats {
        self.stats.lock().expect("stats lock").clone()
    }
}
