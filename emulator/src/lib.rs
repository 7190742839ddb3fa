//! A local AWS Backup API emulator (REST-JSON over HTTP on 127.0.0.1) for
//! backupctl's tests, benchmarks and credential-free try-out, with the STS
//! calls that reach other accounts (see [`sts`]). Start it in-process with
//! [`Emulator::start`] or run the `backup-emulator` binary.

pub mod admin;
pub mod auth;
pub mod defaults;
pub mod error;
pub mod faults;
pub mod iam;
pub mod iam_policy;
pub mod limits;
pub mod operations;
pub mod ops;
pub mod persist;
pub mod response;
pub mod router;
pub mod server;
pub mod sessions;
pub mod shared;
pub mod state;
pub mod state_audit;
pub mod state_lock;
pub mod sts;
pub mod util;
pub mod validate;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

use crate::shared::{Core, Shared};
use crate::state::Store;

/// How to start an emulator. `port: 0` picks a free port.
#[derive(Debug, Clone)]
pub struct EmulatorOptions {
    pub port: u16,
    /// Load state from this file at start (if it exists) and rewrite it
    /// atomically after every change. The running emulator holds an
    /// exclusive lock on it (see [`state_lock`]); a file that is not an
    /// emulator state is refused (see [`persist`]).
    pub state_file: Option<PathBuf>,
    /// How long to wait for another emulator that holds the state file's
    /// lock before giving up (default 60 s).
    pub lock_timeout: Duration,
    /// Seed for the latency jitter generator.
    pub seed: u64,
    pub latency_ms: u64,
    pub jitter_ms: u64,
}

impl Default for EmulatorOptions {
    fn default() -> Self {
        EmulatorOptions {
            port: 0,
            state_file: None,
            lock_timeout: Duration::from_secs(60),
            seed: 0,
            latency_ms: 0,
            jitter_ms: 0,
        }
    }
}

pub struct Emulator;

/// A started emulator; dropping it without [`RunningEmulator::shutdown`]
/// leaves it serving (and holding its state file's lock) until the runtime
/// ends.
pub struct RunningEmulator {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Emulator {
    pub async fn start(opts: EmulatorOptions) -> anyhow::Result<RunningEmulator> {
        if let Some(dir) = opts.state_file.as_ref().and_then(|p| p.parent()) {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create state directory {}", dir.display()))?;
            }
        }
        // A file that is no emulator state is refused before anything is
        // created next to it (reading without the lock is safe: saves are
        // atomic renames). Then the lock, before the state is read for use:
        // another emulator may still be writing it.
        if let Some(p) = opts.state_file.as_ref().filter(|p| p.exists()) {
            let text = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            persist::check(p, &text)?;
        }
        let lock = match &opts.state_file {
            Some(p) => Some(state_lock::acquire(p, opts.lock_timeout).await?),
            None => None,
        };
        let store = match &opts.state_file {
            Some(p) if p.exists() => Store::load(p)?,
            _ => Store::default(),
        };
        let shared = Arc::new(Shared {
            core: Mutex::new(Core {
                store,
                limits: limits::Limits::default(),
                sessions: sessions::Sessions::default(),
            }),
            controls: Mutex::new(faults::Controls::new(
                opts.latency_ms,
                opts.jitter_ms,
                opts.seed,
            )),
            state_file: opts.state_file.clone(),
            latency_ms: opts.latency_ms,
            jitter_ms: opts.jitter_ms,
            seed: opts.seed,
        });
        let listener = TcpListener::bind(("127.0.0.1", opts.port))
            .await
            .with_context(|| format!("cannot listen on 127.0.0.1:{}", opts.port))?;
        let addr = listener.local_addr()?;
        let (stop, mut stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let mut conns = JoinSet::new();
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let _ = stream.set_nodelay(true);
                        let shared = shared.clone();
                        conns.spawn(async move {
                            let svc = service_fn(move |req| server::handle(shared.clone(), req));
                            let _ = hyper::server::conn::http1::Builder::new()
                                .keep_alive(true)
                                .serve_connection(TokioIo::new(stream), svc)
                                .await;
                        });
                    }
                    Some(_) = conns.join_next(), if !conns.is_empty() => {}
                }
            }
            conns.abort_all();
            // Let every aborted connection task end before the lock goes,
            // so no write of this emulator lands after another one loaded.
            while conns.join_next().await.is_some() {}
            drop(lock);
        });
        Ok(RunningEmulator {
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

impl RunningEmulator {
    /// `http://127.0.0.1:PORT`
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, closes open connections and waits for the server
    /// task; the state file's lock is released when this returns.
    pub async fn shutdown(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }

    /// Waits until the server task ends (for the binary).
    pub async fn wait(mut self) {
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}
