//! `backup-emulator`: runs the AWS Backup emulator on 127.0.0.1 and prints
//! `listening on http://127.0.0.1:PORT` once ready (logs go to stderr).

use std::io::Write;
use std::path::PathBuf;

use backup_emulator::{Emulator, EmulatorOptions};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Local AWS Backup API emulator (binds 127.0.0.1 only)"
)]
struct Args {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Keep state in this JSON file (loaded at start, rewritten atomically on
    /// change; locked while running; a file that is not an emulator state is
    /// refused).
    #[arg(long)]
    state_file: Option<PathBuf>,
    /// Fixed latency added to every AWS request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Random extra latency of up to this many milliseconds.
    #[arg(long, default_value_t = 0)]
    jitter_ms: u64,
    /// Seed for the jitter generator.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let a = Args::parse();
    let running = Emulator::start(EmulatorOptions {
        port: a.port,
        state_file: a.state_file,
        seed: a.seed,
        latency_ms: a.latency_ms,
        jitter_ms: a.jitter_ms,
        ..Default::default()
    })
    .await?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {}", running.endpoint())?;
        out.flush()?;
    }
    tracing::info!("AWS Backup emulator ready at {}", running.endpoint());
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = running.wait() => {}
    }
    Ok(())
}
