//! Which targets a run covers: `--target NAME|GLOB` (repeatable) narrows
//! the config's targets, `--shard K/N` then takes every N-th of them in
//! name order, starting at the K-th. The split depends only on the sorted
//! names, so N CI jobs given 1/N..N/N cover every target exactly once.

use std::str::FromStr;

use crate::targets::select::name_matches as pattern_matches;

/// `--shard K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardArg {
    /// 1-based.
    pub index: usize,
    pub count: usize,
}

impl FromStr for ShardArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not K/N with 1 <= K <= N (e.g. 2/3)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(ShardArg { index, count })
    }
}

/// The indexes (into `names`, sorted) a run covers, and how many targets
/// the filter left before sharding. A pattern that matches nothing is an
/// error (a typo must not silently plan nothing).
pub fn select(
    names: &[&str],
    patterns: &[String],
    shard: Option<ShardArg>,
) -> Result<(Vec<usize>, usize), String> {
    for p in patterns {
        if !names.iter().any(|n| pattern_matches(p, n)) {
            return Err(format!(
                "--target {p} matches no target of the config (targets: {})",
                preview(names)
            ));
        }
    }
    let filtered: Vec<usize> = (0..names.len())
        .filter(|&i| patterns.is_empty() || patterns.iter().any(|p| pattern_matches(p, names[i])))
        .collect();
    let total = filtered.len();
    let chosen = match shard {
        None => filtered,
        Some(s) => filtered
            .into_iter()
            .enumerate()
            .filter(|(pos, _)| pos % s.count == s.index - 1)
            .map(|(_, i)| i)
            .collect(),
    };
    Ok((chosen, total))
}

fn preview(names: &[&str]) -> String {
    let mut s: Vec<&str> = names.iter().take(5).copied().collect();
    if names.len() > 5 {
        s.push("…");
    }
    s.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &[
        "a/eu-west-1",
        "a/us-east-1",
        "b/eu-west-1",
        "b/us-east-1",
        "c/eu-west-1",
    ];

    #[test]
    fn shards_cover_every_target_exactly_once() {
        let mut seen = Vec::new();
        for k in 1..=3 {
            let (idx, total) = select(NAMES, &[], Some(ShardArg { index: k, count: 3 })).unwrap();
            assert_eq!(total, 5);
            seen.extend(idx);
        }
        seen.sort_unstable();
        assert_eq!(seen, vec![0, 1, 2, 3, 4]);
        let (one, _) = select(NAMES, &[], Some(ShardArg { index: 2, count: 3 })).unwrap();
        assert_eq!(one, vec![1, 4]);
    }

    #[test]
    fn target_patterns_filter_before_sharding_and_typos_are_errors() {
        let (idx, total) = select(NAMES, &["*/eu-west-1".into()], None).unwrap();
        assert_eq!((idx, total), (vec![0, 2, 4], 3));
        let (idx, _) = select(NAMES, &["b".into()], None).unwrap();
        assert_eq!(idx, vec![2, 3]);
        let err = select(NAMES, &["x*".into()], None).unwrap_err();
        assert!(err.contains("--target x* matches no target"), "{err}");
    }

    #[test]
    fn shard_arguments_are_checked() {
        assert_eq!(
            "2/3".parse::<ShardArg>(),
            Ok(ShardArg { index: 2, count: 3 })
        );
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(bad.parse::<ShardArg>().is_err(), "{bad}");
        }
    }
}
