//! `merge` as a library call: read the JSON documents of a sharded run,
//! pick their type from their `kind` (`fleet::merge::kind_of`) and join
//! them into the document the unsharded run would have written
//! (`fleet::merge::merge`). It reads only the given files; no AWS call.

use std::path::PathBuf;

use anyhow::{anyhow, bail};
use serde::de::DeserializeOwned;

use crate::changeset::ChangeSet;
use crate::drift::DriftReport;
use crate::fleet::merge::{kind_of, merge as join};
use crate::fleet::{DocKind, Fleet};
use crate::report::JobReport;

/// The merged document, by kind.
#[derive(Debug)]
pub enum Merged {
    Plan(Fleet<ChangeSet>),
    Drift(Fleet<DriftReport>),
    Report(Fleet<JobReport>),
}

/// Merge the shard documents in `files` (any order). Unreadable files,
/// documents that are not multi-target ones, and sets that are mixed,
/// overlapping or incomplete are errors (one line each).
pub fn merge(files: &[PathBuf]) -> anyhow::Result<Merged> {
    let mut docs = Vec::new();
    let mut first: Option<(String, DocKind)> = None;
    for f in files {
        let name = f.display().to_string();
        let text = std::fs::read_to_string(f).map_err(|e| anyhow!("cannot read {name}: {e}"))?;
        let kind = kind_of(&name, &text).map_err(anyhow::Error::msg)?;
        match &first {
            Some((first_name, k)) if *k != kind => bail!(
                "{name} is a {} document, {first_name} a {} one",
                word(kind),
                word(*k)
            ),
            Some(_) => {}
            None => first = Some((name.clone(), kind)),
        }
        docs.push((name, text));
    }
    let Some((_, kind)) = first else {
        bail!("merge needs at least one document");
    };
    Ok(match kind {
        DocKind::Plan => Merged::Plan(parse_and_join(kind, docs)?),
        DocKind::Drift => Merged::Drift(parse_and_join(kind, docs)?),
        DocKind::Report => Merged::Report(parse_and_join(kind, docs)?),
    })
}

fn word(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Plan => "plan",
        DocKind::Drift => "drift",
        DocKind::Report => "report",
    }
}

fn parse_and_join<T: DeserializeOwned>(
    kind: DocKind,
    docs: Vec<(String, String)>,
) -> anyhow::Result<Fleet<T>> {
    let parsed = docs
        .into_iter()
        .map(|(name, text)| {
            let doc = serde_json::from_str(&text)
                .map_err(|e| anyhow!("{name} is not a valid {} document: {e}", word(kind)))?;
            Ok((name, doc))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    join(parsed).map_err(anyhow::Error::msg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::tests::{drift, fleet, report, shard};

    /// Write `docs` as files in a fresh directory; their paths.
    fn files(dir: &tempfile::TempDir, docs: &[(&str, String)]) -> Vec<PathBuf> {
        docs.iter()
            .map(|(name, text)| {
                let p = dir.path().join(name);
                std::fs::write(&p, text).unwrap();
                p
            })
            .collect()
    }

    /// `whole` split in two shards, written out of order, then merged.
    fn merged<T: serde::Serialize + Clone>(whole: &Fleet<T>) -> Merged {
        let dir = tempfile::tempdir().unwrap();
        let paths = files(
            &dir,
            &[
                ("2.json", shard(whole, 2, 2).to_json()),
                ("1.json", shard(whole, 1, 2).to_json()),
            ],
        );
        merge(&paths).unwrap()
    }

    #[test]
    fn drift_and_report_shards_merge_into_the_unsharded_document() {
        let whole = fleet(
            DocKind::Drift,
            vec![
                ("a/eu-west-1", Ok(drift(1, 0))),
                ("b/eu-west-1", Err("AccessDenied")),
                ("c/eu-west-1", Ok(drift(0, 0))),
            ],
        );
        let Merged::Drift(got) = merged(&whole) else {
            panic!("not drift")
        };
        assert_eq!(got.to_json(), whole.to_json());
        let whole = fleet(
            DocKind::Report,
            vec![
                ("a/eu-west-1", Ok(report(3, 1, Some(0)))),
                ("b/eu-west-1", Ok(report(2, 0, Some(0)))),
            ],
        );
        let Merged::Report(got) = merged(&whole) else {
            panic!("not a report")
        };
        assert_eq!(got, whole);
    }

    #[test]
    fn mixed_kinds_single_target_documents_and_bad_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let d = fleet(DocKind::Drift, vec![("a/eu-west-1", Ok(drift(0, 0)))]);
        let r = fleet(
            DocKind::Report,
            vec![("a/eu-west-1", Ok(report(1, 0, None)))],
        );
        let paths = files(
            &dir,
            &[
                ("d.json", shard(&d, 1, 1).to_json()),
                ("r.json", shard(&r, 1, 1).to_json()),
                ("single.json", serde_json::to_string(&drift(0, 0)).unwrap()),
                (
                    "bad.json",
                    "{\"format_version\": 2, \"kind\": \"drift\"}".into(),
                ),
            ],
        );
        let err = |p: &[PathBuf]| merge(p).unwrap_err().to_string();
        let e = err(&paths[..2]);
        assert!(e.contains("r.json is a report document"), "{e}");
        assert!(e.contains("d.json a drift one"), "{e}");
        let e = err(&paths[2..3]);
        assert!(
            e.contains("single.json has no `kind`") && e.contains("single-target"),
            "{e}"
        );
        let e = err(&paths[3..]);
        assert!(e.contains("bad.json is not a valid drift document"), "{e}");
        let e = err(&[dir.path().join("absent.json")]);
        assert!(
            e.starts_with("cannot read ") && e.contains("absent.json"),
            "{e}"
        );
    }
}
