//! The state file on disk. It exists so that a path given by mistake (a
//! saved plan, a config, any other JSON) is never read as an emulator state
//! and then overwritten by the first change: every file [`Store::save`]
//! writes carries a marker, and [`Store::load`] refuses anything that has
//! neither the marker nor the exact shape of a state written before the
//! marker existed.

use std::path::Path;

use anyhow::Context;
use serde::Serialize;
use serde_json::Value;

use crate::state::Store;

/// Top-level member that marks a file as an emulator state.
pub const MARKER: &str = "backupctl_emulator_state";

/// The state-file format this emulator writes and reads.
pub const FORMAT: u64 = 1;

/// Top-level members of a state written before the marker existed (the
/// fields of [`Store`]; the old `save` always wrote all of them).
const UNMARKED_KEYS: &[&str] = &["accounts"];

#[derive(Serialize)]
struct OnDisk<'a> {
    backupctl_emulator_state: u64,
    #[serde(flatten)]
    store: &'a Store,
}

fn refuse(path: &Path, why: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!(
        "{} is not a backupctl emulator state file ({why}); refusing to use or overwrite it",
        path.display()
    )
}

/// Checks that `text` (the content of `path`) is an emulator state and
/// returns it parsed. The rule: a JSON object with the marker at format
/// [`FORMAT`]; or, without the marker, a JSON object whose members are
/// exactly those an older emulator wrote (`accounts`, an object). Anything
/// else is refused, an empty file included (an emulator never leaves one:
/// it writes through a temporary file and a rename).
pub fn check(path: &Path, text: &[u8]) -> anyhow::Result<Value> {
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(refuse(path, "it is empty"));
    }
    let value: Value = serde_json::from_slice(text).map_err(|e| refuse(path, e))?;
    let Value::Object(map) = &value else {
        return Err(refuse(path, "it is not a JSON object"));
    };
    match map.get(MARKER) {
        Some(v) if v.as_u64() == Some(FORMAT) => {}
        Some(v) => {
            return Err(refuse(
                path,
                format!("\"{MARKER}\" is {v}; this emulator reads format {FORMAT}"),
            ))
        }
        None => {
            let foreign: Vec<&str> = map
                .keys()
                .map(String::as_str)
                .filter(|k| !UNMARKED_KEYS.contains(k))
                .collect();
            if !foreign.is_empty() {
                return Err(refuse(
                    path,
                    format!(
                        "no \"{MARKER}\" marker, and it has members an emulator state never has: {}",
                        foreign.join(", ")
                    ),
                ));
            }
            if !map.get("accounts").is_some_and(Value::is_object) {
                return Err(refuse(
                    path,
                    format!("no \"{MARKER}\" marker and no \"accounts\" object"),
                ));
            }
        }
    }
    Ok(value)
}

impl Store {
    /// Reads a state file written by [`Store::save`] (or by an emulator
    /// older than the marker); refuses any other file (see [`check`]).
    pub fn load(path: &Path) -> anyhow::Result<Store> {
        let text =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let value = check(path, &text)?;
        let mut s: Store = serde_json::from_value(value)
            .with_context(|| format!("invalid emulator state in {}", path.display()))?;
        s.fixup();
        Ok(s)
    }

    /// Writes the state, with the marker, to a temporary file next to
    /// `path`, then renames it over `path`, so a reader never sees a
    /// half-written file.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let data = serde_json::to_vec(&OnDisk {
            backupctl_emulator_state: FORMAT,
            store: self,
        })?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "state.json".into());
        let tmp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&data)?;
            f.sync_all()?;
        }
        if let Err(e) = std::fs::rename(&tmp, path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> Result<Value, String> {
        check(Path::new("f.json"), text.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn saved_state_carries_the_marker_and_loads_back() {
        let dir = std::env::temp_dir().join(format!("emu-persist-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.json");
        let mut store = Store::default();
        store.account_mut("111122223333");
        store.save(&path).unwrap();
        let v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(v[MARKER], 1);
        assert!(v["accounts"]["111122223333"].is_object());
        let back = Store::load(&path).unwrap();
        assert!(back.accounts.contains_key("111122223333"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unmarked_old_state_is_accepted() {
        assert!(checked(r#"{"accounts":{}}"#).is_ok());
        assert!(checked(r#"{"accounts":{"1":{"regions":{}}}}"#).is_ok());
    }

    #[test]
    fn saved_plan_json_is_refused() {
        let e = checked(r#"{"format_version":1,"changes":[],"accounts":{}}"#).unwrap_err();
        assert!(
            e.starts_with("f.json is not a backupctl emulator state file"),
            "{e}"
        );
        assert!(e.contains("format_version, changes"), "{e}");
        assert!(e.ends_with("refusing to use or overwrite it"), "{e}");
    }

    #[test]
    fn empty_non_object_and_markerless_shapes_are_refused() {
        for text in [
            "",
            "  \n",
            "[]",
            "{}",
            r#"{"accounts":[]}"#,
            "not json",
            "version: 1",
        ] {
            let e = checked(text).unwrap_err();
            assert!(
                e.contains("refusing to use or overwrite it"),
                "{text:?}: {e}"
            );
        }
    }

    #[test]
    fn other_marker_formats_are_refused() {
        assert!(checked(r#"{"backupctl_emulator_state":1,"accounts":{}}"#).is_ok());
        for v in ["2", "\"1\"", "true", "null"] {
            let text = format!(r#"{{"backupctl_emulator_state":{v},"accounts":{{}}}}"#);
            assert!(checked(&text).is_err(), "{text}");
        }
    }
}
