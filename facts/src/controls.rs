//! The Backup Audit Manager control catalogue: every control a framework
//! may name, its input parameters with their value rules and defaults, and
//! the control scopes it takes. Plain data (see [`crate::audit`] for the
//! sources), so backupctl's offline validation and the emulator check
//! `FrameworkControls` against one list.

/// What a control parameter's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamValue {
    /// A whole number in `min..=max`.
    Int {
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
    },
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A comma-separated list of at most `max` items, each of `item`'s form.
    List {
        /// What each item is.
        item: ListItem,
        /// Most items.
        max: usize,
    },
}

/// The form of one item of a [`ParamValue::List`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListItem {
    /// An IAM role or user ARN (`arn:PARTITION:iam::ACCOUNT:...`).
    IamPrincipalArn,
    /// An AWS Region code such as `us-west-2`.
    Region,
    /// A 12-digit account id.
    AccountId,
}

/// One input parameter of a control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlParam {
    /// `ParameterName` as the API spells it.
    pub name: &'static str,
    /// What `ParameterValue` must be.
    pub value: ParamValue,
    /// The value AWS assumes when the parameter is left out (the guide's
    /// bracketed default), if any.
    pub default: Option<&'static str>,
}

/// Which `ControlScope` members a control takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scopes {
    /// `ComplianceResourceTypes` (scope "Resources by type").
    pub resource_types: bool,
    /// `Tags` (scope "Tagged resources").
    pub tags: bool,
    /// `ComplianceResourceIds` with one `ComplianceResourceTypes` entry
    /// (scope "Single resource").
    pub resource_id: bool,
}

/// One Backup Audit Manager control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Control {
    /// `ControlName`.
    pub name: &'static str,
    /// The AWS Config resource type the control evaluates.
    pub evaluates: &'static str,
    /// Input parameters; any other `ParameterName` is refused.
    pub params: &'static [ControlParam],
    /// Scope members the control takes.
    pub scopes: Scopes,
    /// For controls that evaluate AWS Backup's own resources (plans,
    /// vaults): the only `ComplianceResourceTypes` value their single
    /// resource scope takes (the guide's example scopes a vault control
    /// with `["AWS::Backup::BackupVault"]`).
    pub own_resource_type: Option<&'static str>,
}

const ALL_SCOPES: Scopes = Scopes {
    resource_types: true,
    tags: true,
    resource_id: true,
};

/// Backup plans and vaults are scoped by tag or as one resource, not by
/// service type.
const OWN_RESOURCE_SCOPES: Scopes = Scopes {
    resource_types: false,
    tags: true,
    resource_id: true,
};

const RETENTION_DAYS: ParamValue = ParamValue::Int {
    min: 1,
    max: crate::limits::MAX_RETENTION_DAYS,
};

const AGE_UNIT: ControlParam = ControlParam {
    name: "recoveryPointAgeUnit",
    value: ParamValue::OneOf(&["hours", "days"]),
    default: Some("days"),
};

/// `recoveryPointAgeValue`: 1..744 hours or 1..31 days ("Last recovery
/// point was created"); the unit-dependent bound is
/// [`max_recovery_point_age`].
const AGE_VALUE: ControlParam = ControlParam {
    name: "recoveryPointAgeValue",
    value: ParamValue::Int { min: 1, max: 744 },
    default: Some("1"),
};

/// The largest `recoveryPointAgeValue` for a `recoveryPointAgeUnit`.
pub fn max_recovery_point_age(unit: &str) -> i64 {
    if unit == "hours" {
        744
    } else {
        31
    }
}

