//! Many accounts and regions in one config (`targets:`), end to end: the
//! real binary reaches each target by assuming its role through the
//! emulator's STS, and the emulator keeps every account and region apart.
//! Three accounts × two regions, cross-region copies into a DR vault of
//! another target, per-target variables, a denied role, the account
//! guard, `--target`, shards and their merge, and a killed apply.

use std::path::Path;

use serde_json::Value;
use testkit::Emu;

use super::apply::harness::{run, Cfg};

const ORG: &str = r#"version: 1
stack: org
variables:
  retention: 35
target_defaults:
  regions: [eu-west-1, eu-central-1]
  role_arn: "arn:aws:iam::${target.account_id}:role/backupctl"
targets:
  central:
    account_id: "111111111111"
  prod:
    account_id: "222222222222"
    variables: { retention: 365 }
  dev:
    account_id: "333333333333"
vaults:
  - name: primary
    targets: { target.region: eu-west-1 }
    tags: { owner: "${target.account}" }
  - name: dr
    targets: ["*/eu-central-1"]
plans:
  - name: daily
    targets: { target.region: eu-west-1 }
    rules:
      - name: daily
        target_vault: primary
        schedule: cron(0 5 ? * * *)
        lifecycle: { delete_after_days: "${var.retention}" }
        copy_actions:
          - destination_vault: { target: "${target.account}/eu-central-1", vault: dr }
    selections:
      - name: volumes
        iam_role_arn: "arn:aws:iam::${target.account_id}:role/backup"
        resources: ["arn:aws:ec2:*:*:volume/*"]
"#;

const ACCOUNTS: [(&str, &str); 3] = [
    ("central", "111111111111"),
    ("dev", "333333333333"),
    ("prod", "222222222222"),
];

fn region<'a>(state: &'a Value, account: &str, region: &str) -> &'a Value {
    &state["accounts"][account]["regions"][region]
}

fn apply(emu: &Emu, file: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--auto-approve"];
    all.extend_from_slice(args);
    run(emu, "apply", &[file], &all, &[])
}

fn plan_json(emu: &Emu, file: &Path, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["--format", "json", "--detailed-exitcode"];
    all.extend_from_slice(args);
    let (code, out, err) = run(emu, "plan", &[file], &all, &[]);
    let doc = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, doc, err)
}

#[test]
fn three_accounts_two_regions_apply_and_converge_with_copies_into_another_targets_vault() {
    let emu = Emu::start();
    let file = Cfg::new(ORG);
    let (code, out, err) = apply(&emu, &file.path(), &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("=== target prod/eu-west-1 (account 222222222222, eu-west-1) ==="),
        "{out}"
    );
    assert!(out.contains("Apply complete! 6 target(s)"), "{out}");

    let state = emu.state();
    for (name, account) in ACCOUNTS {
        let primary = region(&state, account, "eu-west-1");
        let dr = region(&state, account, "eu-central-1");
        assert!(
            primary["vaults"]["primary"].is_object(),
            "{name}: {primary}"
        );
        assert!(
            primary["vaults"].get("dr").is_none(),
            "{name}: dr only in the DR region"
        );
        assert!(dr["vaults"]["dr"].is_object(), "{name}: {dr}");
        assert!(dr["vaults"].get("primary").is_none(), "{name}");
        assert_eq!(primary["vaults"]["primary"]["tags"]["owner"], name);
        let plans = primary["plans"].as_object().expect("plans");
        assert_eq!(plans.len(), 1, "{name}: {plans:?}");
        assert!(
            dr["plans"].as_object().is_none_or(|p| p.is_empty()),
            "{name}"
        );
        let text = serde_json::to_string(plans).unwrap();
        let dest = format!("arn:aws:backup:eu-central-1:{account}:backup-vault:dr");
        assert!(
            text.contains(&dest),
            "{name}: copy to {dest} missing in {text}"
        );
        let retention = if name == "prod" { "365" } else { "35" };
        assert!(
            text.contains(&format!("\"DeleteAfterDays\":{retention}")),
            "{name}: retention {retention} missing in {text}"
        );
    }
    // Nothing in the account the plain credentials belong to.
    assert!(state["accounts"].get(testkit::ACCOUNT).is_none_or(|a| {
        a["regions"].as_object().is_none_or(|r| {
            r.values()
                .all(|r| r["vaults"].as_object().is_none_or(|v| v.is_empty()))
        })
    }));

    let (code, doc, err) = plan_json(&emu, &file.path(), &[]);
    assert_eq!(code, 0, "not converged: {doc}\n{err}");
    assert_eq!(doc["format_version"], 2);
    assert_eq!(doc["kind"], "plan");
    let names: Vec<&str> = doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "central/eu-central-1",
            "central/eu-west-1",
            "dev/eu-central-1",
            "dev/eu-west-1",
            "prod/eu-central-1",
            "prod/eu-west-1"
        ]
    );
}

