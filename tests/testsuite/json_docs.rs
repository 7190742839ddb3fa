//! The JSON documents in docs/ against the binary's real output, so they
//! cannot drift from the code: every key a document's key tables list is in
//! the output (unless the row says it is omitted) and shows up at least
//! once, and every key of the output is listed. The document's JSON
//! example is held to the same tables.
//!
//! A key table is a Markdown table whose header starts with `| key |`. It
//! describes the object named by the first `code` span of the heading above
//! it (`vaults[]`: each element of `vaults`; `changed[].fields[]`: each
//! element of `fields` of each element of `changed`), or the top-level
//! object when the heading has none. Its first column lists keys in
//! backticks; a row saying "Omitted" is an optional key.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use testkit::{with_config, Emu, ACCOUNT};

/// Object path -> key -> optional, from the document's key tables.
fn documented(doc: &str) -> BTreeMap<String, BTreeMap<String, bool>> {
    let mut out: BTreeMap<String, BTreeMap<String, bool>> = BTreeMap::new();
    let mut path = String::new();
    let mut in_keys = false;
    for line in doc.lines() {
        if line.starts_with('#') {
            path = code_spans(line).into_iter().next().unwrap_or_default();
            in_keys = false;
        } else if line.starts_with("| key |") {
            in_keys = true;
            out.entry(path.clone()).or_default();
        } else if !line.starts_with('|') {
            in_keys = false;
        } else if in_keys && !line.starts_with("|---") {
            let first = line[1..].split('|').next().unwrap_or_default();
            let optional = line.contains("Omitted");
            let keys = out.get_mut(&path).unwrap();
            for k in code_spans(first) {
                assert!(
                    keys.insert(k.clone(), optional).is_none(),
                    "`{path}`: `{k}` listed twice"
                );
            }
        }
    }
    out
}

fn code_spans(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The values at `path` (`a.b[]`, "" for the top level).
fn objects<'a>(v: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut cur = vec![v];
    if path.is_empty() {
        return cur;
    }
    for seg in path.split('.') {
        let (name, each) = match seg.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (seg, false),
        };
        cur = cur
            .into_iter()
            .filter_map(|o| o.get(name))
            .flat_map(|x| {
                if each {
                    x.as_array().map(|a| a.iter().collect()).unwrap_or_default()
                } else {
                    vec![x]
                }
            })
            .collect();
    }
    cur
}