/// Every control of Backup Audit Manager, in the guide's order.
pub const CONTROLS: &[Control] = &[
    Control {
        name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
        evaluates: "AWS::Backup::BackupSelection",
        params: &[],
        scopes: ALL_SCOPES,
        own_resource_type: None,
    },
    Control {
        name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
        evaluates: "AWS::Backup::BackupPlan",
        params: &[
            ControlParam {
                name: "requiredRetentionDays",
                value: RETENTION_DAYS,
                default: Some("35"),
            },
            ControlParam {
                name: "requiredFrequencyUnit",
                value: ParamValue::OneOf(&["hours", "days"]),
                default: Some("days"),
            },
            ControlParam {
                name: "requiredFrequencyValue",
                // Unverified upper bound: the guide's example is 24 hours.
                value: ParamValue::Int { min: 1, max: 744 },
                default: Some("1"),
            },
        ],
        scopes: OWN_RESOURCE_SCOPES,
        own_resource_type: Some("AWS::Backup::BackupPlan"),
    },
    Control {
        name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
        evaluates: "AWS::Backup::BackupVault",
        params: &[ControlParam {
            name: "principalArnList",
            // "Up to 5 IAM roles that allow manual deletion".
            value: ParamValue::List {
                item: ListItem::IamPrincipalArn,
                max: 5,
            },
            default: None,
        }],
        scopes: OWN_RESOURCE_SCOPES,
        own_resource_type: Some("AWS::Backup::BackupVault"),
    },
    Control {
        name: "BACKUP_RECOVERY_POINT_ENCRYPTED",
        evaluates: "AWS::Backup::RecoveryPoint",
        params: &[],
        scopes: ALL_SCOPES,
        own_resource_type: None,
    },
    Control {
        name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
        evaluates: "AWS::Backup::RecoveryPoint",
        params: &[ControlParam {
            name: "requiredRetentionDays",
            value: RETENTION_DAYS,
            default: Some("35"),
        }],
        scopes: ALL_SCOPES,
        own_resource_type: None,
    },
    Control {
        name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
        evaluates: "AWS::Backup::BackupPlan",
        params: &[ControlParam {
            name: "crossRegionList",
            // Unverified: the console offers up to 3 destination Regions.
            value: ParamValue::List {
                item: ListItem::Region,
                max: 3,
            },
            default: None,
        }],
        scopes: ALL_SCOPES,
        own_resource_type: None,
    },
    Control {
        name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
        evaluates: "AWS::Backup::BackupPlan",
        params: &[ControlParam {
            name: "crossAccountList",
            // Unverified: the console offers up to 3 destination accounts.
            value: ParamValue::List {
                item: ListItem::AccountId,
                max: 3,
            },
            default: None,
        }],
        scopes: ALL_SCOPES,
        own_resource_type: None,
    },
    Control {
        name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
        evaluates: "AWS::Backup::BackupVault",
        params: &[
            ControlParam {
                name: "minRetentionDays",
                value: RETENTION_DAYS,
                default: None,
            },
            ControlParam {
                name: "maxRetentionDays",
                value: RETENTION_DAYS,
                default: None,
            },
        ],
        scopes: ALL_SCOPES,
        own_resource_type: None,
    },
    Control {
        name: "BACKUP_LAST_RECOVERY_POINT_CREATED",
        evaluates: "AWS::Backup::RecoveryPoint",
        params: &[AGE_UNIT, AGE_VALUE],
        scopes: ALL_SCOPES,
        own_resource_type: None,
    },
    Control {
        name: "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
        evaluates: "AWS::Backup::RecoveryPoint",
        params: &[ControlParam {
            name: "maxRestoreTime",
            // Minutes; the guide's default is 720 (12 hours). Upper bound
            // unverified (here: 30 days).
            value: ParamValue::Int {
                min: 1,
                max: 43_200,
            },
            default: Some("720"),
        }],
        scopes: ALL_SCOPES,
        own_resource_type: None,
    },
    Control {
        name: "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT",
        evaluates: "AWS::Backup::RecoveryPoint",
        params: &[AGE_UNIT, AGE_VALUE],
        scopes: ALL_SCOPES,
        own_resource_type: None,
    },
];

/// The control named `name`, if Backup Audit Manager has it.
pub fn control(name: &str) -> Option<&'static Control> {
    CONTROLS.iter().find(|c| c.name == name)
}

/// Whether `value` is a valid value of `param` (list items trimmed).
pub fn param_value_ok(param: &ControlParam, value: &str) -> bool {
    match param.value {
        ParamValue::Int { min, max } => value
            .trim()
            .parse::<i64>()
            .is_ok_and(|n| (min..=max).contains(&n)),
        ParamValue::OneOf(values) => values.contains(&value),
        ParamValue::List { item, max } => {
            let items: Vec<&str> = value.split(',').map(str::trim).collect();
            items.len() <= max && items.iter().all(|i| list_item_ok(item, i))
        }
    }
}

fn list_item_ok(item: ListItem, s: &str) -> bool {
    match item {
        ListItem::AccountId => crate::names::is_account_id(s),
        ListItem::Region => {
            let parts: Vec<&str> = s.split('-').collect();
            parts.len() >= 3
                && parts[..parts.len() - 1]
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
                && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
                && !parts[parts.len() - 1].is_empty()
        }
        ListItem::IamPrincipalArn => {
            let p: Vec<&str> = s.splitn(6, ':').collect();
            p.len() == 6
                && p[0] == "arn"
                && p[1].starts_with("aws")
                && p[2] == "iam"
                && p[3].is_empty()
                && crate::names::is_account_id(p[4])
                && (p[5].starts_with("role/") || p[5].starts_with("user/"))
        }
    }
}

/// At most one tag key-value pair in a control scope (botocore
/// `ControlScope.Tags`).
pub const MAX_SCOPE_TAGS: usize = 1;

/// `ComplianceResourceIds`: 1 to 100 ids (botocore
/// `ComplianceResourceIdList`).
pub const MAX_SCOPE_RESOURCE_IDS: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_consistent() {
        let mut names: Vec<&str> = CONTROLS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CONTROLS.len());
        for c in CONTROLS {
            for p in c.params {
                if let Some(d) = p.default {
                    assert!(param_value_ok(p, d), "{} {}", c.name, p.name);
                }
            }
            assert_eq!(c.own_resource_type.is_some(), !c.scopes.resource_types);
        }
    }

    #[test]
    fn parameter_values() {
        let c = control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION").unwrap();
        assert!(param_value_ok(&c.params[0], "us-west-2, eu-central-1"));
        assert!(!param_value_ok(&c.params[0], "us-west-2,a,b,c"));
        assert!(!param_value_ok(&c.params[0], "uswest2"));
        let c = control("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED").unwrap();
        assert!(param_value_ok(
            &c.params[0],
            "arn:aws:iam::123456789012:role/a,arn:aws:iam::123456789012:role/b/c"
        ));
        assert!(!param_value_ok(&c.params[0], "role/a"));
        let c = control("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK").unwrap();
        assert!(param_value_ok(&c.params[0], "35"));
        assert!(!param_value_ok(&c.params[0], "0"));
        assert!(!param_value_ok(&c.params[1], "weeks"));
        assert_eq!(max_recovery_point_age("days"), 31);
    }
}
