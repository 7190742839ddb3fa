//! `backupctl completions SHELL` and `backupctl man` (issue 17, item 3),
//! through the real binary: every shell's script is non-empty and names
//! every subcommand, the bash one parses (`bash -n`), and the man page names
//! every subcommand and is well-formed roff (`groff -ww` without warnings
//! where groff is installed; structural checks always).

use std::process::Command;

fn backupctl(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_backupctl"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "backupctl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands, from `backupctl --help` (so a new one is covered
/// without editing this test).
pub fn subcommands() -> Vec<String> {
    let help = backupctl(&["--help"]);
    let section = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands: section");
    let subs: Vec<String> = section
        .lines()
        .take_while(|l| !l.trim().is_empty())
        // "  name  about"; a wrapped about continues further indented.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|s| *s != "help")
        .map(str::to_string)
        .collect();
    for want in ["validate", "plan", "apply", "merge", "completions", "man"] {
        assert!(subs.iter().any(|s| s == want), "{want} missing in {subs:?}");
    }
    subs
}

#[test]
fn every_shell_script_names_every_subcommand() {
    let subs = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = backupctl(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for sub in &subs {
            assert!(script.contains(sub.as_str()), "{shell} script lacks {sub}");
        }
        // Flags of subcommands too, not only the top level.
        assert!(script.contains("detailed-exitcode"), "{shell}");
        assert!(script.contains("auto-approve"), "{shell}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_backupctl"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'tcsh'"));
}

#[test]
fn bash_script_parses_and_registers_the_completion() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backupctl.bash");
    std::fs::write(&file, backupctl(&["completions", "bash"])).unwrap();
    let syntax = Command::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    // Sourcing it registers a completion function for `backupctl`.
    let script = format!("source '{}' && complete -p backupctl", file.display());
    let out = Command::new("bash").args(["-c", &script]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && said.contains("backupctl"), "{said}");
}

/// Structural roff checks: a `.TH` title first (after string
/// definitions), NAME and SYNOPSIS sections, only known requests, and no
/// raw line starting with `'` or `.` that is not a request.
fn assert_roff(page: &str, name: &str) {
    let th = page.lines().find(|l| l.starts_with(".TH ")).expect(".TH");
    assert!(th.starts_with(&format!(".TH {name} 1")), "{th}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS"] {
        assert!(page.contains(section), "{name}: no {section}");
    }
    let known = [
        ".TH", ".SH", ".SS", ".TP", ".PP", ".IP", ".RS", ".RE", ".br", ".sp", ".B", ".I", ".ie",
        ".el", ".ds", ".nf", ".fi", ".EX", ".EE", ".in", ".ti",
    ];
    for line in page.lines().filter(|l| l.starts_with('.')) {
        let req = line.split_whitespace().next().unwrap();
        assert!(known.contains(&req), "{name}: unknown request {line:?}");
    }
}

#[test]
fn man_page_names_every_subcommand_and_is_valid_roff() {
    let page = backupctl(&["man"]);
    assert_roff(&page, "backupctl");
    let section = page.split(".SH SUBCOMMANDS").nth(1).expect("SUBCOMMANDS");
    for sub in subcommands() {
        assert!(
            section.contains(&format!("backupctl\\-{}(1)", sub.replace('-', "\\-"))),
            "man page lacks {sub}"
        );
    }
    assert!(page.contains("\\-\\-file"), "global options are documented");
    // groff, where installed, renders it without a warning.
    if let Ok(groff) = Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        let mut groff = groff;
        groff
            .stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let out = groff.wait_with_output().unwrap();
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && warnings.is_empty(), "{warnings}");
    }
}

#[test]
fn man_dir_writes_one_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    backupctl(&["man", "--dir", out.to_str().unwrap()]);
    assert_roff(
        &std::fs::read_to_string(out.join("backupctl.1")).unwrap(),
        "backupctl",
    );
    for sub in subcommands() {
        let name = format!("backupctl-{sub}");
        let page = std::fs::read_to_string(out.join(format!("{name}.1")))
            .unwrap_or_else(|e| panic!("{name}.1: {e}"));
        assert_roff(&page, &name);
    }
    let plan = std::fs::read_to_string(out.join("backupctl-plan.1")).unwrap();
    assert!(plan.contains("\\-\\-detailed\\-exitcode"), "{plan}");
}
