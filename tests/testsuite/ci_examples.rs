//! The ready-to-copy CI workflows under examples/ci/ stay true to the code:
//! each is valid YAML, and every `backupctl SUBCOMMAND --flag` they run is
//! accepted by the real binary's argument parser (checked with `--help`
//! listings of that subcommand).

use std::process::Command;

fn help(sub: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_backupctl"))
        .args([sub, "--help"])
        .output()
        .unwrap();
    assert!(out.status.success(), "backupctl {sub} --help failed");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn workflows_parse_and_use_real_commands_and_flags() {
    let mut seen = 0;
    for entry in std::fs::read_dir("examples/ci").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: serde_json::Value =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(doc["jobs"].is_object(), "{}: no jobs", path.display());
        for line in text.lines() {
            let cmd = line.trim().trim_start_matches("run: ");
            let Some(rest) = cmd.strip_prefix("backupctl ") else {
                continue;
            };
            let words: Vec<&str> = rest.split_whitespace().collect();
            let Some(sub) = words
                .first()
                .filter(|w| !w.starts_with('-') && w.chars().all(|c| c.is_ascii_lowercase()))
            else {
                continue;
            };
            let help = help(sub);
            for flag in words.iter().filter(|w| w.starts_with("--")) {
                assert!(
                    help.contains(flag),
                    "{}: `backupctl {sub}` has no {flag}",
                    path.display()
                );
            }
            seen += 1;
        }
    }
    assert!(
        seen >= 3,
        "expected backupctl commands in the workflows, saw {seen}"
    );
}
