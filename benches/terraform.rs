//! Terraform side by side with backupctl at the issue's scale: 100 vaults,
//! 100 plans and 200 selections in one account, against the same emulator
//! (in-process on 127.0.0.1, 30 ms injected latency per request). Each
//! tool gets its own account of that emulator (the emulator takes a
//! 12-digit access key id as the account), and each runs an apply on an
//! empty account and then a plan that should find nothing to do.
//! Terraform runs at its default `-parallelism=10`, backupctl at its
//! default concurrency of 16. API calls are the emulator's counters,
//! zeroed before each run.
//!
//! Needs `terraform` on PATH and the hashicorp/aws provider (the version in
//! [`PROVIDER`]) from the registry or, with `TF_PLUGIN_MIRROR=DIR`, from a
//! filesystem mirror. Run: `cargo bench --bench terraform`.
#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its results on the terminal"
)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const VAULTS: usize = 100;
const PLANS: usize = 100;
const LATENCY_MS: u64 = 30;
const PROVIDER: &str = "5.100.0";
/// The account Terraform works in (backupctl uses the emulator's default).
const TF_ACCOUNT: &str = "210987654321";

/// The same resources as `testkit::scale_config(VAULTS, PLANS)`, in HCL.
fn main_tf(endpoint: &str) -> String {
    let mut t = String::new();
    let _ = write!(
        t,
        r#"terraform {{
  required_providers {{
    aws = {{ source = "hashicorp/aws", version = "{PROVIDER}" }}
  }}
}}
provider "aws" {{
  region                      = "us-east-1"
  access_key                  = "{TF_ACCOUNT}"
  secret_key                  = "secret"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  endpoints {{
    backup = "{endpoint}"
    sts    = "{endpoint}"
  }}
}}
resource "aws_backup_vault" "v" {{
  count = {VAULTS}
  name  = format("vault-%04d", count.index)
  tags  = {{ team = "t${{count.index % 7}}" }}
}}
resource "aws_backup_plan" "p" {{
  count = {PLANS}
  name  = format("plan-%04d", count.index)
  rule {{
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.v[count.index % {VAULTS}].name
    schedule          = "cron(0 5 ? * * *)"
    lifecycle {{
      delete_after = 35
    }}
  }}
}}
resource "aws_backup_selection" "s" {{
  count        = {selections}
  name         = "sel-${{count.index % 2}}"
  plan_id      = aws_backup_plan.p[floor(count.index / 2)].id
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  resources    = ["arn:aws:ec2:*:*:volume/v${{floor(count.index / 2)}}-${{count.index % 2}}"]
}}
"#,
        selections = 2 * PLANS
    );
    t
}

fn terraform(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("terraform");
    cmd.current_dir(dir)
        .args(args)
        .env("TF_IN_AUTOMATION", "1")
        .env("TF_INPUT", "0")
        .env("CHECKPOINT_DISABLE", "1");
    match std::env::var("TF_PLUGIN_MIRROR") {
        Ok(mirror) => {
            let rc = dir.join("terraformrc");
            std::fs::write(
                &rc,
                format!(
                    "provider_installation {{\n  filesystem_mirror {{\n    path = \"{mirror}\"\n  }}\n}}\n"
                ),
            )
            .unwrap();
            cmd.env("TF_CLI_CONFIG_FILE", rc);
        }
        Err(_) => {
            cmd.env_remove("TF_CLI_CONFIG_FILE");
        }
    }
    cmd
}

/// One timed run: (exit code, seconds, API calls, stdout); prints the
/// calls per operation.
fn timed(emu: &testkit::Emu, mut cmd: Command) -> (i32, f64, u64, String) {
    emu.reset_counters();
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let secs = start.elapsed().as_secs_f64();
    let ops = emu.calls();
    println!("{ops:?}");
    let calls = ops.iter().map(|(_, n)| n).sum();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let code = out.status.code().unwrap_or(-1);
    if code == 1 {
        println!(
            "exit 1:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    (code, secs, calls, stdout)
}

fn main() {
    let version = Command::new("terraform").arg("version").output().ok();
    let Some(version) = version.filter(|o| o.status.success()) else {
        println!("terraform is not on PATH: nothing measured");
        return;
    };
    let version = String::from_utf8_lossy(&version.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let emu = testkit::Emu::start();
    emu.raise_limits(VAULTS.max(PLANS) + 10);
    let dir = tempfile::tempdir().unwrap();
    let tf = dir.path().join("tf");
    std::fs::create_dir(&tf).unwrap();
    std::fs::write(tf.join("main.tf"), main_tf(&emu.endpoint)).unwrap();
    let init = terraform(&tf, &["init", "-no-color"]).output().unwrap();
    assert!(
        init.status.success(),
        "terraform init: {}{}",
        String::from_utf8_lossy(&init.stdout),
        String::from_utf8_lossy(&init.stderr)
    );
    let config = dir.path().join("bench.yaml");
    std::fs::write(&config, testkit::scale_config(VAULTS, PLANS)).unwrap();
    emu.set_latency(LATENCY_MS);

    let mut rows = Vec::new();
    let run_bc = |args: &[&str]| {
        emu.reset_counters();
        let start = Instant::now();
        let out = emu
            .backupctl_at(env!("CARGO_BIN_EXE_backupctl"))
            .args(args)
            .arg("-f")
            .arg(&config)
            .output()
            .unwrap();
        let secs = start.elapsed().as_secs_f64();
        let calls: u64 = emu.calls().iter().map(|(_, n)| n).sum();
        (out.status.code().unwrap_or(-1), secs, calls)
    };
    let (code, secs, calls) = run_bc(&["apply", "--auto-approve"]);
    assert_eq!(code, 0, "backupctl apply");
    rows.push(("backupctl apply (all created)", code, secs, calls));
    let (code, secs, calls) = run_bc(&["plan", "--detailed-exitcode"]);
    rows.push(("backupctl plan (no changes)", code, secs, calls));

    let (code, secs, calls, _) = timed(
        &emu,
        terraform(&tf, &["apply", "-auto-approve", "-no-color"]),
    );
    assert_eq!(code, 0, "terraform apply");
    rows.push(("terraform apply (all created)", code, secs, calls));
    let (code, secs, calls, out) = timed(
        &emu,
        terraform(&tf, &["plan", "-detailed-exitcode", "-no-color"]),
    );
    rows.push(("terraform plan (no changes)", code, secs, calls));
    if code == 2 {
        println!("terraform plan found changes:\n{out}");
    }

    println!("\n## Terraform comparison\n");
    println!(
        "{version}, hashicorp/aws {PROVIDER}; {VAULTS} vaults, {PLANS} plans, {} selections; {LATENCY_MS} ms latency per request.\n",
        2 * PLANS
    );
    println!("| run | exit code | API calls | wall time |");
    println!("|---|---:|---:|---:|");
    for (name, code, secs, calls) in rows {
        println!("| {name} | {code} | {calls} | {secs:.2} s |");
    }
}
