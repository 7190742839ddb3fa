//! The one table of AWS Backup operations the emulator implements: HTTP
//! method, path template (the model's `http.requestUri`), botocore name and
//! handler. Routing (`router`), the `/__emulator/operations` listing, the
//! request counters and the dispatch are all read from it, so an operation
//! is added in one line here.

use crate::error::OpResult;
use crate::ops::{
    air_gapped, copy_jobs, frameworks, jobs, legal_holds, plans, report_plans, restore_jobs,
    restore_selections as rsel, restore_testing as rtp, selections, settings, tags, tiering,
    vaults, Req,
};
use crate::state::Store;

/// What answers one operation.
pub type Handler = fn(&mut Store, &Req<'_>) -> OpResult;

/// One row of the table.
pub struct Operation {
    /// HTTP method of the model's `http.method`.
    pub method: &'static str,
    /// Path template: `{}` is one URI label, `{+}` the rest of the path
    /// (ARNs); trailing slashes are ignored on both sides.
    pub path: &'static str,
    /// The botocore operation name (also the counter's name).
    pub name: &'static str,
    pub handler: Handler,
}

impl Operation {
    /// Whether the operation changes state (so a state file must be
    /// rewritten): every operation that is not a GET (Describe, Get, List).
    pub fn mutates(&self) -> bool {
        self.method != "GET"
    }

    /// The HTTP status of a success: the model's `http.responseCode` where
    /// it is not 200.
    pub fn success_status(&self) -> u16 {
        match self.name {
            "CancelLegalHold"
            | "CreateBackupAccessPoint"
            | "CreateRestoreTestingPlan"
            | "CreateRestoreTestingSelection"
            | "StartScanJob" => 201,
            "AssociateBackupVaultMpaApprovalTeam"
            | "DeleteBackupAccessPoint"
            | "DeleteRestoreTestingPlan"
            | "DeleteRestoreTestingSelection"
            | "DisassociateBackupVaultMpaApprovalTeam"
            | "DisassociateRecoveryPointFromParent"
            | "PutRestoreValidationResult" => 204,
            _ => 200,
        }
    }
}

const fn op(
    method: &'static str,
    path: &'static str,
    name: &'static str,
    handler: Handler,
) -> Operation {
    Operation {
        method,
        path,
        name,
        handler,
    }
}

/// Every operation, in the order `/__emulator/operations` lists them.
#[rustfmt::skip]
pub const OPERATIONS: &[Operation] = &[
    op("PUT", "/backup-vaults/{}", "CreateBackupVault", vaults::create),
    op("GET", "/backup-vaults/{}", "DescribeBackupVault", vaults::describe),
    op("GET", "/backup-vaults", "ListBackupVaults", vaults::list),
    op("DELETE", "/backup-vaults/{}", "DeleteBackupVault", vaults::delete),
    op("PUT", "/backup-vaults/{}/access-policy", "PutBackupVaultAccessPolicy", vaults::put_policy),
    op("GET", "/backup-vaults/{}/access-policy", "GetBackupVaultAccessPolicy", vaults::get_policy),
    op("DELETE", "/backup-vaults/{}/access-policy", "DeleteBackupVaultAccessPolicy", vaults::delete_policy),
    op("PUT", "/backup-vaults/{}/notification-configuration", "PutBackupVaultNotifications", vaults::put_notifications),
    op("GET", "/backup-vaults/{}/notification-configuration", "GetBackupVaultNotifications", vaults::get_notifications),
    op("DELETE", "/backup-vaults/{}/notification-configuration", "DeleteBackupVaultNotifications", vaults::delete_notifications),
    op("PUT", "/backup-vaults/{}/vault-lock", "PutBackupVaultLockConfiguration", vaults::put_lock),
    op("DELETE", "/backup-vaults/{}/vault-lock", "DeleteBackupVaultLockConfiguration", vaults::delete_lock),
    op("PUT", "/logically-air-gapped-backup-vaults/{}", "CreateLogicallyAirGappedBackupVault", air_gapped::create),
    op("PUT", "/backup-vaults/{}/mpaApprovalTeam", "AssociateBackupVaultMpaApprovalTeam", air_gapped::associate_mpa),
    // The model's URI is `...mpaApprovalTeam?delete`: routing ignores the query.
    op("POST", "/backup-vaults/{}/mpaApprovalTeam", "DisassociateBackupVaultMpaApprovalTeam", air_gapped::disassociate_mpa),
    op("PUT", "/restore-access-backup-vaults", "CreateRestoreAccessBackupVault", air_gapped::create_restore_access),
    op("GET", "/logically-air-gapped-backup-vaults/{}/restore-access-backup-vaults", "ListRestoreAccessBackupVaults", air_gapped::list_restore_access),
    op("DELETE", "/logically-air-gapped-backup-vaults/{}/restore-access-backup-vaults/{}", "RevokeRestoreAccessBackupVault", air_gapped::revoke_restore_access),
    op("GET", "/backup-vaults/{}/recovery-points", "ListRecoveryPointsByBackupVault", jobs::list_recovery_points),
    op("PUT", "/backup/plans", "CreateBackupPlan", plans::create),
    op("POST", "/backup/plans/{}", "UpdateBackupPlan", plans::update),
    op("GET", "/backup/plans/{}", "GetBackupPlan", plans::get),
    op("GET", "/backup/plans", "ListBackupPlans", plans::list),
    op("DELETE", "/backup/plans/{}", "DeleteBackupPlan", plans::delete),
    op("GET", "/backup/plans/{}/versions", "ListBackupPlanVersions", plans::versions),
    op("PUT", "/backup/plans/{}/selections", "CreateBackupSelection", selections::create),
    op("GET", "/backup/plans/{}/selections/{}", "GetBackupSelection", selections::get),
    op("GET", "/backup/plans/{}/selections", "ListBackupSelections", selections::list),
    op("DELETE", "/backup/plans/{}/selections/{}", "DeleteBackupSelection", selections::delete),
    op("POST", "/tags/{+}", "TagResource", tags::tag),
    op("POST", "/untag/{+}", "UntagResource", tags::untag),
    op("GET", "/tags/{+}", "ListTags", tags::list),
    op("GET", "/global-settings", "DescribeGlobalSettings", settings::describe_global),
    op("PUT", "/global-settings", "UpdateGlobalSettings", settings::update_global),
    op("GET", "/account-settings", "DescribeRegionSettings", settings::describe_region),
    op("PUT", "/account-settings", "UpdateRegionSettings", settings::update_region),
    op("GET", "/backup-jobs", "ListBackupJobs", jobs::list_jobs),
    op("GET", "/audit/backup-job-summaries", "ListBackupJobSummaries", jobs::summaries),
    op("POST", "/audit/frameworks", "CreateFramework", frameworks::create),
    op("PUT", "/audit/frameworks/{}", "UpdateFramework", frameworks::update),
    op("GET", "/audit/frameworks/{}", "DescribeFramework", frameworks::describe),
    op("GET", "/audit/frameworks", "ListFrameworks", frameworks::list),
    op("DELETE", "/audit/frameworks/{}", "DeleteFramework", frameworks::delete),
    op("POST", "/audit/report-plans", "CreateReportPlan", report_plans::create),
    op("PUT", "/audit/report-plans/{}", "UpdateReportPlan", report_plans::update),
    op("GET", "/audit/report-plans/{}", "DescribeReportPlan", report_plans::describe),
    op("GET", "/audit/report-plans", "ListReportPlans", report_plans::list),
    op("DELETE", "/audit/report-plans/{}", "DeleteReportPlan", report_plans::delete),
    op("POST", "/legal-holds", "CreateLegalHold", legal_holds::create),
    op("GET", "/legal-holds/{}", "GetLegalHold", legal_holds::get),
    op("GET", "/legal-holds", "ListLegalHolds", legal_holds::list),
    op("DELETE", "/legal-holds/{}", "CancelLegalHold", legal_holds::cancel),
    op("GET", "/legal-holds/{}/recovery-points", "ListRecoveryPointsByLegalHold", legal_holds::recovery_points),
    op("GET", "/copy-jobs", "ListCopyJobs", copy_jobs::list),
    op("GET", "/copy-jobs/{}", "DescribeCopyJob", copy_jobs::describe),
    op("GET", "/audit/copy-job-summaries", "ListCopyJobSummaries", copy_jobs::list_summaries),
    op("GET", "/restore-jobs", "ListRestoreJobs", restore_jobs::list),
    op("GET", "/restore-jobs/{}", "DescribeRestoreJob", restore_jobs::describe),
    op("GET", "/audit/restore-job-summaries", "ListRestoreJobSummaries", restore_jobs::list_summaries),
    op("GET", "/resources/{}/restore-jobs", "ListRestoreJobsByProtectedResource", restore_jobs::list_by_resource),
    op("PUT", "/restore-testing/plans", "CreateRestoreTestingPlan", rtp::create),
    op("PUT", "/restore-testing/plans/{}", "UpdateRestoreTestingPlan", rtp::update),
    op("GET", "/restore-testing/plans/{}", "GetRestoreTestingPlan", rtp::get),
    op("GET", "/restore-testing/plans", "ListRestoreTestingPlans", rtp::list),
    op("DELETE", "/restore-testing/plans/{}", "DeleteRestoreTestingPlan", rtp::delete),
    op("PUT", "/restore-testing/plans/{}/selections", "CreateRestoreTestingSelection", rsel::create),
    op("PUT", "/restore-testing/plans/{}/selections/{}", "UpdateRestoreTestingSelection", rsel::update),
    op("GET", "/restore-testing/plans/{}/selections/{}", "GetRestoreTestingSelection", rsel::get),
    op("GET", "/restore-testing/plans/{}/selections", "ListRestoreTestingSelections", rsel::list),
    op("DELETE", "/restore-testing/plans/{}/selections/{}", "DeleteRestoreTestingSelection", rsel::delete),
    op("PUT", "/tiering-configurations", "CreateTieringConfiguration", tiering::create),
    op("PUT", "/tiering-configurations/{}", "UpdateTieringConfiguration", tiering::update),
    op("GET", "/tiering-configurations/{}", "GetTieringConfiguration", tiering::get),
    op("GET", "/tiering-configurations", "ListTieringConfigurations", tiering::list),
    op("DELETE", "/tiering-configurations/{}", "DeleteTieringConfiguration", tiering::delete),
];

/// The names of all operations, in table order.
pub fn names() -> impl Iterator<Item = &'static str> {
    OPERATIONS.iter().map(|o| o.name)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn names_and_routes_are_unique() {
        let names: HashSet<_> = names().collect();
        assert_eq!(names.len(), OPERATIONS.len());
        let routes: HashSet<_> = OPERATIONS.iter().map(|o| (o.method, o.path)).collect();
        assert_eq!(routes.len(), OPERATIONS.len());
    }

    #[test]
    fn only_reads_are_gets() {
        for o in OPERATIONS {
            let read = ["Describe", "Get", "List"]
                .iter()
                .any(|p| o.name.starts_with(p));
            assert_eq!(o.mutates(), !read, "{}", o.name);
        }
    }

    #[test]
    fn every_row_routes_to_itself() {
        for o in OPERATIONS {
            let path = o
                .path
                .replace("{+}", "arn%3Aaws%3Abackup%3Ax")
                .replace("{}", "x");
            let (found, _) = crate::router::route(o.method, &path).expect(o.name);
            assert_eq!(found.name, o.name);
        }
    }
}
