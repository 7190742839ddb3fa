//! Legal holds (`legal_holds:`) through the real binary against the
//! emulator: offline validation, create/converge, an edited hold refused
//! with no API write, cancelling only with `--cancel-legal-holds --reason`
//! (the reason lands as CancelDescription), drift after an out-of-band
//! cancel, import back with no changes, and other holds never touched.

use serde_json::Value;
use testkit::{run, with_config, Emu, ACCOUNT, REGION};

const STACK: &str = "lh";

const CONFIG: &str = r#"version: 1
stack: lh
vaults:
  - name: evidence
external_vaults: [Default]
legal_holds:
  - title: INC-42
    description: investigation INC-42
    recovery_point_selection:
      vaults: [evidence, Default]
      resource_identifiers: ["arn:aws:ec2:us-east-1:123456789012:volume/vol-1"]
      date_range: {from: "2024-01-01T02:00:00+02:00", to: "2024-06-30T23:59:59.500Z"}
    tags: {case: inc-42}
  - title: audit-2025
    description: yearly audit
"#;

fn without_inc42(yaml: &str) -> String {
    let start = yaml.find("  - title: INC-42").unwrap();
    let end = yaml.find("  - title: audit-2025").unwrap();
    format!("{}{}", &yaml[..start], &yaml[end..])
}

fn apply(emu: &Emu, yaml: &str, args: &[&str]) -> (i32, String, String) {
    let mut a = vec!["--auto-approve"];
    a.extend_from_slice(args);
    with_config(emu, "apply", yaml, &a)
}

/// Every hold in the emulator: (title, status, tags, cancel description).
fn holds(emu: &Emu) -> Vec<Value> {
    let state = emu.state();
    state["accounts"][ACCOUNT]["regions"][REGION]["legal_holds"]
        .as_object()
        .map(|m| m.values().cloned().collect())
        .unwrap_or_default()
}

fn hold<'a>(all: &'a [Value], title: &str, status: &str) -> Vec<&'a Value> {
    all.iter()
        .filter(|h| h["title"] == title && h["status"] == status)
        .collect()
}

fn converged(emu: &Emu, yaml: &str) {
    let (code, out, err) = testkit::plan(emu, yaml, &["--detailed-exitcode"]);
    assert_eq!(code, 0, "not converged:\n{out}\n{err}");
    assert!(out.contains("No changes."), "{out}");
}

