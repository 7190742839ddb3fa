//! Which files make up a config, and reading them: directories expanded,
//! each file read once however it is named, the size cap and the encoding.
//!
//! Split from `load` so that the path rules (what counts as the same file)
//! sit in one place: the files listed here are the files decoded, the files
//! `Span::file` indexes and the files a saved plan's config digest covers.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::diagnostics::{Diagnostic, Diagnostics};

/// Largest config file read (10 MiB); real configs are kilobytes.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Expand directories (every `*.yaml`/`*.yml`, sorted) and keep files as
/// given. A file named twice (`-f a.yaml -f a.yaml`, `./a.yaml` and
/// `a.yaml`, a directory and a file in it, a symlink and its target) is read
/// once, at its first place and under its first spelling: read twice, it
/// would clash with itself ("duplicate vault name") and count twice in the
/// saved plan's config digest.
pub fn expand_paths(paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    let given: Vec<PathBuf> = paths
        .iter()
        .filter(|p| seen.insert(identity(p)))
        .cloned()
        .collect();
    let mut out = expand_dirs(&given, diags);
    seen.clear();
    out.retain(|p| seen.insert(identity(p)));
    out
}

/// What makes two spellings of a path the same file: the canonical path
/// (symlinks and `.`/`..` resolved), or for a path that cannot be resolved
/// (a missing file, reported later) its absolute form.
fn identity(p: &Path) -> PathBuf {
    std::fs::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

fn expand_dirs(paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = match std::fs::read_dir(p) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| {
                        f.is_file()
                            && matches!(
                                f.extension().and_then(|e| e.to_str()),
                                Some("yaml" | "yml")
                            )
                    })
                    .collect(),
                Err(e) => {
                    diags.push(Diagnostic::file(p, format!("cannot read directory: {e}")));
                    continue;
                }
            };
            found.sort();
            if found.is_empty() {
                diags.push(
                    Diagnostic::file(p, "directory holds no *.yaml or *.yml file")
                        .with_hint("point -f at a config file or a directory of them"),
                );
            }
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    if paths.is_empty() {
        diags.push(
            Diagnostic::file(Path::new("backupctl"), "no config file given")
                .with_hint("pass -f FILE or -f DIR"),
        );
    }
    out
}

/// Read a file as UTF-8 text, refusing oversized and non-UTF-8 input.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let file = std::fs::File::open(path).map_err(|e| {
        let d = Diagnostic::file(path, format!("cannot read file: {e}"));
        if e.kind() == std::io::ErrorKind::NotFound {
            d.with_hint("pass the config with -f FILE or -f DIR (default: backupctl.yaml)")
        } else {
            d
        }
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::file(path, format!("cannot read file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::file(
            path,
            format!("file is larger than {} MiB", MAX_FILE_BYTES / (1024 * 1024)),
        )
        .with_hint("a backupctl config is normally a few kilobytes; split it or check the path"));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let col_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[col_start..]).chars().count() as u32 + 1;
            let mut d = Diagnostic::file(
                path,
                format!(
                    "invalid UTF-8 (byte 0x{:02x} at offset {})",
                    e.as_bytes()[good.len()],
                    good.len()
                ),
            )
            .with_hint("save the file as UTF-8");
            d.line = line;
            d.column = column;
            Err(d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
        let mut diags = Diagnostics::new();
        let out = expand_paths(paths, &mut diags);
        assert!(diags.is_empty(), "{diags}");
        out
    }

    #[test]
    fn a_file_named_twice_is_read_once_under_its_first_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in ["a.yaml", "b.yaml"] {
            std::fs::write(d.join(f), "x: 1\n").unwrap();
        }
        let a = d.join("a.yaml");
        let b = d.join("b.yaml");
        let dotted = d.join(".").join("a.yaml");
        assert_eq!(expand(&[a.clone(), a.clone()]), vec![a.clone()]);
        assert_eq!(expand(&[dotted.clone(), a.clone()]), vec![dotted]);
        // A directory and a file in it: the directory's order wins.
        assert_eq!(
            expand(&[d.to_path_buf(), a.clone()]),
            [a.clone(), b.clone()]
        );
        assert_eq!(
            expand(&[b.clone(), d.to_path_buf()]),
            [b.clone(), a.clone()]
        );
        assert_eq!(expand(&[d.to_path_buf(), d.to_path_buf()]), [a.clone(), b]);
        // A symlink is the file it points at.
        let link = d.join("link.yml");
        std::os::unix::fs::symlink(&a, &link).unwrap();
        assert_eq!(expand(&[a.clone(), link.clone()]), [a]);
    }

    #[test]
    fn missing_files_named_twice_are_reported_once() {
        let mut diags = Diagnostics::new();
        let p = PathBuf::from("does-not-exist.yaml");
        let out = expand_paths(
            &[p.clone(), PathBuf::from("./does-not-exist.yaml")],
            &mut diags,
        );
        assert_eq!(out, [p]);
    }
}
