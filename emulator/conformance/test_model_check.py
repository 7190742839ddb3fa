"""The response validator must not be vacuous: it catches each kind of
departure from the model on synthetic responses (no server involved)."""

import json

import pytest

import model_check

MODEL = model_check.service_model()
DESCRIBE = MODEL.operation_model("DescribeBackupVault")
GOOD = {
    "BackupVaultName": "conf-vault",
    "BackupVaultArn": "arn:aws:backup:us-east-1:123456789012:backup-vault:conf-vault",
    "CreationDate": 1700000000.5,
    "NumberOfRecoveryPoints": 0,
    "Locked": False,
    "VaultType": "BACKUP_VAULT",
}


BASE_HEADERS = {"x-amzn-requestid": "r-1", "content-type": "application/json"}


def check(doc, op=DESCRIBE, status=200, headers=None):
    all_headers = {**BASE_HEADERS, **(headers or {})}
    return model_check.check_response(op, status, all_headers, json.dumps(doc).encode())


def test_request_id_and_content_type_are_required():
    body = json.dumps(GOOD).encode()
    assert any("x-amzn-RequestId" in f for f in model_check.check_response(DESCRIBE, 200, {"content-type": "application/json"}, body))
    assert any("content-type" in f for f in model_check.check_response(DESCRIBE, 200, {"x-amzn-requestid": "r"}, body))


def test_good_response_passes():
    assert check(GOOD) == []


@pytest.mark.parametrize(
    "change,needle",
    [
        ({"BackupVaultARN": "x"}, "not in DescribeBackupVaultOutput"),
        ({"CreationDate": "2023-11-14T22:13:20Z"}, "epoch-seconds"),
        ({"NumberOfRecoveryPoints": "0"}, "expected integer"),
        ({"Locked": "false"}, "expected boolean"),
        ({"VaultType": "NOT_A_TYPE"}, "not one of enum"),
        ({"MinRetentionDays": True}, "expected integer"),
        ({"EncryptionKeyArn": None}, "null"),
    ],
)
def test_each_violation_is_caught(change, needle):
    found = check({**GOOD, **change})
    assert any(needle in f for f in found), found


def test_string_pattern_is_checked():
    op = MODEL.operation_model("ListBackupJobs")
    found = check({"BackupJobs": [{"BackupVaultName": "a"}]}, op)
    assert any("does not match pattern" in f for f in found), found
    assert check({"BackupJobs": [{"BackupVaultName": "ab"}]}, op) == []


def test_nested_lists_maps_and_required_members():
    op = MODEL.operation_model("GetBackupPlan")
    doc = {
        "BackupPlan": {
            "BackupPlanName": "p",
            "Rules": [{"RuleName": "r", "RuleId": "id", "RecoveryPointTags": {"k": 1}}],
        }
    }
    found = check(doc, op)
    assert any("required member 'TargetBackupVaultName'" in f for f in found), found
    assert any("RecoveryPointTags['k']" in f and "expected string" in f for f in found), found


def test_documented_resource_type_with_space_is_accepted():
    op = MODEL.operation_model("DescribeRegionSettings")
    assert check({"ResourceTypeOptInPreference": {"Storage Gateway": True}}, op) == []
    assert check({"ResourceTypeOptInPreference": {"Not Documented": True}}, op) != []


def test_errors_need_header_declared_code_and_message():
    assert any("x-amzn-ErrorType" in f for f in check({"message": "m"}, status=400))
    undeclared = check({"message": "m"}, status=400, headers={"x-amzn-errortype": "AlreadyExistsException"})
    assert any("neither declared" in f for f in undeclared), undeclared
    no_message = check({}, status=403, headers={"x-amzn-errortype": "AccessDeniedException"})
    assert any("no message" in f for f in no_message), no_message
    ok = check({"Message": "x", "Code": "ResourceNotFoundException"}, status=400,
               headers={"x-amzn-errortype": "ResourceNotFoundException:http://internal.amazon.com/"})
    assert ok == []
    extra = check({"Message": "x", "Bogus": 1}, status=400, headers={"x-amzn-errortype": "ResourceNotFoundException"})
    assert any("'Bogus'" in f for f in extra), extra


def test_success_status_must_be_the_models():
    assert any("model says 200" in f for f in check(GOOD, status=201))
