//! The engine: what each command does, as library functions over plain
//! options structs that return data (as cargo's `ops` do). Nothing here
//! parses arguments, prints a result or picks an exit code; the CLI maps
//! flags to options, renders what comes back and decides the exit code.
//! Status lines (config findings, import progress) and logs go to stderr,
//! as cargo's shell does.

pub mod apply;
pub mod apply_fleet;
pub mod drift;
pub mod fleet;
pub mod import;
pub mod merge;
pub mod plan;
pub mod report;
pub mod saved;
pub mod session;
pub mod validate;
pub mod verdict;

use std::io::Write;
use std::path::PathBuf;

use crate::config;

/// Which config files to read and how much to say about them.
#[derive(Debug, Clone)]
pub struct ConfigOptions {
    /// Config files or directories (every *.yaml/*.yml in one, sorted).
    pub files: Vec<PathBuf>,
    /// Leave warnings out (errors are always shown).
    pub quiet: bool,
}

/// Load and validate the config; findings go to stderr. `None` = invalid
/// (its errors are already on stderr).
pub fn load(opts: &ConfigOptions) -> anyhow::Result<Option<config::LoadedConfig>> {
    match config::load(&opts.files) {
        Ok(l) => {
            if !opts.quiet && !l.warnings.is_empty() {
                anstream::stderr()
                    .lock()
                    .write_all(l.warnings.render_text(true).as_bytes())?;
            }
            Ok(Some(l))
        }
        Err(d) => {
            anstream::stderr()
                .lock()
                .write_all(d.render_text(true).as_bytes())?;
            Ok(None)
        }
    }
}
