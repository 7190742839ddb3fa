//! The shared AWS config and credentials files, as far as backupctl's
//! errors need them: which profile is selected (`--profile`, else
//! `AWS_PROFILE`, else `default`), where the files are (`AWS_CONFIG_FILE`,
//! `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/`), and which profiles they
//! define. The SDK, given an unknown profile, looks for it, finds neither
//! region nor credentials and reports only that; backupctl names the
//! profile instead, with the ones that exist.
//!
//! Only section headers are read (`[default]`, `[profile NAME]` in the
//! config file, `[NAME]` in the credentials file). A profile counts as
//! known in either spelling in either file, so a layout the SDK reads
//! never gets refused here; loading the profile stays the SDK's job.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The selected profile and where its name came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    pub name: String,
    /// "--profile", "AWS_PROFILE" or "default".
    pub source: &'static str,
}

/// The profile the SDK will use.
pub fn selected(flag: Option<&str>) -> Selected {
    if let Some(name) = flag.filter(|n| !n.is_empty()) {
        return Selected {
            name: name.to_string(),
            source: "--profile",
        };
    }
    match std::env::var("AWS_PROFILE") {
        Ok(name) if !name.is_empty() => Selected {
            name,
            source: "AWS_PROFILE",
        },
        _ => Selected {
            name: "default".into(),
            source: "default",
        },
    }
}

/// The config and credentials files the SDK reads.
#[derive(Debug, Clone)]
pub struct Files {
    pub config: PathBuf,
    pub credentials: PathBuf,
}

impl Files {
    pub fn from_env() -> Files {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .map(PathBuf::from)
            .unwrap_or_default();
        let path = |var: &str, default: &str| match std::env::var_os(var) {
            Some(p) if !p.is_empty() => expand_home(&PathBuf::from(p), &home),
            _ => home.join(".aws").join(default),
        };
        Files {
            config: path("AWS_CONFIG_FILE", "config"),
            credentials: path("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
        }
    }

    /// Every profile named in either file.
    pub fn profiles(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for path in [&self.config, &self.credentials] {
            if let Ok(text) = std::fs::read_to_string(path) {
                names.extend(section_names(&text));
            }
        }
        names
    }

    /// "~/.aws/config or ~/.aws/credentials" (home shown as `~`).
    pub fn describe(&self) -> String {
        format!("{} or {}", tilde(&self.config), tilde(&self.credentials))
    }
}

fn expand_home(p: &Path, home: &Path) -> PathBuf {
    match p.strip_prefix("~") {
        Ok(rest) => home.join(rest),
        Err(_) => p.to_path_buf(),
    }
}

/// A path with the home directory written as `~`.
pub fn tilde(p: &Path) -> String {
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        if let Ok(rest) = p.strip_prefix(&home) {
            return format!("~/{}", rest.display());
        }
    }
    p.display().to_string()
}

/// Profile names from section headers: `[default]`, `[profile NAME]`,
/// `[NAME]`. Other section kinds (`sso-session`, `services`) are skipped.
fn section_names(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().filter_map(|line| {
        let line = line.trim();
        let inner = line.strip_prefix('[')?;
        let inner = inner[..inner.find(']')?].trim();
        let mut words = inner.split_whitespace();
        let first = words.next()?;
        match (first, words.next(), words.next()) {
            ("profile", Some(name), None) => Some(name.to_string()),
            ("sso-session" | "services", Some(_), None) => None,
            (name, None, None) => Some(name.to_string()),
            _ => None,
        }
    })
}

/// `Err(message)` when `selected` names a profile that neither file
/// defines. The implicit `default` profile need not exist (credentials
/// may come from the environment or the instance).
pub fn check(selected: &Selected, files: &Files) -> Result<(), String> {
    if selected.source == "default" {
        return Ok(());
    }
    let known = files.profiles();
    if known.contains(&selected.name) {
        return Ok(());
    }
    let known = if known.is_empty() {
        "no profiles are defined there".to_string()
    } else {
        format!(
            "known: {}",
            known.into_iter().collect::<Vec<_>>().join(", ")
        )
    };
    let from = match selected.source {
        "AWS_PROFILE" => " (from AWS_PROFILE)",
        _ => "",
    };
    Err(format!(
        "profile `{}`{from} is not in {} ({known})",
        selected.name,
        files.describe()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_come_from_both_spellings() {
        let text = "\
# comment
[default]
region = eu-west-1
[profile dev]
[ profile  prod ]   ; trailing comment
[sso-session corp]
[services local]
[ci]
";
        let names: Vec<String> = section_names(text).collect();
        assert_eq!(names, ["default", "dev", "prod", "ci"]);
    }

    #[test]
    fn an_unknown_profile_is_named_with_the_known_ones() {
        let dir = tempfile::tempdir().unwrap();
        let files = Files {
            config: dir.path().join("config"),
            credentials: dir.path().join("credentials"),
        };
        std::fs::write(&files.config, "[default]\n[profile dev]\n").unwrap();
        std::fs::write(&files.credentials, "[prod]\naws_access_key_id = x\n").unwrap();
        let pick = |name: &str| Selected {
            name: name.into(),
            source: "--profile",
        };
        assert!(check(&pick("dev"), &files).is_ok());
        assert!(check(&pick("prod"), &files).is_ok());
        let err = check(&pick("nosuch"), &files).unwrap_err();
        assert!(err.starts_with("profile `nosuch` is not in "), "{err}");
        assert!(err.ends_with("(known: default, dev, prod)"), "{err}");
        // The implicit default profile is never refused.
        let implicit = Selected {
            name: "default".into(),
            source: "default",
        };
        std::fs::remove_file(&files.config).unwrap();
        assert!(check(&implicit, &files).is_ok());
    }
}
