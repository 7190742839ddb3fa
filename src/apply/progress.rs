//! Progress of an apply on stderr: one line per finished operation with its
//! result and time, and on a terminal a one-line progress bar redrawn under
//! them. Off a terminal (CI logs) there is no bar and no control
//! characters; colour follows anstream (NO_COLOR, --no-color, non-TTY).

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use anstyle::{AnsiColor, Style};

use super::exec::{Observer, OpResult, Status};
use crate::changeset::{Action, Change};

pub struct Progress {
    total: usize,
    state: Mutex<(usize, usize)>,
    bar: bool,
    quiet: bool,
    /// `[target] ` before each line of a multi-target apply.
    prefix: String,
}

impl Progress {
    /// `total` operations; the bar only when stderr is a terminal.
    pub fn new(total: usize, quiet: bool) -> Progress {
        Progress {
            total,
            state: Mutex::new((0, 0)),
            bar: std::io::stderr().is_terminal() && !quiet,
            quiet,
            prefix: String::new(),
        }
    }

    /// Lines only (no bar: several targets run at once), each naming
    /// `target`.
    pub fn for_target(total: usize, quiet: bool, target: &str) -> Progress {
        Progress {
            bar: false,
            prefix: format!("[{target}] "),
            ..Progress::new(total, quiet)
        }
    }

    /// Remove the bar (call once at the end).
    pub fn finish(&self) {
        if self.bar {
            let mut err = anstream::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }

    fn draw_bar(&self, err: &mut impl Write, done: usize, running: usize) {
        const WIDTH: usize = 30;
        let filled = (done * WIDTH).checked_div(self.total).unwrap_or(WIDTH);
        let _ = write!(
            err,
            "[{}{}] {done}/{} done, {running} running",
            "=".repeat(filled),
            " ".repeat(WIDTH - filled),
            self.total
        );
        let _ = err.flush();
    }
}

fn progressive(action: Action) -> &'static str {
    match action {
        Action::Create => "creating",
        Action::Update => "updating",
        Action::Replace => "replacing",
        Action::Delete => "destroying",
    }
}

impl Observer for Progress {
    fn started(&self, change: &Change) {
        let mut st = self.state.lock().expect("not poisoned");
        st.1 += 1;
        if self.bar {
            let mut err = anstream::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            self.draw_bar(&mut err, st.0, st.1);
        }
        tracing::debug!("{}: {}", change.address, progressive(change.action));
    }

    fn finished(&self, r: &OpResult) {
        let mut st = self.state.lock().expect("not poisoned");
        st.0 += 1;
        st.1 -= 1;
        let failed = matches!(r.status, Status::Failed(_));
        if self.quiet && !failed {
            return;
        }
        let mut err = anstream::stderr().lock();
        if self.bar {
            let _ = write!(err, "\r\x1b[2K");
        }
        let (style, text) = match &r.status {
            Status::Done => (
                Style::new().fg_color(Some(AnsiColor::Green.into())),
                format!("{} ({:.1}s)", r.action.verb(), r.elapsed.as_secs_f64()),
            ),
            Status::Failed(e) => (
                Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
                format!("FAILED: {e}"),
            ),
            Status::NotAttempted => (Style::new(), "not attempted".to_string()),
        };
        let detail = r
            .detail
            .as_ref()
            .map(|d| format!(" [{d}]"))
            .unwrap_or_default();
        let _ = writeln!(
            err,
            "{}{} {}: {style}{text}{style:#}{detail}",
            self.prefix,
            r.action.symbol(),
            r.address
        );
        if self.bar {
            self.draw_bar(&mut err, st.0, st.1);
        }
    }
}
