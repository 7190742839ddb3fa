//! Benchmark of onboarding with `backupctl import --adopt` at the apply
//! benchmark's scale: the emulator in-process holding 100 untagged vaults,
//! 100 untagged plans and 200 selections (made through the SDK, as by hand),
//! 30 ms injected latency per request, the real release binary at the
//! default concurrency of 16. Times the import (which reads everything in
//! full, checks its own output and tags each resource), then checks that a
//! plan of the written file is empty, and reports the API calls per
//! operation. Run: `cargo bench --bench import`.
#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its results on the terminal"
)]

use std::time::Instant;

fn main() {
    let (nv, np) = (100, 100);
    let latency_ms = 30u64;
    let concurrency = 16u64;
    let emu = testkit::Emu::start();
    emu.raise_limits(nv.max(np) + 10);
    let mut d = testkit::desired(&testkit::scale_config(nv, np));
    // Unmanaged: no stack tag.
    d.stack = String::new();
    emu.seed_in(&d, testkit::REGION);
    emu.set_latency(latency_ms);
    emu.reset_counters();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("imported.yaml");
    let f = file.to_str().unwrap();

    let start = Instant::now();
    let (code, _, err) = testkit::run(&emu, &["import", "--stack", "bench", "--adopt", "-o", f]);
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(code, 0, "{err}");
    let ops = emu.calls();
    let tagged = ops
        .iter()
        .find(|(op, _)| op == "TagResource")
        .map_or(0, |(_, n)| *n);
    assert_eq!(tagged, (nv + np) as u64);
    let (code, out, err) = testkit::run(&emu, &["plan", "--detailed-exitcode", "-f", f]);
    assert_eq!(code, 0, "{out}{err}");

    let calls: u64 = ops.iter().map(|(_, n)| n).sum();
    let floor = calls as f64 * latency_ms as f64 / 1000.0 / concurrency as f64;
    let lines = std::fs::read_to_string(&file).unwrap().lines().count();
    println!("## import\n");
    println!(
        "| vaults | plans | selections | API calls | floor (calls x {latency_ms} ms / {concurrency}) | import --adopt wall time | lines written |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {nv} | {np} | {} | {calls} | {floor:.2} s | {secs:.2} s | {lines} |\n",
        2 * np
    );
    println!("| operation | calls |");
    println!("|---|---:|");
    for (op, n) in &ops {
        println!("| {op} | {n} |");
    }
}
