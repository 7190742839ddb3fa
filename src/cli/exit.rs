//! How a command ended, mapped to the process exit code in one place.

/// How a command ended; `main` maps it to the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Exit 0.
    Success,
    /// Exit 1: the input is wrong (findings already printed).
    Failure,
    /// Exit 2: changes are present (plan --detailed-exitcode, drift), or
    /// the report's --max-failed gate is exceeded.
    Changes,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Changes => 2,
        }
    }
}
