"""The one list of places where moto_server 5.2.5 and the emulator answer the
differential scenario (test_differential.py) differently, each with the
public evidence that the emulator's answer is real AWS's. Mirrored in
KNOWN_DIFFERENCES.md. In `step`, `path`, `moto` and `emulator`, `*` matches
anything; every entry must match at least one observed difference and every
observed difference must match an entry.
"""

_MISSING_VAULT = (
    "Real AWS answers DescribeBackupVault (and ListRecoveryPointsByBackupVault) for a vault "
    "that does not exist with HTTP 403 AccessDeniedException 'Insufficient privileges to "
    "perform this action.', not ResourceNotFoundException: aws-sdk-js#2625, amazon.aws "
    "PR #1436, steampipe-plugin-aws#1156, boto3#2269 (AWS-BACKUP-FACTS.md quirk 1)."
)
_IDEMPOTENCY = (
    "CreatorRequestId is the idempotency token of CreateBackupVault/CreateBackupPlan/"
    "CreateBackupSelection: the botocore model marks it `idempotencyToken` (the SDKs fill a "
    "random one so that a retried request is recognised) and the AWS documentation says a "
    "repeated request with the same id returns the existing resource (AWS-BACKUP-FACTS.md "
    "quirk 6). moto ignores CreatorRequestId (moto/backup/models.py only compares names)."
)
_ALREADY_EXISTS_MEMBERS = (
    "The model's AlreadyExistsException has members CreatorRequestId and Arn so the caller "
    "can find the existing resource; clients rely on AWS's AlreadyExistsException for a "
    "repeated create (ansible/ansible PR #53655; AWS-BACKUP-FACTS.md quirk 6). moto's "
    "error carries only a message."
)
_VAULT_FIELDS = (
    "AWS returns EncryptionKeyArn (the default aws/backup KMS key when none was given), "
    "VaultType, VaultState and NumberOfRecoveryPoints for every vault in DescribeBackupVault, "
    "and the list members in ListBackupVaults (model shapes DescribeBackupVaultOutput and "
    "BackupVaultListMember; AWS-BACKUP-FACTS.md quirk 7). moto never sets them."
)
_VALIDATION = (
    "AWS validates BackupVaultName against the model's pattern ^[a-zA-Z0-9\\-\\_]{2,50}$ "
    "(model shape BackupVaultName; AWS-BACKUP-FACTS.md 'Constraints') and answers "
    "InvalidParameterValueException; moto validates nothing and stores the vault."
)
_PAGINATION = (
    "ListBackupVaults honours MaxResults (1..1000) and returns an opaque NextToken; botocore "
    "ships a paginator for it (AWS-BACKUP-FACTS.md 'Protocol'). moto returns every vault "
    "and no NextToken (its list_backup_vaults says 'Pagination is not yet implemented')."
)
_DELETE_MISSING = (
    "Model-based, not verified against a public report: the model declares "
    "ResourceNotFoundException for DeleteBackupVault and the emulator answers it for a vault "
    "that does not exist; moto silently succeeds (its delete_backup_vault ignores a missing "
    "vault). AWS may instead answer AccessDeniedException as for DescribeBackupVault; if a "
    "public report shows that, change the emulator and this entry."
)

_REPORT_PLAN_ARN = (
    "The Service Authorization Reference for AWS Backup gives the reportPlan resource ARN as "
    "arn:${Partition}:backup:${Region}:${Account}:report-plan:${ReportPlanName}-${ReportPlanId} "
    "(and framework:${FrameworkName}-${FrameworkId}); the AWS Backup developer guide's "
    "'Creating frameworks using the AWS Backup API' shows framework ARNs as NAME-<uuid>. "
    "moto builds report-plan:NAME without the id."
)
_DEPLOYMENT_STATUS = (
    "The model documents DeploymentStatus CREATE_IN_PROGRESS | UPDATE_IN_PROGRESS | "
    "DELETE_IN_PROGRESS | COMPLETED for report plans, and hashicorp/terraform-provider-aws "
    "(internal/service/backup/report_plan.go, 5.100) polls DescribeReportPlan while "
    "CREATE_IN_PROGRESS after CreateReportPlan and while DELETE_IN_PROGRESS after "
    "DeleteReportPlan, so AWS deploys and deletes asynchronously. The emulator answers the "
    "in-progress status to the first read after a change, then completes it (ops/audit.rs); "
    "moto is COMPLETED at once and forgets a deleted plan at once."
)

