//! A config file named more than once on the command line (twice, under two
//! spellings, through a directory and by name, through a symlink) is read
//! once: it does not clash with itself, and a saved plan's config digest is
//! the same as with the file named once. Through the real binary in a
//! temporary working directory.

use testkit::run_in as run;

const CONFIG: &str = "version: 1\nstack: t\nvaults:\n  - name: main\nplans:\n  - name: daily\n    rules:\n      - {name: r, target_vault: main}\n";

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("cfg")).unwrap();
    std::fs::write(dir.path().join("cfg/a.yaml"), CONFIG).unwrap();
    std::os::unix::fs::symlink("cfg/a.yaml", dir.path().join("link.yaml")).unwrap();
    dir
}

#[test]
fn same_file_named_twice_is_not_a_duplicate_of_itself() {
    let dir = setup();
    let d = dir.path();
    for args in [
        ["-f", "cfg/a.yaml", "-f", "cfg/a.yaml"],
        ["-f", "./cfg/a.yaml", "-f", "cfg/a.yaml"],
        ["-f", "cfg", "-f", "cfg/a.yaml"],
        ["-f", "cfg/a.yaml", "-f", "cfg/"],
        ["-f", "link.yaml", "-f", "cfg/../cfg/a.yaml"],
    ] {
        let mut all = vec!["validate"];
        all.extend(args);
        let (code, _, err) = run(d, &all);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            err.starts_with("ok: 1 file(s), stack t: 1 vault(s), 1 plan(s)"),
            "{args:?}: {err}"
        );
    }
    // JSON lists the file once, under its first spelling.
    let (code, out, _) = run(
        d,
        &[
            "validate",
            "--format",
            "json",
            "-f",
            "./cfg/a.yaml",
            "-f",
            "cfg",
        ],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["files"], serde_json::json!(["./cfg/a.yaml"]));
}

#[test]
fn saved_plan_digest_counts_a_file_named_twice_once() {
    let dir = setup();
    let d = dir.path();
    let (code, _, err) = run(
        d,
        &[
            "plan",
            "-f",
            "cfg/a.yaml",
            "-f",
            "./cfg/a.yaml",
            "-f",
            "cfg",
            "--emulator",
            "--out",
            "twice.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        d,
        &[
            "plan",
            "-f",
            "cfg/a.yaml",
            "--emulator",
            "--out",
            "once.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let digest = |f: &str| {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(d.join(f)).unwrap()).unwrap();
        v["config_digest"].as_str().unwrap().to_string()
    };
    assert!(digest("once.json").starts_with("sha256:"));
    assert_eq!(digest("twice.json"), digest("once.json"));
    // The plan saved with the file named three times applies with it named once.
    let (code, out, err) = run(
        d,
        &[
            "apply",
            "twice.json",
            "-f",
            "cfg/a.yaml",
            "--emulator",
            "--auto-approve",
        ],
    );
    assert_eq!(code, 0, "{out}\n{err}");
}
