//! Benchmark of backupctl's retry modes against AWS-style throttling: every
//! operation of the emulator gets its own token bucket (`rate_limits`,
//! default 20 requests/s with a burst of 10, per operation, as AWS
//! throttles per account, region and operation), 30 ms latency per
//! request, and the real release binary at the default concurrency of 16
//! runs, for each `--retry-mode`:
//! - `apply --auto-approve` of 100 vaults, 100 plans and 200 selections on
//!   an empty account;
//! - `plan --detailed-exitcode` of the same config on an account seeded with
//!   it (no changes; the buckets are refilled before);
//! - the same plan without buckets, after one ThrottlingException on the
//!   first ListTags (floor: 802 calls × 30 ms / 16).
//!
//! Reported per run: wall time, the HTTP requests the emulator received,
//! the throttles (from the `-v` summary line), and the floor: the time the
//! buckets alone impose, Σ over the run's phases of the slowest operation's
//! (calls − burst) / rate (apply runs its vault, plan and selection phases
//! one after the other; plan reads all operations at once). A run is
//! stopped at 2× its floor plus 10 s.
//!
//! Run: `cargo bench --bench retries` (about two minutes), or
//! `cargo bench --bench retries -- --rate 10 --burst 10 --modes paced,standard`.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports its results on the terminal"
)]

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const OPS: &[&str] = &[
    "ListBackupVaults",
    "ListBackupPlans",
    "ListTags",
    "GetBackupVaultAccessPolicy",
    "GetBackupVaultNotifications",
    "GetBackupPlan",
    "ListBackupSelections",
    "GetBackupSelection",
    "CreateBackupVault",
    "CreateBackupPlan",
    "CreateBackupSelection",
    "GetCallerIdentity",
];

struct Args {
    rate: f64,
    burst: f64,
    modes: Vec<String>,
}

fn args() -> Args {
    let mut a = Args {
        rate: 20.0,
        burst: 10.0,
        modes: vec!["adaptive".into(), "standard".into(), "paced".into()],
    };
    let argv: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < argv.len() {
        let next = || argv.get(i + 1).cloned().unwrap_or_default();
        match argv[i].as_str() {
            "--rate" => a.rate = next().parse().expect("--rate N"),
            "--burst" => a.burst = next().parse().expect("--burst N"),
            "--modes" => a.modes = next().split(',').map(str::to_string).collect(),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

struct Run {
    outcome: String,
    secs: f64,
    requests: u64,
    throttles: String,
}

/// Run the binary with a time limit; parse the `-v` summary line.
fn run(emu: &testkit::Emu, mode: &str, args: &[&str], file: &Path, limit: Duration) -> Run {
    emu.reset_counters();
    let start = Instant::now();
    let mut child = emu
        .backupctl_std()
        .args(args)
        .args(["-v", "--retry-mode", mode, "-f"])
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = pipe.read_to_string(&mut s);
            s
        })
    };
    let reader = drain(Box::new(child.stderr.take().unwrap()));
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let secs = start.elapsed().as_secs_f64();
    let stderr = reader.join().unwrap();
    let _ = out.join();
    if std::env::var_os("RETRIES_BENCH_LOG").is_some() {
        eprintln!("{stderr}");
    }
    let requests: u64 = emu.calls().iter().map(|(_, n)| n).sum();
    let summary = stderr.lines().rev().find(|l| l.contains(" AWS calls in "));
    let throttles = summary
        .and_then(|l| l.split(", ").find(|p| p.ends_with(" throttled")))
        .map_or("n/a".to_string(), |p| {
            p.trim_end_matches(" throttled").to_string()
        });
    let outcome = match status {
        None => format!("stopped at {:.0} s", limit.as_secs_f64()),
        Some(s) if s.code() == Some(0) => "ok".into(),
        Some(s) => {
            // `error: ...` (plan), or apply's "Apply failed: ..." summary
            // and its first failed step.
            let first = |p: &dyn Fn(&str) -> bool| {
                stderr.lines().find(|l| p(l)).map(|l| l.trim().to_string())
            };
            let err = first(&|l| l.starts_with("error:"))
                .or_else(|| {
                    let summary = first(&|l| l.starts_with("Apply failed"))?;
                    let step = first(&|l| l.contains("still throttled")).unwrap_or_default();
                    Some(format!("{summary} {step}"))
                })
                .unwrap_or_default();
            let err: String = err.chars().take(110).collect();
            format!("exit {}: {}", s.code().unwrap_or(-1), err.replace('|', "/"))
        }
    };
    Run {
        outcome,
        secs,
        requests,
        throttles,
    }
}