/// The document's first ```json block: its example.
fn example(name: &str, doc: &str) -> Value {
    let block = doc
        .split("```json\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap_or_else(|| panic!("{name}: no JSON example"));
    serde_json::from_str(block).unwrap_or_else(|e| panic!("{name}: example: {e}"))
}

/// Check real outputs, and the document's example, against the key tables
/// of `docs/NAME`.
fn check(name: &str, real: &[Value]) {
    let file = format!("{}/docs/{name}", env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(&file).unwrap();
    let mut outputs = real.to_vec();
    outputs.push(example(name, &doc));
    let outputs = &outputs[..];
    let tables = documented(&doc);
    assert!(tables.contains_key(""), "{name}: no top-level key table");
    for (path, keys) in &tables {
        let objs: Vec<&Value> = outputs.iter().flat_map(|o| objects(o, path)).collect();
        assert!(!objs.is_empty(), "{name}: the outputs have no `{path}`");
        for o in &objs {
            let map = o
                .as_object()
                .unwrap_or_else(|| panic!("{name}: `{path}` is not an object: {o}"));
            for k in map.keys() {
                assert!(
                    keys.contains_key(k),
                    "{name}: `{path}` has `{k}`, which the document does not list: {o}"
                );
            }
            for (k, optional) in keys {
                assert!(
                    *optional || map.contains_key(k),
                    "{name}: `{path}` lacks `{k}`, which the document does not call omitted: {o}"
                );
            }
        }
        for k in keys.keys() {
            assert!(
                objs.iter().any(|o| o.get(k).is_some()),
                "{name}: `{path}.{k}` is documented but in none of the outputs"
            );
        }
    }
    // The version the document describes is the one printed.
    let version = outputs[0]["format_version"].as_u64().unwrap();
    assert!(
        doc.contains(&format!("| `format_version` | integer | `{version}` |")),
        "{name}: does not document format_version {version}"
    );
}

#[test]
fn the_parser_reads_key_tables_under_their_headings() {
    let doc = "# T\n\n## Top level\n\n| key | type | meaning |\n|---|---|---|\n| `a` | x | y |\n| `b` | x | Omitted when z |\n\n## Exit codes of `x`\n\n| code | meaning |\n|---|---|\n| `0` | ok |\n\n### `c[].d`\n\n| key | type | meaning |\n|---|---|---|\n| `e`, `f` | | g |\n";
    let t = documented(doc);
    assert_eq!(t.len(), 2, "{t:?}");
    assert_eq!(t[""], [("a".into(), false), ("b".into(), true)].into());
    assert_eq!(
        t["c[].d"],
        [("e".into(), false), ("f".into(), false)].into()
    );
    let v = json!({"c": [{"d": {"e": 1}}, {"d": {"e": 2}}]});
    assert_eq!(objects(&v, "c[].d").len(), 2);
}

const VOL: &str = "arn:aws:ec2:us-east-1:123456789012:volume/vol-";
const DR: &str = "arn:aws:backup:eu-west-1:123456789012:backup-vault:dr";
const RTP: &str = "arn:aws:backup:us-east-1:123456789012:restore-testing-plan:nightly-6c1f9d52";

fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

/// docs/report-format.md against a report with every optional key: a
/// failed job with a message, one of another plan, a selected resource
/// without any job, `--max-failed`.
#[test]
fn report_json_matches_docs_report_format() {
    let config = format!(
        "version: 1
stack: s
vaults: [{{name: main}}]
plans:
  - name: hourly
    rules: [{{name: r, target_vault: main, schedule: 'cron(0 * ? * * *)', start_window_minutes: 60,
              copy_actions: [{{destination_vault_arn: '{DR}'}}]}}]
    selections:
      - name: sel
        iam_role_arn: arn:aws:iam::{ACCOUNT}:role/backup
        resources: ['{VOL}bad', '{VOL}never']
"
    );
    let emu = Emu::start();
    emu.seed_yaml(&config);
    let state = emu.state();
    let plans = &state["accounts"][ACCOUNT]["regions"][testkit::REGION]["plans"];
    let id = plans.as_object().unwrap().keys().next().unwrap().clone();
    let t = now() - 600.0;
    let jobs = json!([
        {"BackupVaultName": "main", "ResourceArn": format!("{VOL}bad"), "ResourceType": "EBS",
         "State": "FAILED", "MessageCategory": "AccessDenied", "StatusMessage": "denied",
         "CreationDate": t, "BackupPlanId": id},
        {"BackupVaultName": "theirs", "ResourceArn": format!("{VOL}x"), "ResourceType": "EBS",
         "State": "EXPIRED", "CreationDate": t, "BackupPlanId": "not-ours"},
    ]);
    emu.admin_post(
        "/__emulator/backup-jobs",
        &json!({ "jobs": jobs }).to_string(),
    );
    // A completed and a failed copy to the plan's DR vault, a passed and a
    // failed restore test: every optional key of both sections.
    let copy = |state: &str| {
        json!({"SourceBackupVaultName": "main", "DestinationBackupVaultArn": DR,
            "ResourceArn": format!("{VOL}bad"), "ResourceType": "EBS", "State": state,
            "CreationDate": t, "CompletionDate": t + 60.0, "BackupPlanId": id,
            "StatusMessage": "denied"})
    };
    emu.admin_post(
        "/__emulator/copy-jobs",
        &json!({ "jobs": [copy("COMPLETED"), copy("FAILED")] }).to_string(),
    );
    let test = |status: &str| {
        json!({"Status": status, "CreationDate": t, "CompletionDate": t + 60.0,
            "ResourceType": "EBS", "RestoreTestingPlanArn": RTP, "StatusMessage": "failed"})
    };
    emu.admin_post(
        "/__emulator/restore-jobs",
        &json!({ "jobs": [test("COMPLETED"), test("FAILED")] }).to_string(),
    );
    let mut outputs = Vec::new();
    for (args, want) in [
        (
            &[
                "--format",
                "json",
                "--max-failed",
                "0",
                "--max-failed-copies",
                "0",
                "--max-failed-restore-tests",
                "0",
            ][..],
            2,
        ),
        (&["--format", "json", "--period", "14d"][..], 0),
    ] {
        let (code, out, err) = with_config(&emu, "report", &config, args);
        assert_eq!(code, want, "{err}");
        outputs.push(serde_json::from_str::<Value>(&out).unwrap());
    }
    // Both cases of the optional keys are seen.
    let u = &outputs[0]["unprotected_resources"];
    assert_eq!(u[0]["last_state"], "FAILED", "{u}");
    assert!(u[1].get("last_state").is_none(), "{u}");
    assert!(outputs[1].get("max_failed").is_none());
    check("report-format.md", &outputs);
}

/// docs/drift-format.md against drift output with every category and every
/// optional key: a field changed with both sides and one with only the
/// config's, a missing, an orphaned and an unmanaged vault, another stack's
/// vault, an AWS-created vault (asked for), and a plan error.
#[test]
fn drift_json_matches_docs_drift_format() {
    let emu = Emu::start();
    emu.seed_yaml(
        "version: 1
stack: prod
vaults: [{name: main}, {name: old}]
plans:
  - name: daily
    rules: [{name: nightly, target_vault: main, schedule: 'cron(0 3 ? * * *)'}]
",
    );
    emu.seed_yaml("version: 1\nstack: legacy\nvaults: [{name: logs}]\n");
    emu.admin_post(
        "/__emulator/aws-vaults",
        r#"{"name": "aws/efs/automatic-backup-vault"}"#,
    );
    let c = emu.client();
    emu.rt.block_on(async {
        c.create_backup_vault()
            .backup_vault_name("scratch")
            .send()
            .await
            .unwrap();
    });
    let config = |extra: &str| {
        format!(
            "version: 1
stack: prod
vaults: [{{name: main, tags: {{team: storage}}}}, {{name: {extra}}}]
plans:
  - name: daily
    rules: [{{name: nightly, target_vault: main, schedule: 'cron(0 4 ? * * *)'}}]
"
        )
    };
    let mut outputs = Vec::new();
    for (yaml, args, want) in [
        (config("archive"), &["--include-aws-created"][..], 2),
        // A declared name held by the unmanaged vault: a plan error.
        (config("scratch"), &[][..], 1),
    ] {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        let (code, out, err) = with_config(&emu, "drift", &yaml, &args);
        assert_eq!(code, want, "{out}\n{err}");
        outputs.push(serde_json::from_str::<Value>(&out).unwrap());
    }
    let full = &outputs[0];
    assert_eq!(full["missing"], json!(["vault.archive"]), "{full}");
    assert_eq!(full["orphaned"], json!(["vault.old"]), "{full}");
    assert_eq!(full["unmanaged"], json!(["vault.scratch"]), "{full}");
    assert_eq!(full["other_stacks"], json!({"vault.logs": "legacy"}));
    assert_eq!(
        full["aws_created"],
        json!(["vault.aws/efs/automatic-backup-vault"])
    );
    // Not asked for: left out, not an empty list.
    assert!(outputs[1].get("aws_created").is_none(), "{}", outputs[1]);
    check("drift-format.md", &outputs);
}
