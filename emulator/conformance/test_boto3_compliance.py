"""Backup Audit Manager and legal holds through boto3: frameworks and report
plans (catalogue checks, the deployment status a waiter sees, idempotency
tokens, conflicts, tags, template rules), legal holds (statuses, cancel
rules) and seeded copy/restore jobs with their filters and summaries.
"""

import time

import pytest
from botocore.exceptions import ClientError

import scenario as sc


def code(e):
    return e.value.response["Error"]["Code"]


def test_framework_deployment_status_and_idempotency(client):
    req = dict(FrameworkName="conf_fw", FrameworkControls=[sc.retention_control()], IdempotencyToken="t-1",
               FrameworkTags={"team": "a"})
    arn = client.create_framework(**req)["FrameworkArn"]
    assert arn.startswith("arn:aws:backup:us-east-1:123456789012:framework:conf_fw-")
    assert client.create_framework(**req)["FrameworkArn"] == arn
    with pytest.raises(ClientError) as e:
        client.create_framework(**{**req, "IdempotencyToken": "t-2"})
    assert code(e) == "AlreadyExistsException"
    assert e.value.response["Arn"] == arn
    seen = [client.describe_framework(FrameworkName="conf_fw")["DeploymentStatus"] for _ in range(2)]
    assert seen == ["CREATE_IN_PROGRESS", "COMPLETED"]
    assert client.list_tags(ResourceArn=arn)["Tags"] == {"team": "a"}
    client.update_framework(FrameworkName="conf_fw", FrameworkControls=[sc.retention_control("60")])
    with pytest.raises(ClientError) as e:
        client.delete_framework(FrameworkName="conf_fw")
    assert code(e) == "ConflictException"
    # The conflict answered the update's progress: a retry goes through.
    client.delete_framework(FrameworkName="conf_fw")
    assert client.describe_framework(FrameworkName="conf_fw")["DeploymentStatus"] == "DELETE_IN_PROGRESS"
    with pytest.raises(ClientError) as e:
        client.describe_framework(FrameworkName="conf_fw")
    assert code(e) == "ResourceNotFoundException"


@pytest.mark.parametrize(
    "control",
    [
        {"ControlName": "NOT_A_CONTROL"},
        sc.retention_control("0"),
        sc.retention_control("35", scope={"Tags": {"a": "1", "b": "2"}}),
        sc.retention_control("35", scope={"ComplianceResourceIds": ["vol-1"]}),
        {"ControlName": "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
         "ControlInputParameters": [{"ParameterName": "crossAccountList", "ParameterValue": "12345"}]},
        {"ControlName": "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
         "ControlInputParameters": [{"ParameterName": "minRetentionDays", "ParameterValue": "30"},
                                    {"ParameterName": "maxRetentionDays", "ParameterValue": "7"}]},
        {"ControlName": "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
         "ControlScope": {"ComplianceResourceTypes": ["EBS"]}},
    ],
)
def test_framework_controls_outside_the_catalogue_are_refused(client, control):
    with pytest.raises(ClientError) as e:
        client.create_framework(FrameworkName="conf_bad", FrameworkControls=[control])
    assert code(e) == "InvalidParameterValueException"


def test_every_documented_control_is_accepted(client):
    controls = [
        {"ControlName": "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
         "ControlScope": {"ComplianceResourceTypes": ["RDS"]}},
        {"ControlName": "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
         "ControlInputParameters": [{"ParameterName": "requiredRetentionDays", "ParameterValue": "35"},
                                    {"ParameterName": "requiredFrequencyUnit", "ParameterValue": "hours"},
                                    {"ParameterName": "requiredFrequencyValue", "ParameterValue": "24"}],
         "ControlScope": {"Tags": {"key1": "prod"}}},
        {"ControlName": "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
         "ControlInputParameters": [{"ParameterName": "principalArnList",
                                     "ParameterValue": "arn:aws:iam::123456789012:role/a, arn:aws:iam::123456789012:role/service-role/b"}],
         "ControlScope": {"ComplianceResourceIds": ["default"],
                          "ComplianceResourceTypes": ["AWS::Backup::BackupVault"]}},
        sc.retention_control(scope={}),
        {"ControlName": "BACKUP_RECOVERY_POINT_ENCRYPTED", "ControlInputParameters": []},
        {"ControlName": "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
         "ControlInputParameters": [{"ParameterName": "crossRegionList", "ParameterValue": "us-west-2"}]},
        {"ControlName": "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
         "ControlInputParameters": [{"ParameterName": "crossAccountList", "ParameterValue": "111122223333"}]},
        {"ControlName": "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK"},
        {"ControlName": "BACKUP_LAST_RECOVERY_POINT_CREATED",
         "ControlInputParameters": [{"ParameterName": "recoveryPointAgeUnit", "ParameterValue": "days"},
                                    {"ParameterName": "recoveryPointAgeValue", "ParameterValue": "1"}]},
        {"ControlName": "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
         "ControlInputParameters": [{"ParameterName": "maxRestoreTime", "ParameterValue": "720"}],
         "ControlScope": {"ComplianceResourceTypes": ["DynamoDB"]}},
        {"ControlName": "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT",
         "ControlInputParameters": [{"ParameterName": "recoveryPointAgeValue", "ParameterValue": "10"},
                                    {"ParameterName": "recoveryPointAgeUnit", "ParameterValue": "days"}]},
    ]
    client.create_framework(FrameworkName="conf_all", FrameworkControls=controls)
    got = client.describe_framework(FrameworkName="conf_all")["FrameworkControls"]
    assert got == controls
    assert client.list_frameworks()["Frameworks"][0]["NumberOfControls"] == len(controls)


