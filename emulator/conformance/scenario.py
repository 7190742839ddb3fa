"""Shared request documents and setup helpers for the conformance tests
(valid plan, rule, selection and policy documents in AWS's own shapes).
"""

import json

ACCOUNT = "123456789012"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole"
VOLUME_ARN = f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/vol-0123456789abcdef0"
TOPIC_ARN = f"arn:aws:sns:us-east-1:{ACCOUNT}:backup-events"
MPA_TEAM_ARN = f"arn:aws:mpa:us-east-1:{ACCOUNT}:approval-team/conformance-team"
BUCKET_ARN = "arn:aws:s3:::conf-bucket"
TIERING = "conf_tiering"


def plan_doc(name="conf-plan", vault="conf-vault", rules=None):
    return {
        "BackupPlanName": name,
        "Rules": rules
        or [
            {
                "RuleName": "daily",
                "TargetBackupVaultName": vault,
                "ScheduleExpression": "cron(0 5 ? * * *)",
                "StartWindowMinutes": 60,
                "CompletionWindowMinutes": 180,
                "Lifecycle": {"DeleteAfterDays": 35},
            }
        ],
    }


def selection_doc(name="conf-selection"):
    return {
        "SelectionName": name,
        "IamRoleArn": ROLE_ARN,
        "Resources": [VOLUME_ARN],
    }


def rtp_doc(name="conf_rtp", vaults=("*",)):
    return {
        "RestoreTestingPlanName": name,
        "ScheduleExpression": "cron(0 5 ? * * *)",
        "RecoveryPointSelection": {
            "Algorithm": "LATEST_WITHIN_WINDOW",
            "IncludeVaults": list(vaults),
            "RecoveryPointTypes": ["SNAPSHOT"],
        },
    }


def rts_doc(name="conf_rts", rtype="EBS"):
    return {
        "RestoreTestingSelectionName": name,
        "IamRoleArn": ROLE_ARN,
        "ProtectedResourceType": rtype,
        "ProtectedResourceArns": ["*"],
    }


def tiering_doc(name=TIERING, vault="conf-vault", days=60, resources=("*",)):
    return {
        "TieringConfigurationName": name,
        "BackupVaultName": vault,
        "ResourceSelection": [
            {"ResourceType": "S3", "Resources": list(resources), "TieringDownSettingsInDays": days}
        ],
    }


def policy_doc(vault_arn):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": {"AWS": "*"},
                    "Action": "backup:DeleteRecoveryPoint",
                    "Resource": vault_arn,
                }
            ],
        }
    )


def job(vault="conf-vault", state="COMPLETED", rtype="EBS", created=1_700_000_000, **extra):
    doc = {
        "BackupVaultName": vault,
        "ResourceArn": VOLUME_ARN,
        "ResourceType": rtype,
        "State": state,
        "CreationDate": created,
    }
    doc.update(extra)
    return doc


FRAMEWORK = "conf_fw"
REPORT_PLAN = "conf_rp"
COPY_JOB_ID = "conf-copy-job-1"
RESTORE_JOB_ID = "conf-restore-job-1"
RESTORE_TESTING_PLAN_ARN = f"arn:aws:backup:us-east-1:{ACCOUNT}:restore-testing-plan:conf-rtp-1"


def retention_control(days="35", scope=None):
    ctl = {
        "ControlName": "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
        "ControlInputParameters": [{"ParameterName": "requiredRetentionDays", "ParameterValue": days}],
    }
    if scope is not None:
        ctl["ControlScope"] = scope
    return ctl


def delivery_channel(bucket="conf-reports"):
    return {"S3BucketName": bucket, "S3KeyPrefix": "audit", "Formats": ["CSV"]}


def copy_job(created=1_700_000_000, state="COMPLETED", job_id=None, **extra):
    doc = {
        "SourceBackupVaultName": "conf-vault",
        "DestinationBackupVaultArn": f"arn:aws:backup:eu-west-1:{ACCOUNT}:backup-vault:conf-dr",
        "ResourceArn": VOLUME_ARN,
        "ResourceType": "EBS",
        "State": state,
        "CreationDate": created,
    }
    if job_id:
        doc["CopyJobId"] = job_id
    doc.update(extra)
    return doc


def restore_job(created=1_700_000_000, status="COMPLETED", job_id=None, **extra):
    doc = {
        "Status": status,
        "CreationDate": created,
        "ResourceType": "EBS",
        "SourceResourceArn": VOLUME_ARN,
        "RecoveryPointCreationDate": created - 3600,
        "BackupVaultName": "conf-vault",
    }
    if job_id:
        doc["RestoreJobId"] = job_id
    doc.update(extra)
    return doc
