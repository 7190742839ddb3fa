//! Throughput benchmark: seeds 100,000 resources through the admin state
//! API, then drives a realistic read mix (DescribeBackupVault, GetBackupPlan,
//! ListBackupVaults pages, ListTags) over loopback HTTP/1.1 keep-alive
//! connections against a server pinned to one tokio current_thread worker.
//! Prints a Markdown table of requests per second.
#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its results on the terminal"
)]

use std::time::{Duration, Instant};

use backup_emulator::{Emulator, EmulatorOptions};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Value};

const VAULTS: usize = 50_000;
const PLANS: usize = 40_000;
const SELECTIONS: usize = 10_000; // one per plan for the first 10,000 plans
const CONNECTIONS: usize = 8;
/// Seconds per row under `cargo bench`; `cargo test --benches` (no
/// `--bench` argument) only smoke-runs each row briefly.
fn seconds() -> f64 {
    if std::env::args().any(|a| a == "--bench") {
        4.0
    } else {
        0.2
    }
}
const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/backup/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000";

fn plan_id(i: usize) -> String {
    format!("00000000-0000-4000-8000-{i:012}")
}

fn seed_state() -> Value {
    let mut vaults = Map::new();
    for i in 0..VAULTS {
        vaults.insert(
            format!("vault-{i:06}"),
            json!({"creation_date": 1.7e9, "tags": {"team": "t", "idx": i.to_string()}}),
        );
    }
    let mut plans = Map::new();
    for i in 0..PLANS {
        let mut p = json!({"creation_date": 1.7e9, "tags": {"env": "prod"},
            "versions": [{"version_id": format!("dmVyc2lvbi0{i:032}"), "creation_date": 1.7e9,
            "document": {"BackupPlanName": format!("plan-{i}"), "Rules": [
                {"RuleName": "daily", "TargetBackupVaultName": format!("vault-{:06}", i % VAULTS),
                 "ScheduleExpression": "cron(0 5 ? * * *)", "Lifecycle": {"DeleteAfterDays": 35}},
                {"RuleName": "monthly", "TargetBackupVaultName": format!("vault-{:06}", i % VAULTS),
                 "ScheduleExpression": "cron(0 5 1 * ? *)", "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 365}}]}}]});
        if i < SELECTIONS {
            p["selections"] = json!({format!("sel-{i}"): {"creation_date": 1.7e9, "selection": {
                "SelectionName": "all-tagged", "IamRoleArn": "arn:aws:iam::123456789012:role/backup",
                "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "yes"}]}}});
        }
        plans.insert(plan_id(i), p);
    }
    json!({"accounts": {"123456789012": {"regions": {"us-east-1": {"vaults": vaults, "plans": plans}}}}})
}

type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn connect(addr: std::net::SocketAddr) -> Sender {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    sender
}

async fn call(s: &mut Sender, method: &str, path: &str, body: Bytes, signed: bool) -> (u16, Bytes) {
    let mut b = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "127.0.0.1");
    if signed {
        b = b.header("authorization", AUTH);
    }
    let resp = s
        .send_request(b.body(Full::new(body)).unwrap())
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.into_body().collect().await.unwrap().to_bytes())
}

#[derive(Clone, Copy, PartialEq)]
enum Mix {
    All,
    Describe,
    GetPlan,
    ListPage,
    ListTags,
}

/// One client connection issuing requests until `until`; returns the count.
async fn worker(addr: std::net::SocketAddr, mix: Mix, seed: u64, until: Instant) -> u64 {
    let mut s = connect(addr).await;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut token: Option<String> = None;
    let mut n = 0u64;
    while Instant::now() < until {
        let kind = match mix {
            Mix::All => {
                [Mix::Describe, Mix::GetPlan, Mix::ListPage, Mix::ListTags][(n % 4) as usize]
            }
            m => m,
        };
        let path = match kind {
            Mix::Describe => format!("/backup-vaults/vault-{:06}", rng.random_range(0..VAULTS)),
            Mix::GetPlan => format!("/backup/plans/{}/", plan_id(rng.random_range(0..PLANS))),
            Mix::ListPage => match &token {
                Some(t) => format!("/backup-vaults/?maxResults=50&nextToken={}", pct(t)),
                None => "/backup-vaults/?maxResults=50".to_string(),
            },
            _ => format!(
                "/tags/arn%3Aaws%3Abackup%3Aus-east-1%3A123456789012%3Abackup-vault%3Avault-{:06}/",
                rng.random_range(0..VAULTS)
            ),
        };
        let (status, body) = call(&mut s, "GET", &path, Bytes::new(), true).await;
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
        if kind == Mix::ListPage {
            let v: Value = serde_json::from_slice(&body).unwrap();
            token = v["NextToken"].as_str().map(str::to_string);
        }
        n += 1;
    }
    n
}

/// Resident memory of this process (server and client), from /proc.
fn rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn pct(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn main() {
    // The server: one OS thread, one current_thread tokio runtime.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let emu = Emulator::start(EmulatorOptions::default()).await.unwrap();
            tx.send(emu.addr()).unwrap();
            emu.wait().await;
        });
    });
    let addr = rx.recv().unwrap();
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    client_rt.block_on(async move {
        let seed = seed_state().to_string();
        let admin = testkit::admin::Admin::new(&addr.to_string());
        let t = Instant::now();
        admin.ok("PUT", "/__emulator/state", &seed).await;
        let seeded = t.elapsed();
        println!(
            "seeded {} resources ({VAULTS} vaults, {PLANS} plans, {SELECTIONS} selections) in {:.2}s; process RSS {} MiB\n",
            VAULTS + PLANS + SELECTIONS,
            seeded.as_secs_f64(),
            rss_mib()
        );
        println!("| workload (server: 1 core, 100,000 resources; {CONNECTIONS} keep-alive connections) | requests | seconds | requests/s |");
        println!("|---|---:|---:|---:|");
        for (label, mix) in [
            ("mixed: Describe/GetPlan/ListVaults page/ListTags", Mix::All),
            ("DescribeBackupVault", Mix::Describe),
            ("GetBackupPlan", Mix::GetPlan),
            ("ListBackupVaults (pages of 50)", Mix::ListPage),
            ("ListTags (vault ARN)", Mix::ListTags),
        ] {
            let start = Instant::now();
            let until = start + Duration::from_secs_f64(seconds());
            let handles: Vec<_> = (0..CONNECTIONS)
                .map(|i| tokio::spawn(worker(addr, mix, i as u64, until)))
                .collect();
            let mut total = 0;
            for h in handles {
                total += h.await.unwrap();
            }
            let secs = start.elapsed().as_secs_f64();
            println!("| {label} | {total} | {secs:.1} | {:.0} |", total as f64 / secs);
        }
    });
}
