//! Benchmark of a multi-target `backupctl plan` (issue 14): one config with
//! `targets:` declaring 50 accounts × 3 regions (150 targets), each with
//! 10 vaults, 10 plans and 20 selections (6,000 resources), against the
//! emulator in-process on 127.0.0.1 holding every account and region, 30 ms
//! injected latency per request, the real release binary at its default
//! bounds (16 requests per target, 256 over all targets).
//!
//! Two timed runs of `plan --detailed-exitcode`: on empty accounts
//! (everything to add), then after every target was seeded with what the
//! config declares for it (no changes). Each reports wall time, API calls
//! (the emulator's counters, STS included), calls per resource, the
//! latency floor (calls × latency ÷ min(global bound, targets × per-target
//! bound)), the ratio to it, and the peak RSS of the backupctl process
//! (VmHWM from /proc, sampled every 2 ms while it runs).
//!
//! How targets reach their accounts: the emulator takes a 12-digit access
//! key id as the account. A target without `role_arn` uses the process's
//! credentials, so each account entry names a profile whose key id is its
//! account id (a shared credentials file the benchmark writes); nothing
//! is assumed. The seeding goes through aws-sdk-backup, one client per
//! account and region, from a single-target config with the same
//! resources and the target's values substituted; the no-changes run
//! checks that the multi-target config resolves to exactly that.
//!
//! Run: `cargo build --release --bin backupctl && cargo bench --bench
//! fleet` (`-- --accounts N` for fewer accounts).
#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its results on the terminal"
)]

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const VAULTS: usize = 10;
const PLANS: usize = 10;
const SELECTIONS_PER_PLAN: usize = 2;
const LATENCY_MS: u64 = 30;
/// `--concurrency` (per target) and `--max-concurrency` (all targets):
/// the defaults, passed explicitly so the floor below stays right.
const PER_TARGET: u64 = 16;
const GLOBAL: u64 = 256;

fn account_id(i: usize) -> String {
    (210_000_000_000u64 + i as u64).to_string()
}

/// Every fifth account is a production one with a longer retention.
fn retention(i: usize) -> u32 {
    if i.is_multiple_of(5) {
        365
    } else {
        35
    }
}

/// The resources every target gets. `account` and `days` are either the
/// references the multi-target config uses or one target's values.
fn resources(y: &mut String, account: &str, days: &str) {
    y.push_str("vaults:\n");
    for v in 0..VAULTS {
        let _ = writeln!(y, "  - name: vault-{v:02}\n    tags: {{team: t{}}}", v % 3);
    }
    y.push_str("plans:\n");
    for p in 0..PLANS {
        let _ = write!(
            y,
            // Block style: a plain `${...}` cannot stand inside `{...}`.
            "  - name: plan-{p:02}\n    rules:\n      - name: daily\n        target_vault: vault-{:02}\n        schedule: \"cron(0 5 ? * * *)\"\n        lifecycle:\n          delete_after_days: {days}\n    selections:\n",
            p % VAULTS
        );
        for s in 0..SELECTIONS_PER_PLAN {
            let _ = writeln!(
                y,
                "      - {{name: sel-{s}, iam_role_arn: \"arn:aws:iam::{account}:role/backup\", resources: [\"arn:aws:ec2:*:*:volume/v{p}-{s}\"]}}"
            );
        }
    }
}

/// The multi-target config: `accounts` account entries, three regions each.
fn fleet_config(accounts: usize) -> String {
    let mut y = String::from(
        "version: 1\nstack: bench\nvariables:\n  retention_days: 35\ntarget_defaults:\n",
    );
    let _ = writeln!(y, "  regions: [{}]\ntargets:", REGIONS.join(", "));
    for a in 0..accounts {
        let _ = writeln!(
            y,
            "  acct-{a:02}:\n    account_id: \"{}\"\n    profile: acct-{a:02}",
            account_id(a)
        );
        if retention(a) != 35 {
            let _ = writeln!(y, "    variables: {{retention_days: {}}}", retention(a));
        }
    }
    resources(&mut y, "${target.account_id}", "${var.retention_days}");
    y
}

/// What the config declares for account `a` in `region`, as a
/// single-target config (what the loader resolves the target to).
fn target_config(a: usize, region: &str) -> String {
    let mut y = format!(
        "version: 1\nstack: bench\naccount_id: \"{}\"\nregion: {region}\n",
        account_id(a)
    );
    resources(&mut y, &account_id(a), &retention(a).to_string());
    y
}

/// A profile per account whose access key id is the account id.
fn credentials(accounts: usize) -> String {
    let mut s = String::new();
    for a in 0..accounts {
        let _ = writeln!(
            s,
            "[acct-{a:02}]\naws_access_key_id = {}\naws_secret_access_key = bench\n",
            account_id(a)
        );
    }
    s
}

fn seed(emu: &testkit::Emu, accounts: usize) {
    emu.rt.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for a in 0..accounts {
            for region in REGIONS {
                let d = testkit::desired(&target_config(a, region));
                let c = testkit::sdk::client_at(&emu.endpoint, &account_id(a), region, None);
                set.spawn(async move { testkit::seed(&c, &d).await });
            }
        }
        while let Some(r) = set.join_next().await {
            r.unwrap();
        }
    });
}

/// One timed run of the release binary.
struct Run {
    code: i32,
    secs: f64,
    peak_kib: u64,
    /// CPU seconds (user + system) of the backupctl process, read from
    /// /proc just before it exited.
    client_cpu: f64,
    /// CPU seconds of this process meanwhile: the in-process emulator
    /// (and the 2 ms polling, which is negligible).
    emulator_cpu: f64,
    stdout: String,
    stderr: String,
}

