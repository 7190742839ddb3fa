//! `backupctl merge`: join the JSON documents of the shards of one run
//! (`--shard 1/N` … `N/N`) into the document the unsharded run would
//! have written, refusing a set that is incomplete, mixed or overlapping.

use std::collections::BTreeSet;

use super::{DocKind, Fleet, FORMAT_VERSION};

/// The `kind` of a document, read before choosing its type.
pub fn kind_of(file: &str, text: &str) -> Result<DocKind, String> {
    #[derive(serde::Deserialize)]
    struct Head {
        format_version: u32,
        kind: Option<DocKind>,
    }
    let head: Head = serde_json::from_str(text)
        .map_err(|e| format!("{file} is not a backupctl JSON document: {e}"))?;
    if head.format_version != FORMAT_VERSION {
        return Err(format!(
            "{file}: format version {} is not a multi-target document (expected {FORMAT_VERSION}; write shards with a config that declares targets)",
            head.format_version
        ));
    }
    head.kind.ok_or_else(|| {
        format!("{file} has no `kind` (plan, drift or report): a single-target document, not a shard of a config with targets:")
    })
}

/// Merge the shards (file name, document) into one document without a
/// shard marker, targets in name order.
pub fn merge<T>(docs: Vec<(String, Fleet<T>)>) -> Result<Fleet<T>, String> {
    let mut iter = docs.into_iter();
    let Some((first_file, first)) = iter.next() else {
        return Err("merge needs at least one document".into());
    };
    let Some(shard) = first.shard else {
        return Err(format!(
            "{first_file} is not a shard (it was written without --shard)"
        ));
    };
    let mut seen_index = BTreeSet::from([shard.index]);
    let mut names: BTreeSet<String> = first.targets.iter().map(|t| t.name.clone()).collect();
    let mut out = Fleet {
        shard: None,
        ..first
    };
    for (file, doc) in iter {
        if doc.kind != out.kind {
            return Err(format!(
                "{file} is a {:?} document, {first_file} a {:?} one",
                doc.kind, out.kind
            ));
        }
        if doc.stack != out.stack {
            return Err(format!(
                "{file} is of stack `{}`, {first_file} of stack `{}`",
                doc.stack, out.stack
            ));
        }
        let Some(s) = doc.shard else {
            return Err(format!(
                "{file} is not a shard (it was written without --shard)"
            ));
        };
        if s.count != shard.count || s.targets_total != shard.targets_total {
            return Err(format!(
                "{file} is shard {}/{} of {} targets, {first_file} shard {}/{} of {}: not the same run",
                s.index, s.count, s.targets_total, shard.index, shard.count, shard.targets_total
            ));
        }
        if !seen_index.insert(s.index) {
            return Err(format!("shard {}/{} is given twice", s.index, s.count));
        }
        for t in doc.targets {
            if !names.insert(t.name.clone()) {
                return Err(format!("target {} is in two shards", t.name));
            }
            out.targets.push(t);
        }
    }
    let missing: Vec<String> = (1..=shard.count)
        .filter(|i| !seen_index.contains(i))
        .map(|i| format!("{i}/{}", shard.count))
        .collect();
    if !missing.is_empty() {
        return Err(format!("missing shard(s): {}", missing.join(", ")));
    }
    if names.len() != shard.targets_total {
        return Err(format!(
            "the shards hold {} targets, the run had {}",
            names.len(),
            shard.targets_total
        ));
    }
    out.targets.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::{Shard, TargetResult};
    use super::*;

    fn doc(index: usize, names: &[&str]) -> Fleet<u32> {
        Fleet {
            format_version: FORMAT_VERSION,
            kind: DocKind::Plan,
            stack: "s".into(),
            targets: names
                .iter()
                .map(|n| TargetResult {
                    name: (*n).into(),
                    account_id: "111111111111".into(),
                    region: "eu-west-1".into(),
                    result: Some(1),
                    error: None,
                })
                .collect(),
            shard: Some(Shard {
                index,
                count: 2,
                targets_total: 3,
            }),
        }
    }

    #[test]
    fn shards_merge_into_the_sorted_unsharded_document() {
        let merged = merge(vec![
            ("2.json".into(), doc(2, &["b/x"])),
            ("1.json".into(), doc(1, &["a/x", "c/x"])),
        ])
        .unwrap();
        let names: Vec<&str> = merged.targets.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["a/x", "b/x", "c/x"]);
        assert_eq!(merged.shard, None);
    }

    #[test]
    fn incomplete_overlapping_or_mixed_shards_are_refused() {
        let e = merge(vec![("1.json".into(), doc(1, &["a/x", "c/x"]))]).unwrap_err();
        assert!(e.contains("missing shard(s): 2/2"), "{e}");
        let e = merge(vec![
            ("1.json".into(), doc(1, &["a/x", "c/x"])),
            ("2.json".into(), doc(2, &["a/x"])),
        ])
        .unwrap_err();
        assert!(e.contains("target a/x is in two shards"), "{e}");
        let mut other = doc(2, &["b/x"]);
        other.stack = "t".into();
        let e = merge(vec![
            ("1.json".into(), doc(1, &["a/x"])),
            ("2.json".into(), other),
        ])
        .unwrap_err();
        assert!(e.contains("stack"), "{e}");
        let e = kind_of("p.json", r#"{"format_version":1,"stack":"s"}"#).unwrap_err();
        assert!(e.contains("not a multi-target document"), "{e}");
    }
}
