//! The IAM table (`backupctl::iam::table::CALLS`) against the code: every
//! AWS operation the source calls has a row, and every row's operation is
//! called somewhere. The operations are the SDK's own: the fluent method
//! names of the aws-sdk-backup and aws-sdk-sts crates this build uses
//! (their `src/operation/` folders, found with `cargo metadata`), so an
//! operation added to the code without a row fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use backupctl::iam::table::{Service, CALLS};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The snake_case operation names of an SDK crate in this build's graph.
fn sdk_operations(metadata: &serde_json::Value, krate: &str) -> BTreeSet<String> {
    let manifest = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == krate)
        .and_then(|p| p["manifest_path"].as_str())
        .unwrap_or_else(|| panic!("{krate} is in the dependency graph"));
    let dir = Path::new(manifest).with_file_name("src").join("operation");
    let ops: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| {
            let p = e.expect("entry").path();
            p.is_dir()
                .then(|| p.file_name().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    assert!(
        ops.len() > 5,
        "{krate}: operations found in {}",
        dir.display()
    );
    ops
}

fn metadata() -> serde_json::Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("metadata is JSON")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `.name()` calls in the source: (method name, file:line of each).
fn method_calls() -> BTreeMap<String, Vec<String>> {
    let re = regex::Regex::new(r"\.\s*([a-z][a-z0-9_]*)\s*\(\s*\)").unwrap();
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files.sort();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("source file");
        let rel = f.strip_prefix(root()).unwrap().display().to_string();
        for (n, line) in text.lines().enumerate() {
            for c in re.captures_iter(line) {
                out.entry(c[1].to_string())
                    .or_default()
                    .push(format!("{rel}:{}", n + 1));
            }
            if line.contains("AssumeRoleProvider") {
                out.entry("AssumeRoleProvider".into())
                    .or_default()
                    .push(format!("{rel}:{}", n + 1));
            }
        }
    }
    out
}

#[test]
fn every_aws_call_in_the_code_has_a_table_row_and_every_row_is_called() {
    let meta = metadata();
    let backup = sdk_operations(&meta, "aws-sdk-backup");
    let sts = sdk_operations(&meta, "aws-sdk-sts");
    let calls = method_calls();
    let rows: BTreeSet<(Service, &str)> = CALLS.iter().map(|c| (c.service, c.code)).collect();

    let mut missing = Vec::new();
    for (method, at) in &calls {
        for (service, ops) in [(Service::Backup, &backup), (Service::Sts, &sts)] {
            if ops.contains(method) && !rows.contains(&(service, method.as_str())) {
                missing.push(format!(
                    "{service:?} {method} (called at {})",
                    at.join(", ")
                ));
            }
        }
    }
    if calls.contains_key("AssumeRoleProvider")
        && !rows.contains(&(Service::Sts, "AssumeRoleProvider"))
    {
        missing.push("Sts AssumeRole (aws_config::sts::AssumeRoleProvider)".into());
    }
    assert!(
        missing.is_empty(),
        "AWS calls without a row in src/iam/table.rs:\n{}",
        missing.join("\n")
    );

    let dead: Vec<String> = CALLS
        .iter()
        .filter(|c| !calls.contains_key(c.code))
        .map(|c| format!("{:?} {} ({})", c.service, c.operation, c.code))
        .collect();
    assert!(
        dead.is_empty(),
        "rows of src/iam/table.rs the code never calls:\n{}",
        dead.join("\n")
    );

    // Each row's `code` is the SDK's name for its operation.
    for c in CALLS.iter().filter(|c| c.code != "AssumeRoleProvider") {
        let ops = match c.service {
            Service::Backup => &backup,
            Service::Sts => &sts,
        };
        assert!(ops.contains(c.code), "{} is not an SDK operation", c.code);
        assert_eq!(
            c.code.replace('_', ""),
            c.operation.to_ascii_lowercase(),
            "{} names {}",
            c.code,
            c.operation
        );
    }
}