KNOWN_DIFFERENCES = [
    # Report plans (Backup Audit Manager).
    {"step": "*report-plan*", "path": "ok.*ReportPlanArn", "moto": "*:report-plan:diff_report",
     "emulator": "*:report-plan:diff_report-<uuid>", "topic": "report plan ARN carries an id",
     "evidence": _REPORT_PLAN_ARN},
    {"step": "describe-report-plan", "path": "ok.ReportPlan.DeploymentStatus", "moto": "COMPLETED",
     "emulator": "CREATE_IN_PROGRESS", "topic": "report plans deploy asynchronously",
     "evidence": _DEPLOYMENT_STATUS},
    {"step": "describe-deleted-report-plan", "path": "outcome",
     "moto": '{"error": {"Code": "ResourceNotFoundException", "HTTPStatusCode": 400}}',
     "emulator": '{"ok": {"ReportPlan": {*"DeploymentStatus": "DELETE_IN_PROGRESS"*}}}',
     "topic": "report plans are deleted asynchronously", "evidence": _DEPLOYMENT_STATUS},
    # Missing vault: AccessDeniedException 403.
    {"step": "describe-missing-vault", "path": "error.Code", "moto": "ResourceNotFoundException",
     "emulator": "AccessDeniedException", "topic": "missing-vault error code", "evidence": _MISSING_VAULT},
    {"step": "describe-missing-vault", "path": "error.HTTPStatusCode", "moto": "400",
     "emulator": "403", "topic": "missing-vault error code", "evidence": _MISSING_VAULT},
    # CreatorRequestId idempotency.
    {"step": "create-vault-same-request-id", "path": "outcome",
     "moto": '{"error": {"Code": "AlreadyExistsException", "HTTPStatusCode": 400}}',
     "emulator": '{"ok": {"BackupVaultArn": "arn:aws:backup:us-east-1:123456789012:backup-vault:diff-vault", '
                 '"BackupVaultName": "diff-vault", "CreationDate": "<timestamp>"}}',
     "topic": "CreatorRequestId idempotency", "evidence": _IDEMPOTENCY},
    # AlreadyExistsException members.
    {"step": "create-vault-other-request-id", "path": "error.CreatorRequestId", "moto": "<absent>",
     "emulator": "cv-1", "topic": "AlreadyExistsException carries CreatorRequestId",
     "evidence": _ALREADY_EXISTS_MEMBERS},
    {"step": "create-vault-other-request-id", "path": "error.Arn", "moto": "<absent>",
     "emulator": "arn:aws:backup:us-east-1:123456789012:backup-vault:diff-vault",
     "topic": "AlreadyExistsException carries Arn", "evidence": _ALREADY_EXISTS_MEMBERS},
    {"step": "create-plan-same-*", "path": "error.CreatorRequestId", "moto": "<absent>",
     "emulator": "cp-1", "topic": "AlreadyExistsException carries CreatorRequestId",
     "evidence": _ALREADY_EXISTS_MEMBERS},
    {"step": "create-plan-same-*", "path": "error.Arn", "moto": "<absent>",
     "emulator": "arn:aws:backup:us-east-1:123456789012:backup-plan:<id>",
     "topic": "AlreadyExistsException carries Arn", "evidence": _ALREADY_EXISTS_MEMBERS},
    # Vault fields moto never sets.
    {"step": "*", "path": "ok.*EncryptionKeyArn", "moto": "<absent>",
     "emulator": "arn:aws:kms:us-east-1:123456789012:key/<id>", "topic": "vault fields",
     "evidence": _VAULT_FIELDS},
    {"step": "*", "path": "ok.*VaultType", "moto": "<absent>", "emulator": "BACKUP_VAULT",
     "topic": "vault fields", "evidence": _VAULT_FIELDS},
    {"step": "*", "path": "ok.*VaultState", "moto": "<absent>", "emulator": "AVAILABLE",
     "topic": "vault fields", "evidence": _VAULT_FIELDS},
    {"step": "describe-*vault", "path": "ok.NumberOfRecoveryPoints", "moto": "<absent>",
     "emulator": "0", "topic": "vault fields", "evidence": _VAULT_FIELDS},
    # Validation.
    {"step": "create-invalid-vault-name", "path": "outcome", "moto": '{"ok": *}',
     "emulator": '{"error": {"Code": "InvalidParameterValueException", "HTTPStatusCode": 400}}',
     "topic": "validation", "evidence": _VALIDATION},
    {"step": "list-vaults-at-end", "path": "ok.BackupVaultList[a]", "moto": "<item>",
     "emulator": "<absent>", "topic": "validation (moto kept the invalid vault)",
     "evidence": _VALIDATION},
    # Pagination.
    {"step": "list-vaults-max-2", "path": "ok.NextToken", "moto": "<absent>", "emulator": "<token>",
     "topic": "pagination", "evidence": _PAGINATION},
    {"step": "list-vaults-max-2", "path": "ok.BackupVaultList[*]", "moto": "<item>",
     "emulator": "<absent>", "topic": "pagination (moto ignores MaxResults)", "evidence": _PAGINATION},
    # Deleting a vault that does not exist.
    {"step": "delete-missing-vault", "path": "outcome", "moto": '{"ok": {}}',
     "emulator": '{"error": {"Code": "ResourceNotFoundException", "HTTPStatusCode": 400}}',
     "topic": "DeleteBackupVault of a missing vault (model-based)", "evidence": _DELETE_MISSING},
]
