//! The random account states of the import round trip: a tiny seeded
//! generator and the vaults, plans, rules and selections it draws (tag
//! values YAML would misread, every optional field sometimes set), kept
//! apart from the scenarios that use them.

use std::collections::BTreeSet;

use backupctl::model::{
    self, BackupPlan, Conditions, CopyAction, Desired, Lifecycle, Notifications, Rule, Selection,
    TagCondition, Vault, VaultLock,
};

use testkit::ACCOUNT;

use super::STACK;

/// SplitMix64: a tiny deterministic generator, so a failing seed replays.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn some(&mut self, items: &[&str], max: usize) -> BTreeSet<String> {
        (0..self.below(max + 1))
            .map(|_| self.pick(items).to_string())
            .collect()
    }
}

/// Tag values YAML would read as something else unless quoted.
const VALUES: &[&str] = &[
    "",
    "true",
    "false",
    "4711",
    "007",
    "off",
    "yes",
    "null",
    "~",
    "1e3",
    "0x1F",
    "a b",
    "x:y/z",
    "- item",
    "#hash",
    "platform-*",
    "@at",
    "=",
];

fn tags(r: &mut Rng) -> model::Tags {
    (0..r.below(4))
        .map(|i| {
            let key = format!(
                "{}{i}",
                r.pick(&["team", "cost-center", "Env", "a.b", "x_y"])
            );
            (key, r.pick(VALUES).to_string())
        })
        .collect()
}

fn lifecycle(r: &mut Rng, continuous: bool) -> Option<Lifecycle> {
    if continuous {
        return Some(Lifecycle {
            delete_after_days: Some(1 + r.below(35) as i64),
            ..Default::default()
        });
    }
    match r.below(4) {
        0 => None,
        1 => Some(Lifecycle {
            delete_after_days: Some(1 + r.below(3000) as i64),
            ..Default::default()
        }),
        _ => {
            let cold = 1 + r.below(365) as i64;
            Some(Lifecycle {
                move_to_cold_storage_after_days: Some(cold),
                delete_after_days: r.chance(70).then(|| cold + 90 + r.below(3000) as i64),
                opt_in_to_archive_for_supported_resources: r.chance(50),
                delete_after_event: None,
            })
        }
    }
}

pub(super) fn vault(r: &mut Rng, name: String) -> Vault {
    let mut v = Vault {
        name,
        tags: tags(r),
        ..Default::default()
    };
    if r.chance(40) {
        v.encryption_key_arn = Some(format!(
            "arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-{:012x}",
            r.below(1 << 40)
        ));
    }
    if r.chance(40) {
        let action = r.pick(&["backup:DeleteRecoveryPoint", "backup:DeleteBackupVault"]);
        v.access_policy = Some(model::normalize::canonical_json(&serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Sid": format!("S{}", r.below(9)), "Effect": "Deny",
                           "Principal": "*", "Action": [action], "Resource": "*"}]
        })));
    }
    if r.chance(40) {
        let mut events = r.some(
            &[
                "BACKUP_JOB_FAILED",
                "BACKUP_JOB_EXPIRED",
                "COPY_JOB_FAILED",
                "RESTORE_JOB_FAILED",
            ],
            3,
        );
        events.insert("BACKUP_JOB_COMPLETED".into());
        v.notifications = Some(Notifications {
            sns_topic_arn: format!("arn:aws:sns:us-east-1:{ACCOUNT}:t{}", r.below(5)),
            events,
        });
    }
    if r.chance(30) {
        let min = 1 + r.below(30) as i64;
        v.lock = Some(match r.below(4) {
            0 => VaultLock {
                min_retention_days: Some(min),
                ..Default::default()
            },
            1 => VaultLock {
                max_retention_days: Some(min + r.below(3000) as i64),
                ..Default::default()
            },
            2 => VaultLock {
                min_retention_days: Some(min),
                max_retention_days: Some(min + r.below(3000) as i64),
                ..Default::default()
            },
            // Compliance mode in its grace period: AWS never returns the
            // grace period, so import must still say "compliance".
            _ => VaultLock {
                min_retention_days: Some(min),
                changeable_for_days: Some(3 + r.below(30) as i64),
                ..Default::default()
            },
        });
    }
    v
}