/// User + system CPU seconds of a process (`self` or a pid), from
/// /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).
fn cpu_secs(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces: count after its `)`.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

/// VmHWM (peak resident set) of a running process, in KiB.
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn plan(emu: &testkit::Emu, dir: &Path, config: &Path) -> Run {
    let out = dir.join("stdout");
    let err = dir.join("stderr");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_backupctl"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
        .env("AWS_CONFIG_FILE", dir.join("config"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .args([
            "plan",
            "--detailed-exitcode",
            "--endpoint-url",
            &emu.endpoint,
        ])
        .args(["--concurrency", &PER_TARGET.to_string()])
        .args(["--max-concurrency", &GLOBAL.to_string(), "-f"])
        .arg(config)
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap());
    emu.reset_counters();
    let self_before = cpu_secs("self").unwrap_or_default();
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap();
    let mut peak_kib = 0;
    let mut client_cpu = 0.0;
    let status = loop {
        if let Some(kib) = vm_hwm(child.id()) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(cpu) = cpu_secs(&child.id().to_string()) {
            client_cpu = cpu;
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let secs = start.elapsed().as_secs_f64();
    Run {
        code: status.code().unwrap_or(-1),
        secs,
        peak_kib,
        client_cpu,
        emulator_cpu: cpu_secs("self").unwrap_or_default() - self_before,
        stdout: std::fs::read_to_string(out).unwrap(),
        stderr: std::fs::read_to_string(err).unwrap(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let accounts = args
        .iter()
        .position(|a| a == "--accounts")
        .map_or(50, |i| args[i + 1].parse().expect("--accounts N"));
    let targets = accounts * REGIONS.len();
    let per_target = VAULTS + PLANS + PLANS * SELECTIONS_PER_PLAN;
    let resources = targets * per_target;
    let effective = GLOBAL.min(targets as u64 * PER_TARGET);

    let emu = testkit::Emu::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("org.yaml");
    std::fs::write(&config, fleet_config(accounts)).unwrap();
    std::fs::write(dir.path().join("credentials"), credentials(accounts)).unwrap();
    std::fs::write(dir.path().join("config"), "").unwrap();
    // Until the `targets:` loader (issue 14) lands, this build refuses
    // the config: say so instead of measuring anything.
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_backupctl"))
        .env_clear()
        .env("NO_COLOR", "1")
        .args(["validate", "-q", "-f"])
        .arg(&config)
        .output()
        .unwrap();
    if !check.status.success() {
        let err = String::from_utf8_lossy(&check.stderr);
        println!(
            "backupctl does not accept the multi-target config yet (the `targets:` loader, issue 14); nothing measured. First findings:\n{}",
            err.lines().take(6).collect::<Vec<_>>().join("\n")
        );
        std::process::exit(1);
    }
    emu.set_latency(LATENCY_MS);

    let mut rows = Vec::new();
    let mut converged_ops = Vec::new();
    for (name, expect_code) in [
        ("empty accounts (all to add)", 2),
        ("converged (no changes)", 0),
    ] {
        if expect_code == 0 {
            emu.set_latency(0);
            let t = Instant::now();
            seed(&emu, accounts);
            println!(
                "seeded {resources} resources in {targets} targets in {:.1} s",
                t.elapsed().as_secs_f64()
            );
            emu.set_latency(LATENCY_MS);
        }
        let run = plan(&emu, dir.path(), &config);
        assert_eq!(
            run.code,
            expect_code,
            "{name}: backupctl plan exited {}\nstderr:\n{}\nstdout (end):\n{}",
            run.code,
            run.stderr,
            &run.stdout[run.stdout.len().saturating_sub(2000)..]
        );
        let adds = if expect_code == 0 { 0 } else { resources };
        let summary = format!(
            "Plan over {targets} target(s): {adds} to add, 0 to change, 0 to replace, 0 to destroy."
        );
        assert!(run.stdout.contains(&summary), "{name}: no `{summary}`");
        let ops = emu.calls();
        let calls: u64 = ops.iter().map(|(_, n)| n).sum();
        if expect_code == 0 {
            converged_ops = ops;
        }
        rows.push((name, calls, run));
    }

    println!("\n## organization plan\n");
    println!(
        "{accounts} accounts x {} regions = {targets} targets, {per_target} resources each ({resources} in all), {LATENCY_MS} ms latency; effective concurrency min({GLOBAL}, {targets} x {PER_TARGET}) = {effective}.\n",
        REGIONS.len()
    );
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("| run | targets | resources | API calls | calls / resource | floor (calls x {LATENCY_MS} ms / {effective}) | wall time | ratio | peak RSS | CPU: backupctl + emulator | CPU floor (÷ {cores} cores) |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, calls, run) in rows {
        let floor = calls as f64 * LATENCY_MS as f64 / 1000.0 / effective as f64;
        println!(
            "| {name} | {targets} | {resources} | {calls} | {:.3} | {floor:.2} s | {:.2} s | {:.2}x | {:.0} MiB | {:.2} s + {:.2} s | {:.2} s |",
            calls as f64 / resources as f64,
            run.secs,
            run.secs / floor,
            run.peak_kib as f64 / 1024.0,
            run.client_cpu,
            run.emulator_cpu,
            (run.client_cpu + run.emulator_cpu) / cores as f64
        );
    }
    println!("\nAPI calls of the no-changes plan:\n");
    println!("| operation | calls | per target |");
    println!("|---|---:|---:|");
    for (op, n) in converged_ops {
        println!("| {op} | {n} | {:.1} |", n as f64 / targets as f64);
    }
}
