//! Hand-built documents for the unit tests of the multi-target renderers
//! (`render::fleet`), exit codes (`cli::verdict`) and merge
//! (`engine::merge`): the loader cannot produce a multi-target config yet,
//! and such a test should not need AWS to get one.

use std::collections::BTreeMap;

use super::{DocKind, Fleet, Shard, TargetResult, FORMAT_VERSION};
use crate::changeset::FieldChange;
use crate::drift::{Changed, DriftReport};
use crate::report::{Counts, JobReport, Period, Window};

/// A target's name, account and region from `ACCOUNT/REGION`.
fn target<T>(name: &str, result: Result<T, &str>) -> TargetResult<T> {
    let (account, region) = name.split_once('/').expect("ACCOUNT/REGION");
    TargetResult {
        name: name.to_string(),
        account_id: if account == "central" {
            "111111111111".into()
        } else {
            "222222222222".into()
        },
        region: region.to_string(),
        error: result.as_ref().err().map(ToString::to_string),
        result: result.ok(),
    }
}

/// A document of `kind` over `targets` (a result, or the target's error).
pub fn fleet<T>(kind: DocKind, targets: Vec<(&str, Result<T, &str>)>) -> Fleet<T> {
    Fleet {
        format_version: FORMAT_VERSION,
        kind,
        stack: "org".into(),
        targets: targets.into_iter().map(|(n, r)| target(n, r)).collect(),
        shard: None,
    }
}

/// Shard `index` of `count` of `doc`, as `--shard` splits it.
pub fn shard<T: Clone>(doc: &Fleet<T>, index: usize, count: usize) -> Fleet<T> {
    Fleet {
        targets: doc
            .targets
            .iter()
            .enumerate()
            .filter(|(i, _)| i % count == index - 1)
            .map(|(_, t)| t.clone())
            .collect(),
        shard: Some(Shard {
            index,
            count,
            targets_total: doc.targets.len(),
        }),
        ..doc.clone()
    }
}

/// Drift with `changed` vaults edited out of band and `missing` vaults.
pub fn drift(changed: usize, missing: usize) -> DriftReport {
    DriftReport {
        format_version: crate::drift::FORMAT_VERSION,
        stack: "org".into(),
        account_id: Some("000000000001".into()),
        region: "eu-west-1".into(),
        changed: (0..changed)
            .map(|i| Changed {
                address: format!("vault.edited-{i}"),
                fields: vec![FieldChange {
                    path: "tags.team".into(),
                    before: Some("live".into()),
                    after: Some("config".into()),
                }],
            })
            .collect(),
        missing: (0..missing)
            .map(|i| format!("vault.a-rather-long-vault-name-number-{i}"))
            .collect(),
        orphaned: vec![],
        unmanaged: vec![],
        other_stacks: BTreeMap::new(),
        aws_created: None,
        errors: vec![],
    }
}

/// A report of `jobs` jobs of which `failed` failed, gated at `max_failed`.
pub fn report(jobs: i64, failed: i64, max_failed: Option<i64>) -> JobReport {
    let by_state: BTreeMap<String, i64> = [
        ("COMPLETED".to_string(), jobs - failed),
        ("FAILED".to_string(), failed),
    ]
    .into();
    JobReport {
        format_version: crate::report::FORMAT_VERSION,
        stack: "org".into(),
        account_id: Some("000000000001".into()),
        region: "eu-west-1".into(),
        period: Period::OneDay,
        window: Window {
            start: "2024-05-01T00:00:00Z".into(),
            end: "2024-05-02T00:00:00Z".into(),
        },
        account: Counts {
            total: jobs,
            by_state,
            by_message_category: [("(none)".to_string(), jobs)].into(),
            by_resource_type: [("EBS".to_string(), jobs)].into(),
        },
        vaults: vec![],
        plans: vec![],
        failed_resources: vec![],
        unprotected_resources: vec![],
        explicit_resources: 0,
        failed_jobs: failed,
        max_failed,
        exceeded: max_failed.is_some_and(|m| failed > m),
        copy_jobs: Default::default(),
        restore_tests: Default::default(),
    }
}
