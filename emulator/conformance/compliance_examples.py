"""The Backup Audit Manager, legal hold and copy/restore job part of
test_model.py's world and examples: what `setup` adds to the world and a
valid request for each of those operations.
"""

import scenario as sc

VAULT = "conf-vault"

# Operations that act on no particular existing resource.
NEED_NO_RESOURCE = {
    "CreateFramework",
    "ListFrameworks",
    "CreateReportPlan",
    "ListReportPlans",
    "CreateLegalHold",
    "ListLegalHolds",
    "ListCopyJobs",
    "ListCopyJobSummaries",
    "ListRestoreJobs",
    "ListRestoreJobSummaries",
    "ListRestoreJobsByProtectedResource",
}


def setup(client, admin, w):
    """Frameworks, report plans (deployed: read once), a legal hold, and
    seeded copy and restore jobs."""
    for name in (sc.FRAMEWORK, "conf_fw_del"):
        w.setdefault("framework_arn", client.create_framework(
            FrameworkName=name, FrameworkControls=[sc.retention_control()])["FrameworkArn"])
        client.describe_framework(FrameworkName=name)
    for name in (sc.REPORT_PLAN, "conf_rp_del"):
        client.create_report_plan(
            ReportPlanName=name,
            ReportDeliveryChannel=sc.delivery_channel(),
            ReportSetting={"ReportTemplate": "BACKUP_JOB_REPORT"},
        )
        client.describe_report_plan(ReportPlanName=name)
    w["legal_hold_id"] = client.create_legal_hold(
        Title="conf-hold", Description="conformance", RecoveryPointSelection={"VaultNames": [VAULT]}
    )["LegalHoldId"]
    client.get_legal_hold(LegalHoldId=w["legal_hold_id"])
    admin.seed_copy_jobs([sc.copy_job(job_id=sc.COPY_JOB_ID)])
    admin.seed_restore_jobs([
        sc.restore_job(job_id=sc.RESTORE_JOB_ID, RestoreTestingPlanArn=sc.RESTORE_TESTING_PLAN_ARN,
                       ValidationStatus="SUCCESSFUL"),
    ])


EXAMPLES = {
    "CreateFramework": lambda w: {
        "FrameworkName": "conf_fw_new",
        "FrameworkDescription": "new",
        "FrameworkControls": [sc.retention_control(scope={"ComplianceResourceTypes": ["EBS"]})],
        "FrameworkTags": {"team": "conformance"},
        "IdempotencyToken": "fw-new-1",
    },
    "UpdateFramework": lambda w: {
        "FrameworkName": sc.FRAMEWORK,
        "FrameworkDescription": "updated",
        "FrameworkControls": [sc.retention_control("90")],
    },
    "DescribeFramework": lambda w: {"FrameworkName": sc.FRAMEWORK},
    "ListFrameworks": lambda w: {"MaxResults": 10},
    "DeleteFramework": lambda w: {"FrameworkName": "conf_fw_del"},
    "CreateReportPlan": lambda w: {
        "ReportPlanName": "conf_rp_new",
        "ReportDeliveryChannel": sc.delivery_channel(),
        "ReportSetting": {
            "ReportTemplate": "CONTROL_COMPLIANCE_REPORT",
            "FrameworkArns": [w.get("framework_arn", "arn:aws:backup:us-east-1:123456789012:framework:x-1")],
        },
        "ReportPlanTags": {"team": "conformance"},
        "IdempotencyToken": "rp-new-1",
    },
    "UpdateReportPlan": lambda w: {
        "ReportPlanName": sc.REPORT_PLAN,
        "ReportDeliveryChannel": sc.delivery_channel("conf-reports-2"),
        "ReportSetting": {"ReportTemplate": "BACKUP_JOB_REPORT"},
    },
    "DescribeReportPlan": lambda w: {"ReportPlanName": sc.REPORT_PLAN},
    "ListReportPlans": lambda w: {"MaxResults": 10},
    "DeleteReportPlan": lambda w: {"ReportPlanName": "conf_rp_del"},
    "CreateLegalHold": lambda w: {
        "Title": "conf-new-hold",
        "Description": "new",
        "IdempotencyToken": "hold-new-1",
        "RecoveryPointSelection": {
            "VaultNames": [VAULT],
            "DateRange": {"FromDate": 1_600_000_000, "ToDate": 1_900_000_000},
        },
        "Tags": {"case": "1"},
    },
    "GetLegalHold": lambda w: {"LegalHoldId": w.get("legal_hold_id", "x")},
    "ListLegalHolds": lambda w: {"MaxResults": 10},
    "CancelLegalHold": lambda w: {
        "LegalHoldId": w.get("legal_hold_id", "x"),
        "CancelDescription": "done",
        "RetainRecordInDays": 7,
    },
    "ListRecoveryPointsByLegalHold": lambda w: {"LegalHoldId": w.get("legal_hold_id", "x"), "MaxResults": 10},
    "ListCopyJobs": lambda w: {"ByState": "COMPLETED", "ByResourceType": "EBS", "MaxResults": 10},
    "DescribeCopyJob": lambda w: {"CopyJobId": sc.COPY_JOB_ID},
    "ListCopyJobSummaries": lambda w: {"AggregationPeriod": "SEVEN_DAYS", "MaxResults": 10},
    "ListRestoreJobs": lambda w: {
        "ByStatus": "COMPLETED",
        "ByRestoreTestingPlanArn": sc.RESTORE_TESTING_PLAN_ARN,
        "MaxResults": 10,
    },
    "DescribeRestoreJob": lambda w: {"RestoreJobId": sc.RESTORE_JOB_ID},
    "ListRestoreJobSummaries": lambda w: {"AggregationPeriod": "ONE_DAY", "MaxResults": 10},
    "ListRestoreJobsByProtectedResource": lambda w: {"ResourceArn": sc.VOLUME_ARN, "ByStatus": "COMPLETED"},
}