#[test]
fn a_denied_role_fails_its_targets_and_the_others_are_still_planned() {
    let emu = Emu::start();
    emu.admin_post(
        "/__emulator/sts/deny-role",
        r#"{"role_arn": "arn:aws:iam::333333333333:role/backupctl"}"#,
    );
    let file = Cfg::new(ORG);
    let (code, doc, err) = plan_json(&emu, &file.path(), &[]);
    assert_eq!(code, 1, "{doc}\n{err}");
    for t in doc["targets"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("dev/") {
            let e = t["error"].as_str().unwrap_or_default();
            assert!(
                e.contains("cannot assume role arn:aws:iam::333333333333:role/backupctl"),
                "{e}"
            );
            assert!(e.contains("AccessDenied"), "{e}");
            assert!(t.get("result").is_none(), "{t}");
            assert!(err.contains(&format!("error: target {name}: ")), "{err}");
        } else {
            assert!(
                t["result"]["changes"]
                    .as_array()
                    .is_some_and(|c| !c.is_empty()),
                "{t}"
            );
        }
    }
    // Apply changes the reachable targets and reports the others.
    let (code, out, err) = apply(&emu, &file.path(), &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("target dev/eu-west-1: FAILED before any change"),
        "{err}"
    );
    let state = emu.state();
    assert!(region(&state, "222222222222", "eu-west-1")["vaults"]["primary"].is_object());
    assert!(
        state["accounts"].get("333333333333").is_none(),
        "{}",
        state["accounts"]
    );
}

#[test]
fn a_role_of_another_account_is_refused_by_the_account_guard() {
    let emu = Emu::start();
    let cfg = ORG.replace(
        "    account_id: \"333333333333\"\n",
        "    account_id: \"333333333333\"\n    role_arn: arn:aws:iam::222222222222:role/backupctl\n",
    );
    let file = Cfg::new(&cfg);
    let (code, doc, err) = plan_json(&emu, &file.path(), &["--target", "dev"]);
    assert_eq!(code, 1, "{doc}\n{err}");
    let targets = doc["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 2, "--target dev covers both regions of dev");
    for t in targets {
        let e = t["error"].as_str().unwrap_or_default();
        assert!(
            e.contains("wrong account:")
                && e.contains("333333333333")
                && e.contains("belong to 222222222222"),
            "{e}"
        );
    }
}

#[test]
fn target_filters_and_shards_cover_the_unsharded_plan_and_merge_back_to_it() {
    let emu = Emu::start();
    let file = Cfg::new(ORG);
    let (code, whole, err) = plan_json(&emu, &file.path(), &[]);
    assert_eq!(code, 2, "{whole}\n{err}");
    let (code, only, _) = plan_json(&emu, &file.path(), &["--target", "*/eu-central-1"]);
    assert_eq!(code, 2);
    assert_eq!(only["targets"].as_array().unwrap().len(), 3);

    let dir = tempfile::tempdir().unwrap();
    let mut shard_files = Vec::new();
    let mut seen = 0;
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let (code, doc, err) = plan_json(&emu, &file.path(), &["--shard", &shard]);
        assert_eq!(code, 2, "{doc}\n{err}");
        assert_eq!(doc["shard"]["targets_total"], 6);
        seen += doc["targets"].as_array().unwrap().len();
        let path = dir.path().join(format!("plan-{k}.json"));
        std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        shard_files.push(path.display().to_string());
    }
    assert_eq!(seen, 6);
    let merge = |format: &str| {
        let mut args: Vec<&str> = vec!["merge", "--format", format];
        args.extend(shard_files.iter().map(String::as_str));
        testkit::cli::run(&emu, &args)
    };
    let (code, merged, err) = merge("json");
    assert_eq!(code, 0, "{merged}\n{err}");
    assert_eq!(serde_json::from_str::<Value>(&merged).unwrap(), whole);
    let (_, md_whole, _) = run(
        &emu,
        "plan",
        &[&file.path()],
        &["--format", "markdown"],
        &[],
    );
    let (code, md_merged, err) = merge("markdown");
    assert_eq!(code, 0, "{err}");
    assert_eq!(md_merged, md_whole);
    assert!(
        md_whole.contains("| Target | Account | Region |"),
        "{md_whole}"
    );
}

#[test]
fn a_killed_multi_target_apply_reruns_to_convergence_without_duplicates() {
    let emu = Emu::start();
    let mut cfg = ORG.to_string();
    for i in 0..4 {
        cfg.push_str(&format!(
            "  - name: extra{i}\n    targets: {{ target.region: eu-west-1 }}\n    rules:\n      - {{name: r, target_vault: primary, schedule: \"cron(0 {i} ? * * *)\"}}\n"
        ));
    }
    let file = Cfg::new(&cfg);
    emu.set_latency(150);
    let mut child = emu
        .backupctl_std()
        .args(["apply", "--auto-approve", "--concurrency", "1", "-f"])
        .arg(file.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let created = |emu: &Emu| {
        emu.counters()
            .get("CreateBackupPlan")
            .copied()
            .unwrap_or_default()
    };
    while created(&emu) < 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "apply made no progress"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(created(&emu) < 15, "killed too late to test anything");
    emu.set_latency(0);
    let (code, out, err) = apply(&emu, &file.path(), &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    let (code, doc, err) = plan_json(&emu, &file.path(), &[]);
    assert_eq!(code, 0, "not converged: {doc}\n{err}");
    let state = emu.state();
    for (name, account) in ACCOUNTS {
        let plans = region(&state, account, "eu-west-1")["plans"]
            .as_object()
            .unwrap()
            .values()
            .filter(|p| p["deletion_date"].is_null())
            .map(|p| {
                let doc = &p["versions"].as_array().unwrap().last().unwrap()["document"];
                doc["BackupPlanName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect::<Vec<_>>();
        let mut sorted = plans.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(plans.len(), 5, "{name}: {plans:?}");
        assert_eq!(sorted.len(), 5, "{name}: duplicates in {plans:?}");
    }
}
