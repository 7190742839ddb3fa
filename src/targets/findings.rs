//! One report for many targets: the same finding (same file, line, column
//! and message) from N targets is printed once; a finding that holds for
//! some targets only says which (` (target prod/eu-west-1)`,
//! ` (targets a, b and 3 more)`). Without this, a mistake in a config
//! applied to 150 targets would print 150 times.

use std::collections::HashMap;

use crate::yaml::diagnostics::{Diagnostic, Diagnostics};

/// ` (target a)`, ` (targets a and b)`, ` (targets a, b and c)`,
/// ` (targets a, b and 3 more)`.
pub fn which(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => format!(" (target {one})"),
        [init @ .., last] if names.len() <= 3 => {
            format!(" (targets {} and {last})", init.join(", "))
        }
        [a, b, rest @ ..] => format!(" (targets {a}, {b} and {} more)", rest.len()),
    }
}

/// Merge the findings of every target (`per_target` in target order;
/// `total` targets were checked) into one list, first-seen order.
pub fn merge(per_target: &[(String, Diagnostics)], total: usize) -> Diagnostics {
    let mut order: Vec<(Diagnostic, Vec<&str>)> = Vec::new();
    let mut seen: HashMap<(std::path::PathBuf, u32, u32, String), usize> = HashMap::new();
    for (name, diags) in per_target {
        for d in &diags.items {
            let key = (d.file.clone(), d.line, d.column, d.message.clone());
            match seen.get(&key) {
                Some(&i) => {
                    let names = &mut order[i].1;
                    if !names.contains(&name.as_str()) {
                        names.push(name);
                    }
                }
                None => {
                    seen.insert(key, order.len());
                    order.push((d.clone(), vec![name]));
                }
            }
        }
    }
    let mut out = Diagnostics::new();
    for (mut d, names) in order {
        if names.len() < total {
            d.message.push_str(&which(&names));
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::span::Span;
    use std::path::Path;

    fn diag(line: u32, msg: &str) -> Diagnostic {
        let span = Span {
            file: 0,
            line,
            column: 3,
            path: "plans[0].name".into(),
        };
        Diagnostic::at(Path::new("c.yaml"), &span, msg)
    }

    fn set(items: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics { items }
    }

    #[test]
    fn the_same_finding_from_every_target_is_reported_once_without_names() {
        let per: Vec<(String, Diagnostics)> = ["a/x", "b/x", "c/x"]
            .iter()
            .map(|n| (n.to_string(), set(vec![diag(4, "bad name")])))
            .collect();
        let out = merge(&per, 3);
        assert_eq!(out.items.len(), 1);
        assert_eq!(out.items[0].message, "bad name");
        assert_eq!((out.items[0].line, out.items[0].column), (4, 3));
    }

    #[test]
    fn findings_of_some_targets_name_them() {
        let names = ["a/x", "b/x", "c/x", "d/x", "e/x", "f/x"];
        let mut per: Vec<(String, Diagnostics)> = names
            .iter()
            .map(|n| (n.to_string(), set(vec![diag(9, "too long")])))
            .collect();
        per[0].1.push(diag(2, "only here"));
        per.push(("g/x".into(), Diagnostics::new()));
        let out = merge(&per, 7);
        let msgs: Vec<&str> = out.items.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "too long (targets a/x, b/x and 4 more)",
                "only here (target a/x)"
            ]
        );
        assert_eq!(which(&["a", "b"]), " (targets a and b)");
        assert_eq!(which(&["a", "b", "c"]), " (targets a, b and c)");
    }
}
