//! Property tests from config text to plan: writing the same config with its
//! vaults, plans, rules, selections, resources, conditions and events in any
//! order gives the same normalized desired state and an identical plan.

use backupctl::diff::{diff, DiffOptions};
use backupctl::model::Live;
use proptest::prelude::*;

fn permute<T: Clone>(items: &[T], seed: &[usize]) -> Vec<T> {
    let mut v: Vec<T> = items.to_vec();
    for (i, s) in seed.iter().enumerate() {
        if v.len() > 1 {
            let a = i % v.len();
            let b = s % v.len();
            v.swap(a, b);
        }
    }
    v
}

fn config(seed: &[usize]) -> String {
    let events = permute(
        &["BACKUP_JOB_FAILED", "COPY_JOB_FAILED", "RESTORE_JOB_FAILED"],
        seed,
    );
    let vaults = permute(
        &[
            format!(
                "  - name: va\n    tags: {{x: '1', y: '2'}}\n    notifications:\n      sns_topic_arn: arn:aws:sns:us-east-1:123456789012:t\n      events: [{}]\n",
                events.join(", ")
            ),
            "  - name: vb\n".to_string(),
            "  - name: vc\n    tags: {z: '3'}\n".to_string(),
        ],
        seed,
    );
    let rules = permute(
        &[
            "      - {name: r1, target_vault: va, lifecycle: {delete_after_days: 35}}\n",
            "      - {name: r2, target_vault: vb, schedule: \"cron(0 3 ? * SUN *)\"}\n",
            "      - {name: r3, target_vault: vc, start_window_minutes: 60}\n",
        ],
        seed,
    );
    let resources = permute(
        &[
            "'arn:aws:ec2:*:*:volume/1'",
            "'arn:aws:ec2:*:*:volume/2'",
            "'*'",
        ],
        seed,
    );
    let conds = permute(
        &[
            "          - {key: 'aws:ResourceTag/a', value: '1'}\n",
            "          - {key: 'aws:ResourceTag/b', value: '2'}\n",
        ],
        seed,
    );
    let selections = permute(
        &[
            format!(
                "      - name: s1\n        iam_role_arn: arn:aws:iam::123456789012:role/b\n        resources: [{}]\n        conditions:\n          string_equals:\n{}",
                resources.join(", "),
                conds.concat()
            ),
            "      - {name: s2, iam_role_arn: 'arn:aws:iam::123456789012:role/b', resources: ['*']}\n"
                .to_string(),
        ],
        seed,
    );
    let plans = permute(
        &[
            format!(
                "  - name: p1\n    rules:\n{}    selections:\n{}",
                rules.concat(),
                selections.concat()
            ),
            "  - name: p2\n    rules:\n      - {name: only, target_vault: va}\n".to_string(),
        ],
        seed,
    );
    format!(
        "version: 1\nstack: s\nvaults:\n{}plans:\n{}",
        vaults.concat(),
        plans.concat()
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn order_in_the_config_never_matters(seed in prop::collection::vec(0usize..10, 1..6)) {
        let base = testkit::desired(&config(&[]));
        let shuffled = testkit::desired(&config(&seed));
        prop_assert_eq!(&base, &shuffled);
        let live = Live { region: "us-east-1".into(), ..Default::default() };
        prop_assert_eq!(
            diff(&base, &live, DiffOptions::default()),
            diff(&shuffled, &live, DiffOptions::default())
        );
    }
}
