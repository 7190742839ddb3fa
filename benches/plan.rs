//! Benchmark of `backupctl plan` at scale: the emulator in-process holding
//! 1,000 vaults, 1,000 plans and 2,000 selections (all managed, matching the
//! config, so the plan is empty), 30 ms injected latency per request, the real
//! binary at the default concurrency of 16. Reports wall time, the API calls
//! per operation (from the emulator's counters) and the floor
//! (API calls x latency / concurrency). Run: `cargo bench --bench plan`
//! (`-- --quick` for 100/100/200).
#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its results on the terminal"
)]

use std::time::Instant;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (nv, np) = if quick { (100, 100) } else { (1000, 1000) };
    let latency_ms = 30u64;
    let concurrency = 16u64;
    let emu = testkit::Emu::start();
    let yaml = testkit::scale_config(nv, np);
    let d = testkit::desired(&yaml);
    let client = emu.client();
    emu.raise_limits(nv.max(np) + 10);
    // Seed concurrently (no latency yet).
    emu.rt.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        let chunks = 16;
        for k in 0..chunks {
            let mut part = d.clone();
            part.vaults = d
                .vaults
                .iter()
                .enumerate()
                .filter(|(i, _)| i % chunks == k)
                .map(|(_, (n, v))| (n.clone(), v.clone()))
                .collect();
            part.plans = d
                .plans
                .iter()
                .enumerate()
                .filter(|(i, _)| i % chunks == k)
                .map(|(_, (n, p))| (n.clone(), p.clone()))
                .collect();
            let c = client.clone();
            set.spawn(async move { testkit::seed(&c, &part).await });
        }
        while let Some(r) = set.join_next().await {
            r.unwrap();
        }
    });
    emu.set_latency(latency_ms);
    emu.reset_counters();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bench.yaml");
    std::fs::write(&file, &yaml).unwrap();
    let start = Instant::now();
    let out = emu
        .backupctl_at(env!("CARGO_BIN_EXE_backupctl"))
        .args(["plan", "--detailed-exitcode", "-f"])
        .arg(&file)
        .output()
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("No changes."), "{stdout}");
    let ops = emu.calls();
    let calls: u64 = ops.iter().map(|(_, n)| n).sum();
    let floor = calls as f64 * latency_ms as f64 / 1000.0 / concurrency as f64;
    println!("## plan\n");
    println!(
        "Emulator in-process with {nv} vaults, {np} plans, {} selections, {latency_ms} ms latency per request; `backupctl plan` (release build) at concurrency {concurrency}; the config matches, so the plan is empty.\n",
        2 * np
    );
    println!("| vaults | plans | selections | API calls | floor (calls x {latency_ms} ms / {concurrency}) | plan wall time | ratio |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {nv} | {np} | {} | {calls} | {floor:.2} s | {secs:.2} s | {:.2}x |\n",
        2 * np,
        secs / floor
    );
    println!("| operation | calls |");
    println!("|---|---:|");
    for (op, n) in ops {
        println!("| {op} | {n} |");
    }
}
