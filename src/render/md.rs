//! Markdown shared by every Markdown output (plan, drift, report): one
//! escaper for text placed in tables, alerts and quotes, and one size cap
//! (GitHub rejects comments over 65,536 characters) with the note saying
//! what was left out.

use std::fmt::Write;

/// Default cap in characters, under GitHub's comment limit.
pub const DEFAULT_CAP: usize = 60_000;

/// Cut finished Markdown (a drift or report body) to at most about `cap`
/// characters at a line boundary, closing an open code block, and say how
/// many lines were left out and which command shows everything.
pub fn cap_text(text: &str, cap: usize, full: &str) -> String {
    if text.len() <= cap {
        return text.to_string();
    }
    let budget = cap.saturating_sub(300);
    let mut out = String::new();
    let mut kept = 0;
    for line in text.lines() {
        if out.len() + line.len() + 1 > budget {
            break;
        }
        out.push_str(line);
        out.push('\n');
        kept += 1;
    }
    if out.lines().filter(|l| l.starts_with("```")).count() % 2 == 1 {
        out.push_str("```\n");
    }
    let left = text.lines().count() - kept;
    let _ = write!(
        out,
        "\n_Output cut to stay under {cap} characters: {left} more line(s) not shown; run `{full}` for everything._\n"
    );
    out
}

/// Text made safe inside a Markdown table cell, quote or list item: `|`
/// cannot end a cell, `<`/`>` cannot open HTML, and a line break cannot end
/// the row or the quote.
pub fn escape(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace("\r\n", " ")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::{cap_text, escape};

    #[test]
    fn escape_keeps_text_on_one_line_and_out_of_html_and_cells() {
        assert_eq!(escape("a|b <c>\nd\r\ne"), "a\\|b &lt;c&gt; d e");
    }

    #[test]
    fn short_text_is_kept_and_long_text_is_cut_at_a_line_with_the_fence_closed() {
        assert_eq!(cap_text("a\nb\n", 1000, "x"), "a\nb\n");
        let long: String = std::iter::once("```diff\n".to_string())
            .chain((0..2000).map(|i| format!("+ line {i}\n")))
            .chain(std::iter::once("```\n".to_string()))
            .collect();
        let cut = cap_text(&long, 5000, "backupctl drift --format json");
        assert!(cut.len() <= 5000, "{}", cut.len());
        assert_eq!(cut.lines().filter(|l| l.starts_with("```")).count(), 2);
        let kept = cut.lines().filter(|l| l.starts_with("+ line")).count();
        assert!(cut.ends_with(&format!(
            "_Output cut to stay under 5000 characters: {} more line(s) not shown; run `backupctl drift --format json` for everything._\n",
            2002 - 1 - kept
        )));
    }
}
