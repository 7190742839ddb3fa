//! Account and region settings: the global settings AWS Backup documents,
//! the resource types of region settings and what a fresh account starts
//! with. backupctl validates a config's settings against these names and the
//! emulator answers Describe*Settings from the defaults.

/// Keys of `UpdateGlobalSettings` (API reference, "UpdateGlobalSettings":
/// cross-account backup, multi-party approval, delegated administrator);
/// each takes `"true"` or `"false"`.
pub const GLOBAL_SETTINGS: &[&str] = &[
    "isCrossAccountBackupEnabled",
    "isMpaEnabled",
    "isDelegatedAdministratorEnabled",
];

/// Every resource type of region settings, with whether AWS opts a fresh
/// account in (`Some`), as DescribeRegionSettings answers before any
/// update. Types with a space in their name have no default there: they
/// fail the model's `ResourceType` pattern, yet AWS accepts them in
/// `ResourceTypeOptInPreference` (AWS Backup developer guide, "Service
/// opt-in"; AWS-BACKUP-FACTS.md quirk 12).
const RESOURCE_TYPE_TABLE: [(&str, Option<bool>); 19] = [
    ("Aurora", Some(true)),
    ("CloudFormation", Some(false)),
    ("DocumentDB", Some(true)),
    ("DSQL", Some(false)),
    ("DynamoDB", Some(true)),
    ("EBS", Some(true)),
    ("EC2", Some(true)),
    ("EFS", Some(true)),
    ("EKS", Some(false)),
    ("FSx", Some(true)),
    ("Neptune", Some(true)),
    ("RDS", Some(true)),
    ("Redshift", Some(false)),
    ("Redshift Serverless", None),
    ("S3", Some(false)),
    ("SAP HANA on Amazon EC2", None),
    ("Storage Gateway", None),
    ("Timestream", Some(false)),
    ("VirtualMachine", Some(true)),
];

const fn names<const N: usize>(table: [(&'static str, Option<bool>); N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = table[i].0;
        i += 1;
    }
    out
}

/// Resource types and their opt-in default (see the table's rules above).
pub const OPT_IN_DEFAULTS: &[(&str, Option<bool>)] = &RESOURCE_TYPE_TABLE;

/// Resource types AWS Backup knows for region settings (AWS Backup
/// developer guide, "Feature availability by resource", 2025).
pub const RESOURCE_TYPES: &[&str] = &names(RESOURCE_TYPE_TABLE);

/// The resource types that support full AWS Backup management, the only
/// keys `ResourceTypeManagementPreference` accepts (AWS Backup developer
/// guide, "Feature availability by resource"; the provider's examples:
/// CloudFormation, DSQL, DynamoDB, EFS).
pub const MANAGEMENT_TYPES: &[&str] = &["CloudFormation", "DSQL", "DynamoDB", "EFS"];

/// `ResourceTypeManagementPreference` of a fresh account, as
/// DescribeRegionSettings answers before any update.
pub const MANAGEMENT_DEFAULTS: &[(&str, bool)] = &[("DynamoDB", false), ("EFS", true)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_name_known_types() {
        assert_eq!(RESOURCE_TYPES.len(), OPT_IN_DEFAULTS.len());
        for (name, default) in OPT_IN_DEFAULTS {
            assert_eq!(default.is_none(), name.contains(' '), "{name}");
        }
        for (name, _) in MANAGEMENT_DEFAULTS {
            assert!(MANAGEMENT_TYPES.contains(name));
        }
        for name in MANAGEMENT_TYPES {
            assert!(RESOURCE_TYPES.contains(name));
        }
    }
}