def test_report_plan_template_rules(client):
    fw = client.create_framework(FrameworkName="conf_fw", FrameworkControls=[sc.retention_control()])
    with pytest.raises(ClientError) as e:
        client.create_report_plan(ReportPlanName="conf_rp", ReportDeliveryChannel=sc.delivery_channel(),
                                  ReportSetting={"ReportTemplate": "RESOURCE_COMPLIANCE_REPORT"})
    assert code(e) == "MissingParameterValueException"
    with pytest.raises(ClientError) as e:
        client.create_report_plan(ReportPlanName="conf_rp", ReportDeliveryChannel=sc.delivery_channel(),
                                  ReportSetting={"ReportTemplate": "COPY_JOB_REPORT",
                                                 "FrameworkArns": [fw["FrameworkArn"]]})
    assert code(e) == "InvalidParameterValueException"
    for template in ("BACKUP_JOB_REPORT", "COPY_JOB_REPORT", "RESTORE_JOB_REPORT", "SCAN_JOB_REPORT"):
        client.create_report_plan(ReportPlanName=f"conf_{template.lower()}",
                                  ReportDeliveryChannel=sc.delivery_channel(),
                                  ReportSetting={"ReportTemplate": template})
    out = client.create_report_plan(
        ReportPlanName="conf_rp", ReportDeliveryChannel=sc.delivery_channel(),
        ReportSetting={"ReportTemplate": "RESOURCE_COMPLIANCE_REPORT", "FrameworkArns": [fw["FrameworkArn"]],
                       "Accounts": ["ROOT"], "Regions": ["*"]},
        ReportPlanTags={"k": "v"})
    assert client.list_tags(ResourceArn=out["ReportPlanArn"])["Tags"] == {"k": "v"}
    plan = client.describe_report_plan(ReportPlanName="conf_rp")["ReportPlan"]
    assert plan["DeploymentStatus"] == "CREATE_IN_PROGRESS"
    assert plan["ReportSetting"]["FrameworkArns"] == [fw["FrameworkArn"]]
    assert len(client.list_report_plans()["ReportPlans"]) == 5
    with pytest.raises(ClientError) as e:
        client.update_report_plan(ReportPlanName="conf_rp", ReportSetting={"ReportTemplate": "BACKUP_JOB_REPORT"})
    assert code(e) == "InvalidParameterValueException"


def test_legal_hold_statuses_and_cancel_rules(client):
    hold = client.create_legal_hold(Title="t", Description="d", IdempotencyToken="h-1")
    assert hold["Status"] == "CREATING"
    assert client.create_legal_hold(Title="t", Description="d", IdempotencyToken="h-1")["LegalHoldId"] == hold["LegalHoldId"]
    hid = hold["LegalHoldId"]
    assert client.get_legal_hold(LegalHoldId=hid)["Status"] == "CREATING"
    assert client.get_legal_hold(LegalHoldId=hid)["Status"] == "ACTIVE"
    resp = client.cancel_legal_hold(LegalHoldId=hid, CancelDescription="closed")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
    got = client.get_legal_hold(LegalHoldId=hid)
    assert (got["Status"], got["CancelDescription"]) == ("CANCELING", "closed")
    assert client.list_legal_holds()["LegalHolds"][0]["Status"] == "CANCELED"
    with pytest.raises(ClientError) as e:
        client.cancel_legal_hold(LegalHoldId=hid, CancelDescription="again")
    assert code(e) == "InvalidResourceStateException"
    with pytest.raises(ClientError) as e:
        client.create_legal_hold(Title="t", Description="d",
                                 RecoveryPointSelection={"DateRange": {"FromDate": 2_000_000_000, "ToDate": 1}})
    assert code(e) == "InvalidParameterValueException"


def test_seeded_copy_and_restore_jobs(client, admin):
    now = int(time.time())
    admin.seed_copy_jobs([sc.copy_job(created=now - 100), sc.copy_job(created=now - 50, state="FAILED",
                                                                     MessageCategory="AccessDenied")])
    admin.seed_restore_jobs([
        sc.restore_job(created=now - 100, RestoreTestingPlanArn=sc.RESTORE_TESTING_PLAN_ARN,
                       ValidationStatus="VALIDATING"),
        sc.restore_job(created=now - 50, status="FAILED"),
    ])
    failed = client.list_copy_jobs(ByState="FAILED")["CopyJobs"]
    assert [j["MessageCategory"] for j in failed] == ["AccessDenied"]
    assert client.describe_copy_job(CopyJobId=failed[0]["CopyJobId"])["CopyJob"]["State"] == "FAILED"
    summaries = client.list_copy_job_summaries(AggregationPeriod="SEVEN_DAYS", State="ANY")["CopyJobSummaries"]
    assert sorted(s["State"] for s in summaries) == ["COMPLETED", "FAILED"]
    tested = client.list_restore_jobs(ByRestoreTestingPlanArn=sc.RESTORE_TESTING_PLAN_ARN)["RestoreJobs"]
    assert len(tested) == 1 and tested[0]["ValidationStatus"] == "VALIDATING"
    assert tested[0]["CreatedBy"] == {"RestoreTestingPlanArn": sc.RESTORE_TESTING_PLAN_ARN}
    one = client.describe_restore_job(RestoreJobId=tested[0]["RestoreJobId"])
    assert one["Status"] == "COMPLETED"
    summaries = client.list_restore_job_summaries(AggregationPeriod="ONE_DAY", State="AGGREGATE_ALL")
    assert sum(s["Count"] for s in summaries["RestoreJobSummaries"]) == 2
    assert len(client.list_restore_jobs(ByCreatedAfter=now - 75)["RestoreJobs"]) == 1