fn rule(r: &mut Rng, vaults: &[String]) -> Rule {
    let continuous = r.chance(15);
    let start = if r.chance(50) {
        model::DEFAULT_START_WINDOW
    } else {
        60 + r.below(600) as i64
    };
    let completion = if r.chance(50) && start == model::DEFAULT_START_WINDOW {
        model::DEFAULT_COMPLETION_WINDOW
    } else {
        start + 60 + r.below(10_000) as i64
    };
    let mut copy_actions = BTreeSet::new();
    for i in 0..r.below(3) {
        copy_actions.insert(CopyAction {
            destination_vault_arn: format!(
                "arn:aws:backup:{}:{ACCOUNT}:backup-vault:dr{i}",
                r.pick(&["eu-west-1", "us-west-2"])
            ),
            lifecycle: lifecycle(r, false),
        });
    }
    Rule {
        target_vault: vaults[r.below(vaults.len())].clone(),
        target_logically_air_gapped_backup_vault_arn: None,
        schedule: r
            .pick(&[
                model::DEFAULT_SCHEDULE,
                "cron(0 2 ? * * *)",
                "cron(0 3 ? * SUN *)",
                "cron(0 4 1 * ? *)",
                "cron(0 */6 ? * * *)",
                "cron(30 1 ? * 2#1 *)",
            ])
            .into(),
        schedule_timezone: r
            .pick(&[model::DEFAULT_TIMEZONE, "Europe/Berlin", "America/New_York"])
            .into(),
        start_window_minutes: start,
        completion_window_minutes: completion,
        lifecycle: lifecycle(r, continuous),
        copy_actions,
        enable_continuous_backup: continuous,
        recovery_point_tags: tags(r),
        index_actions: BTreeSet::new(),
        scan_actions: BTreeSet::new(),
    }
}

fn pairs(r: &mut Rng) -> BTreeSet<(String, String)> {
    (0..r.below(3))
        .map(|i| (format!("aws:ResourceTag/k{i}"), r.pick(VALUES).to_string()))
        .collect()
}

fn selection(r: &mut Rng) -> Selection {
    let mut s = Selection {
        iam_role_arn: format!(
            "arn:aws:iam::{ACCOUNT}:role/{}",
            r.pick(&["backup", "service-role/AWSBackupDefaultServiceRole"])
        ),
        resources: r.some(
            &[
                "*",
                "arn:aws:ec2:*:*:volume/*",
                "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
                "arn:aws:rds:us-east-1:123456789012:db:main",
                "arn:aws:s3:::bucket",
            ],
            3,
        ),
        not_resources: r.some(&["arn:aws:ec2:*:*:volume/vol-0", "arn:aws:s3:::logs"], 2),
        list_of_tags: (0..r.below(3))
            .map(|i| TagCondition {
                condition_type: "STRINGEQUALS".into(),
                key: format!("backup{i}"),
                value: r.pick(VALUES).to_string(),
            })
            .collect(),
        conditions: Conditions {
            string_equals: pairs(r),
            string_not_equals: pairs(r),
            string_like: pairs(r),
            string_not_like: pairs(r),
        },
    };
    if s.resources.is_empty() && s.list_of_tags.is_empty() {
        s.resources.insert("*".into());
    }
    s
}

pub(super) fn plan(r: &mut Rng, name: String, vaults: &[String]) -> BackupPlan {
    let mut p = BackupPlan {
        name,
        tags: tags(r),
        ..Default::default()
    };
    for i in 0..1 + r.below(3) {
        p.rules.insert(format!("r{i}"), rule(r, vaults));
    }
    if r.chance(30) {
        p.advanced_backup_settings.insert(
            "EC2".into(),
            [(
                "WindowsVSS".to_string(),
                r.pick(&["enabled", "disabled"]).to_string(),
            )]
            .into(),
        );
    }
    for i in 0..r.below(3) {
        p.selections.insert(format!("sel-{i}"), selection(r));
    }
    p
}

/// A random account: vaults and plans that are unmanaged, managed by
/// `STACK` or by another stack (one `Desired` per owner, so the seeder
/// tags them), and random settings.
pub(super) fn account(seed: u64) -> [Desired; 3] {
    let mut r = Rng(seed);
    let owners = ["", STACK, "other"];
    let mut out: [Desired; 3] = owners.map(|stack| Desired {
        stack: stack.into(),
        ..Default::default()
    });
    let vault_names: Vec<String> = (0..1 + r.below(5))
        .map(|i| format!("v{i}-{seed}"))
        .collect();
    for name in &vault_names {
        let v = vault(&mut r, name.clone());
        out[r.below(3)].vaults.insert(name.clone(), v);
    }
    for i in 0..r.below(5) {
        let p = plan(&mut r, format!("p{i}.{seed}"), &vault_names);
        out[r.below(3)].plans.insert(p.name.clone(), p);
    }
    out[0].settings.global = [(
        "isCrossAccountBackupEnabled".to_string(),
        r.pick(&["true", "false"]).to_string(),
    )]
    .into();
    out[0].settings.resource_type_opt_in = [
        ("EBS".to_string(), r.chance(50)),
        ("S3".to_string(), r.chance(50)),
    ]
    .into();
    out
}
