//! Benchmark of `backupctl apply` at the scale: an empty emulator
//! account (in-process, 30 ms injected latency per request), a config of
//! 100 vaults, 100 plans and 200 selections, the real release binary at the
//! default concurrency of 16. Times the first apply (everything created),
//! then a second apply of the same config (nothing to do), checks that a
//! plan afterwards is empty, and reports the API calls per operation from
//! the emulator's counters. Run: `cargo bench --bench apply`.
#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its results on the terminal"
)]

use std::path::Path;
use std::time::Instant;

/// Run the binary, return (wall seconds, calls per operation).
fn timed(emu: &testkit::Emu, args: &[&str], file: &Path) -> (f64, Vec<(String, u64)>, String) {
    emu.reset_counters();
    let start = Instant::now();
    let out = emu
        .backupctl_at(env!("CARGO_BIN_EXE_backupctl"))
        .args(args)
        .arg("-f")
        .arg(file)
        .output()
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (secs, emu.calls(), stdout)
}

fn main() {
    let (nv, np) = (100, 100);
    let latency_ms = 30u64;
    let concurrency = 16u64;
    let emu = testkit::Emu::start();
    emu.raise_limits(nv.max(np) + 10);
    emu.set_latency(latency_ms);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bench.yaml");
    std::fs::write(&file, testkit::scale_config(nv, np)).unwrap();

    let (first, first_ops, out) = timed(&emu, &["apply", "--auto-approve"], &file);
    assert!(
        out.contains(&format!("Apply complete! {} added", nv + np + 2 * np)),
        "{out}"
    );
    let (second, second_ops, out) = timed(&emu, &["apply", "--auto-approve"], &file);
    assert!(out.contains("No changes."), "{out}");
    let (_, _, out) = timed(&emu, &["plan", "--detailed-exitcode"], &file);
    assert!(out.contains("No changes."), "{out}");

    let calls = |ops: &[(String, u64)]| ops.iter().map(|(_, n)| n).sum::<u64>();
    let floor = |n: u64| n as f64 * latency_ms as f64 / 1000.0 / concurrency as f64;
    println!("## apply\n");
    println!(
        "| run | vaults | plans | selections | API calls | floor (calls x {latency_ms} ms / {concurrency}) | wall time |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, secs, ops) in [
        ("first apply (all created)", first, &first_ops),
        ("second apply (no changes)", second, &second_ops),
    ] {
        let n = calls(ops);
        println!(
            "| {name} | {nv} | {np} | {} | {n} | {:.2} s | {secs:.2} s |",
            2 * np,
            floor(n)
        );
    }
    println!("\nAPI calls of the first apply:\n");
    println!("| operation | calls |");
    println!("|---|---:|");
    for (op, n) in &first_ops {
        println!("| {op} | {n} |");
    }
}
