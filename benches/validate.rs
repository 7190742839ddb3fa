//! Benchmark: `validate` on a generated 10,000-resource config.
//!
//! Run with `cargo bench --bench validate`. It writes a config of 2,000
//! vaults and 2,000 plans (4,000 rules, 2,000 selections) to a temp file,
//! then times `config::load` (read, parse, decode, validate) in-process —
//! for the plain file (direct event path) and for the same file with one
//! YAML anchor (serde-saphyr path) — and the whole `backupctl validate`
//! process, and prints a Markdown table for BENCHMARKS.md. Target: under
//! 200 ms.
#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its results on the terminal"
)]

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const VAULTS: usize = 2_000;
const PLANS: usize = 2_000;

fn generate() -> String {
    let mut s = String::from("version: 1\nstack: bench\nexternal_vaults: [Default]\nrule_templates:\n  std:\n    schedule_timezone: Europe/Berlin\n    start_window_minutes: 60\n    completion_window_minutes: 600\nvaults:\n");
    for i in 0..VAULTS {
        let _ = write!(
            s,
            "  - name: vault-{i:05}\n    encryption_key_arn: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-{i:012}\n    tags: {{team: t{}, env: prod}}\n    notifications:\n      sns_topic_arn: arn:aws:sns:eu-west-1:123456789012:alerts\n      events: [BACKUP_JOB_FAILED, COPY_JOB_FAILED]\n",
            i % 17
        );
    }
    s.push_str("plans:\n");
    for i in 0..PLANS {
        let v = i % VAULTS;
        let _ = write!(
            s,
            "  - name: plan-{i:05}\n    tags: {{owner: team{}}}\n    rules:\n      - name: daily\n        template: std\n        target_vault: vault-{v:05}\n        schedule: cron({} 2 ? * * *)\n        lifecycle: {{delete_after_days: 35}}\n      - name: monthly\n        target_vault: vault-{v:05}\n        schedule: cron(0 4 1 * ? *)\n        lifecycle: {{move_to_cold_storage_after_days: 30, delete_after_days: 400}}\n        copy_actions:\n          - destination_vault_arn: arn:aws:backup:eu-central-1:123456789012:backup-vault:dr-{v:05}\n    selections:\n      - name: sel\n        iam_role_arn: arn:aws:iam::123456789012:role/backup\n        resources: ['arn:aws:dynamodb:*:*:table/app-{i}-*']\n        conditions:\n          string_equals: [{{key: aws:ResourceTag/backup, value: daily}}]\n",
            i % 60,
            i % 5
        );
    }
    s
}

fn stats(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    (v[0], v[v.len() / 2], v[v.len() - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let dir = std::env::temp_dir().join(format!("backupctl-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.yaml");
    let text = generate();
    std::fs::write(&file, &text).unwrap();
    let files = vec![file.clone()];

    // Warm up, and check the config is valid and as large as claimed.
    let loaded = backupctl::config::load(&files).unwrap_or_else(|d| panic!("{d}"));
    let c = &loaded.config;
    let rules: usize = c.plans.iter().map(|p| p.rules.len()).sum();
    let sels: usize = c.plans.iter().map(|p| p.selections.len()).sum();
    let resources = c.vaults.len() + c.plans.len() + rules + sels;
    assert_eq!(resources, 10_000);

    let iters = 15;
    let time_load = |files: &[PathBuf]| -> Vec<Duration> {
        (0..iters)
            .map(|_| {
                let t = Instant::now();
                let l = backupctl::config::load(files).unwrap();
                std::hint::black_box(&l);
                t.elapsed()
            })
            .collect()
    };
    let lib = time_load(&files);
    // One YAML anchor sends the file down the serde-saphyr path (anchors,
    // aliases, merge keys) instead of the direct event path.
    let anchored = dir.join("anchored.yaml");
    std::fs::write(
        &anchored,
        text.replacen("tags: {team: t0,", "tags: &t0 {team: t0,", 1),
    )
    .unwrap();
    let anchored_files = vec![anchored];
    backupctl::config::load(&anchored_files).unwrap_or_else(|d| panic!("{d}"));
    let lib_serde = time_load(&anchored_files);

    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into()))
        .join("release/backupctl");
    let proc_times: Vec<Duration> = if bin.exists() {
        (0..iters)
            .map(|_| {
                let t = Instant::now();
                let out = Command::new(&bin)
                    .args(["validate", "-q", "-f"])
                    .arg(&file)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                t.elapsed()
            })
            .collect()
    } else {
        Vec::new()
    };

    println!("config: {resources} resources ({} vaults, {} plans, {rules} rules, {sels} selections), {} KiB, 1 file", c.vaults.len(), c.plans.len(), text.len() / 1024);
    println!();
    println!("| measurement | iterations | min | median | max | target |");
    println!("|---|---|---|---|---|---|");
    let (a, b, m) = stats(lib);
    println!("| `config::load` in-process (read, parse, decode, validate) | {iters} | {} | {} | {} | < 200 ms |", ms(a), ms(b), ms(m));
    let (a, b, m) = stats(lib_serde);
    println!(
        "| the same with one YAML anchor (serde-saphyr path) | {iters} | {} | {} | {} | < 200 ms |",
        ms(a),
        ms(b),
        ms(m)
    );
    if !proc_times.is_empty() {
        let (a, b, m) = stats(proc_times);
        println!("| `backupctl validate -q -f config.yaml` process | {iters} | {} | {} | {} | < 200 ms |", ms(a), ms(b), ms(m));
    } else {
        println!(
            "(release binary not found at {}; run `cargo build --release` for the process row)",
            bin.display()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