fn applied(emu: &Emu, yaml: &str) {
    let (code, out, err) = apply(emu, yaml, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
}

#[test]
fn bad_holds_are_refused_offline_at_their_position() {
    let emu = Emu::start();
    let yaml = r#"version: 1
stack: lh
legal_holds:
  - title: a
    description: ""
    recovery_point_selection:
      vaults: [nowhere]
      date_range: {from: "2024-02-01T00:00:00Z", to: "2024-01-01T00:00:00Z"}
  - title: a
    description: d
    recovery_point_selection:
      resource_identifiers: [not-an-arn]
      date_range: {from: "yesterday", to: "2024-01-01T00:00:00Z"}
"#;
    emu.reset_counters();
    let (code, out, err) = with_config(&emu, "validate", yaml, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    let text = format!("{out}\n{err}");
    for want in [
        "backupctl.yaml:5:18",
        "legal hold description is empty",
        "backupctl.yaml:7:16",
        "names vault `nowhere`",
        "backupctl.yaml:8:54",
        "date_range.to (2024-01-01T00:00:00Z) is before date_range.from",
        "backupctl.yaml:9:12",
        "duplicate legal hold title `a`",
        "`not-an-arn`",
        "`yesterday` is not an RFC 3339 timestamp",
        "legal_holds[0].recovery_point_selection.vaults[0]",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    assert!(emu.calls().is_empty(), "{:?}", emu.calls());
}

#[test]
fn holds_are_created_once_and_converge() {
    let emu = Emu::start();
    let (code, out, err) = testkit::plan(&emu, CONFIG, &["--detailed-exitcode"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(out.contains("+ legal_hold.INC-42"), "{out}");
    applied(&emu, CONFIG);
    let all = holds(&emu);
    assert_eq!(all.len(), 2, "{all:#?}");
    let h = hold(&all, "INC-42", "ACTIVE");
    let h = h
        .first()
        .copied()
        .or_else(|| hold(&all, "INC-42", "CREATING").first().copied());
    let h = h.expect("INC-42 exists");
    assert_eq!(h["description"], "investigation INC-42");
    assert_eq!(h["tags"]["backupctl:stack"], STACK);
    assert_eq!(h["tags"]["case"], "inc-42");
    assert!(h["idempotency_token"]
        .as_str()
        .unwrap()
        .starts_with("bctl-"));
    let sel = &h["selection"];
    assert_eq!(sel["VaultNames"].as_array().unwrap().len(), 2, "{sel}");
    assert_eq!(sel["DateRange"]["FromDate"].as_f64(), Some(1_704_067_200.0));
    converged(&emu, CONFIG);
    // Applying again makes no write.
    emu.reset_counters();
    applied(&emu, CONFIG);
    assert!(
        emu.mutating_calls().is_empty(),
        "{:?}",
        emu.mutating_calls()
    );
}

#[test]
fn an_edited_hold_is_refused_without_any_write() {
    let emu = Emu::start();
    applied(&emu, CONFIG);
    let edited = CONFIG.replace("investigation INC-42", "investigation INC-43");
    let (code, out, err) = testkit::plan(&emu, &edited, &[]);
    let text = format!("{out}\n{err}");
    assert_ne!(code, 0, "{text}");
    assert!(text.contains("AWS cannot edit a legal hold"), "{text}");
    assert!(
        text.contains("declare the new hold under a new title"),
        "{text}"
    );
    emu.reset_counters();
    let (code, out, err) = apply(&emu, &edited, &["--cancel-legal-holds", "--reason", "x"]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        emu.mutating_calls().is_empty(),
        "{:?}",
        emu.mutating_calls()
    );
    assert_eq!(hold(&holds(&emu), "INC-42", "ACTIVE").len(), 1);
    // Tags alone can change: TagResource, no new hold.
    let retagged = CONFIG.replace("{case: inc-42}", "{case: inc-42, owner: legal}");
    applied(&emu, &retagged);
    let counts = emu.counters();
    assert_eq!(counts.get("TagResource"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("CreateLegalHold"), None, "{counts:?}");
    converged(&emu, &retagged);
}

#[test]
fn cancelling_needs_the_flag_and_sends_the_reason() {
    let emu = Emu::start();
    applied(&emu, CONFIG);
    let fewer = without_inc42(CONFIG);
    let (code, out, err) = testkit::plan(&emu, &fewer, &[]);
    assert!(out.contains("- legal_hold.INC-42"), "{out}\n{err}");
    assert!(
        format!("{out}{err}").contains("--cancel-legal-holds"),
        "{out}\n{err}"
    );
    assert_eq!(code, 0, "{out}\n{err}");
    emu.reset_counters();
    let (code, out, err) = apply(&emu, &fewer, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("pass --cancel-legal-holds"), "{out}\n{err}");
    assert!(
        emu.mutating_calls().is_empty(),
        "{:?}",
        emu.mutating_calls()
    );
    // The flag without a reason is a usage error.
    let (code, _, err) = apply(&emu, &fewer, &["--cancel-legal-holds"]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("--reason <TEXT>"), "{err}");
    assert!(
        emu.mutating_calls().is_empty(),
        "{:?}",
        emu.mutating_calls()
    );
    let why = "investigation INC-42 closed";
    let (code, out, err) = apply(&emu, &fewer, &["--cancel-legal-holds", "--reason", why]);
    assert_eq!(code, 0, "{out}\n{err}");
    let all = holds(&emu);
    let gone: Vec<&Value> = all.iter().filter(|h| h["title"] == "INC-42").collect();
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0]["cancel_description"], why);
    assert_ne!(gone[0]["status"], "ACTIVE");
    assert_eq!(hold(&all, "audit-2025", "ACTIVE").len(), 1);
    converged(&emu, &fewer);
}

#[test]
fn an_out_of_band_cancel_is_drift_and_is_held_again() {
    let emu = Emu::start();
    applied(&emu, CONFIG);
    converged(&emu, CONFIG);
    let id = hold(&holds(&emu), "INC-42", "ACTIVE")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let c = emu.client();
    emu.rt.block_on(async {
        c.cancel_legal_hold()
            .legal_hold_id(&id)
            .cancel_description("by hand")
            .send()
            .await
            .unwrap();
    });
    let (code, out, err) = with_config(&emu, "drift", CONFIG, &[]);
    assert_ne!(code, 0, "{out}\n{err}");
    assert!(out.contains("legal_hold.INC-42"), "{out}\n{err}");
    let (code, out, err) = apply(&emu, CONFIG, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("+ legal_hold.INC-42"), "{out}\n{err}");
    let all = holds(&emu);
    assert_eq!(all.iter().filter(|h| h["title"] == "INC-42").count(), 2);
    converged(&emu, CONFIG);
    let all = holds(&emu);
    assert_eq!(hold(&all, "INC-42", "ACTIVE").len(), 1, "{all:#?}");
}

#[test]
fn imported_holds_plan_no_changes() {
    let emu = Emu::start();
    applied(&emu, CONFIG);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("imported.yaml");
    let f = file.to_str().unwrap();
    let (code, out, err) = run(&emu, &["import", "--stack", STACK, "-o", f]);
    assert_eq!(code, 0, "{out}\n{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("legal_holds:"), "{text}");
    assert!(text.contains("title: INC-42"), "{text}");
    let (code, out, err) = testkit::plan(&emu, &text, &["--detailed-exitcode"]);
    assert_eq!(code, 0, "{text}\n{out}\n{err}");
    assert!(out.contains("No changes."), "{out}");
}

#[test]
fn holds_outside_the_stack_are_never_touched() {
    let emu = Emu::start();
    let c = emu.client();
    emu.rt.block_on(async {
        c.create_legal_hold()
            .title("INC-42")
            .description("someone else's")
            .send()
            .await
            .unwrap();
        c.create_legal_hold()
            .title("audit-2025")
            .description("other stack")
            .tags("backupctl:stack", "other")
            .send()
            .await
            .unwrap();
    });
    let only_audit = without_inc42(CONFIG);
    // Another stack's hold of the same title is not this stack's: created anew.
    applied(&emu, &only_audit);
    converged(&emu, &only_audit);
    // An untagged hold of a declared title: refused without --adopt.
    let (code, out, err) = testkit::plan(&emu, CONFIG, &[]);
    assert_ne!(code, 0, "{out}\n{err}");
    assert!(
        format!("{out}{err}").contains("pass --adopt"),
        "{out}\n{err}"
    );
    // Nothing declared: the stack's hold is cancelled, the others stay.
    let none = &CONFIG[..CONFIG.find("legal_holds:").unwrap()];
    let (code, out, err) = apply(&emu, none, &["--cancel-legal-holds", "--reason", "done"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let all = holds(&emu);
    let active: Vec<String> = all
        .iter()
        .filter(|h| h["status"] == "ACTIVE")
        .map(|h| h["description"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(active.len(), 2, "{all:#?}");
    assert!(active.contains(&"someone else's".to_string()));
    assert!(active.contains(&"other stack".to_string()));
    converged(&emu, none);
}

#[test]
fn the_example_applies_and_converges() {
    let emu = Emu::start();
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/legal-holds.yaml");
    let yaml = std::fs::read_to_string(path).unwrap();
    applied(&emu, &yaml);
    converged(&emu, &yaml);
    let all = holds(&emu);
    assert_eq!(hold(&all, "INC-42", "ACTIVE").len(), 1, "{all:#?}");
    assert_eq!(hold(&all, "audit-2026", "ACTIVE").len(), 1, "{all:#?}");
}

#[test]
fn an_untagged_hold_is_imported_with_adopt_and_then_planned_clean() {
    let emu = Emu::start();
    let c = emu.client();
    emu.rt.block_on(async {
        c.create_legal_hold()
            .title("by-hand")
            .description("made in the console")
            .tags("case", "7")
            .send()
            .await
            .unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("imported.yaml");
    let f = file.to_str().unwrap();
    emu.reset_counters();
    let (code, out, err) = run(&emu, &["import", "--stack", STACK, "--adopt", "-o", f]);
    assert_eq!(code, 0, "{out}\n{err}");
    let writes = emu.mutating_calls();
    assert_eq!(writes.len(), 1, "{writes:?}");
    assert_eq!(writes[0].0, "TagResource", "{writes:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("title: by-hand"), "{text}");
    converged(&emu, &text);
    let all = holds(&emu);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["tags"]["backupctl:stack"], STACK);
}