/// 30 ms latency and a full token bucket per operation.
fn limits(emu: &testkit::Emu, rate: f64, burst: f64) {
    emu.set_latency(30);
    let buckets: Vec<String> = OPS
        .iter()
        .map(|op| format!("\"{op}\":{{\"rate_per_sec\":{rate},\"burst\":{burst}}}"))
        .collect();
    emu.admin_put(
        "/__emulator/config",
        &format!("{{\"rate_limits\":{{{}}}}}", buckets.join(",")),
    );
}

/// An empty account with room for `n` vaults and plans, no latency yet.
fn fresh(emu: &testkit::Emu, n: usize) {
    emu.admin_post("/__emulator/reset", "");
    emu.raise_limits(n + 10);
}

fn main() {
    let a = args();
    let (nv, np) = (100, 100);
    let emu = testkit::Emu::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bench.yaml");
    let yaml = testkit::scale_config(nv, np);
    std::fs::write(&file, &yaml).unwrap();
    let d = testkit::desired(&yaml);
    let wasted = |n: f64| (n - a.burst).max(0.0) / a.rate;
    // apply: vaults, then plans, then selections (2 list calls first).
    let apply_floor = wasted(nv as f64) + wasted(np as f64) + wasted(2.0 * np as f64);
    // plan: the operations run side by side, each read following its
    // resource's ListTags; the busiest operations (ListTags and
    // GetBackupSelection, 200 calls each) bound it.
    let plan_floor = wasted((nv + np) as f64).max(wasted(2.0 * np as f64));
    let limit = |floor: f64| Duration::from_secs_f64(2.0 * floor + 10.0);

    println!("## Retries under throttling\n");
    println!(
        "Every operation throttled by its own token bucket of {} requests/s, burst {}; 30 ms latency; {nv} vaults, {np} plans, {} selections; concurrency 16.\n",
        a.rate,
        a.burst,
        2 * np
    );
    println!("| run | --retry-mode | outcome | wall time | floor | wall / floor | HTTP requests | throttled |");
    println!("|---|---|---|---:|---:|---:|---:|---:|");
    for mode in &a.modes {
        fresh(&emu, nv.max(np));
        limits(&emu, a.rate, a.burst);
        let r = run(
            &emu,
            mode,
            &["apply", "--auto-approve"],
            &file,
            limit(apply_floor),
        );
        row("apply (create all)", mode, &r, apply_floor);

        fresh(&emu, nv.max(np));
        emu.seed_in(&d, testkit::REGION);
        limits(&emu, a.rate, a.burst);
        let r = run(
            &emu,
            mode,
            &["plan", "--detailed-exitcode"],
            &file,
            limit(plan_floor),
        );
        row("plan (no changes)", mode, &r, plan_floor);

        // The same plan without buckets, after a single ThrottlingException
        // on the first ListTags (what made a 0.03 s plan take 8-25 s).
        emu.admin_put(
            "/__emulator/config",
            r#"{"rate_limits":{},"fail_nth":{"operation":"ListTags","n":1,"error":"ThrottlingException"}}"#,
        );
        let one_floor = 802.0 * 0.030 / 16.0;
        let r = run(
            &emu,
            mode,
            &["plan", "--detailed-exitcode"],
            &file,
            limit(one_floor),
        );
        row("plan, one throttle, no buckets", mode, &r, one_floor);
    }
}

fn row(name: &str, mode: &str, r: &Run, floor: f64) {
    println!(
        "| {name} | {mode} | {} | {:.1} s | {floor:.1} s | {:.2}x | {} | {} |",
        r.outcome,
        r.secs,
        r.secs / floor,
        r.requests,
        r.throttles
    );
}
