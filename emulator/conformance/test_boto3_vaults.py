"""boto3 against the emulator: backup vaults, access policies, notifications,
vault lock and recovery points, success and error paths with AWS's codes and
HTTP statuses (see ../../../shared/design/AWS-BACKUP-FACTS.md).
"""

import datetime
import json
import re

import pytest
from botocore.exceptions import ClientError

import scenario as sc

VAULT_ARN = re.compile(r"^arn:aws:backup:us-east-1:123456789012:backup-vault:conf-vault$")


def error_of(excinfo):
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


def test_create_describe_list_delete_vault(client):
    created = client.create_backup_vault(
        BackupVaultName="conf-vault", CreatorRequestId="req-1", BackupVaultTags={"k": "v"}
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert created["BackupVaultName"] == "conf-vault"
    assert VAULT_ARN.match(created["BackupVaultArn"])
    assert isinstance(created["CreationDate"], datetime.datetime)

    d = client.describe_backup_vault(BackupVaultName="conf-vault")
    assert d["BackupVaultArn"] == created["BackupVaultArn"]
    assert d["CreationDate"] == created["CreationDate"]
    assert d["CreatorRequestId"] == "req-1"
    assert d["NumberOfRecoveryPoints"] == 0
    assert d["Locked"] is False
    assert d["VaultType"] == "BACKUP_VAULT"
    assert re.match(r"^arn:aws:kms:us-east-1:123456789012:key/", d["EncryptionKeyArn"])

    listed = client.list_backup_vaults()["BackupVaultList"]
    assert [v["BackupVaultName"] for v in listed] == ["conf-vault"]
    assert listed[0]["BackupVaultArn"] == created["BackupVaultArn"]

    deleted = client.delete_backup_vault(BackupVaultName="conf-vault")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert client.list_backup_vaults()["BackupVaultList"] == []


def test_describe_missing_vault_is_access_denied_403(client):
    # AWS answers 403 AccessDeniedException, not ResourceNotFoundException
    # (aws-sdk-js#2625, amazon.aws PR #1436, steampipe-plugin-aws#1156).
    with pytest.raises(ClientError) as e:
        client.describe_backup_vault(BackupVaultName="no-such-vault")
    assert error_of(e) == ("AccessDeniedException", 403)
    assert "Insufficient privileges" in e.value.response["Error"]["Message"]


def test_list_recovery_points_of_missing_vault_is_access_denied(client):
    # Same quirk as DescribeBackupVault (boto3#2269).
    with pytest.raises(ClientError) as e:
        client.list_recovery_points_by_backup_vault(BackupVaultName="no-such-vault")
    assert error_of(e) == ("AccessDeniedException", 403)


def test_duplicate_vault_is_already_exists_with_creator_request_id_and_arn(client):
    arn = client.create_backup_vault(BackupVaultName="conf-vault", CreatorRequestId="first")[
        "BackupVaultArn"
    ]
    with pytest.raises(ClientError) as e:
        client.create_backup_vault(BackupVaultName="conf-vault", CreatorRequestId="second")
    assert error_of(e) == ("AlreadyExistsException", 400)
    assert e.value.response["CreatorRequestId"] == "first"
    assert e.value.response["Arn"] == arn


def test_vault_create_is_idempotent_on_creator_request_id(client):
    a = client.create_backup_vault(BackupVaultName="conf-vault", CreatorRequestId="same")
    b = client.create_backup_vault(BackupVaultName="conf-vault", CreatorRequestId="same")
    assert a["BackupVaultArn"] == b["BackupVaultArn"]
    assert a["CreationDate"] == b["CreationDate"]
    assert len(client.list_backup_vaults()["BackupVaultList"]) == 1


@pytest.mark.parametrize("name", ["a", "x" * 51, "has space", "dot.ted", "sl@sh"])
def test_invalid_vault_name_is_refused(raw_client, name):
    with pytest.raises(ClientError) as e:
        raw_client.create_backup_vault(BackupVaultName=name)
    assert error_of(e) == ("InvalidParameterValueException", 400)
    assert raw_client.list_backup_vaults()["BackupVaultList"] == []


def test_delete_missing_vault_is_refused(client):
    with pytest.raises(ClientError) as e:
        client.delete_backup_vault(BackupVaultName="no-such-vault")
    code, status = error_of(e)
    assert (code, status) in {("ResourceNotFoundException", 400), ("AccessDeniedException", 403)}


def test_delete_vault_with_recovery_points_is_refused(client, admin):
    client.create_backup_vault(BackupVaultName="conf-vault")
    admin.seed_recovery_points("conf-vault", 3)
    assert client.describe_backup_vault(BackupVaultName="conf-vault")["NumberOfRecoveryPoints"] == 3
    points = client.list_recovery_points_by_backup_vault(BackupVaultName="conf-vault")["RecoveryPoints"]
    assert len(points) == 3
    assert {p["BackupVaultName"] for p in points} == {"conf-vault"}
    assert len({p["RecoveryPointArn"] for p in points}) == 3
    with pytest.raises(ClientError) as e:
        client.delete_backup_vault(BackupVaultName="conf-vault")
    assert error_of(e) == ("InvalidRequestException", 400)
    assert client.describe_backup_vault(BackupVaultName="conf-vault")["BackupVaultName"] == "conf-vault"


def test_access_policy_put_get_replace_delete(client):
    arn = client.create_backup_vault(BackupVaultName="conf-vault")["BackupVaultArn"]
    with pytest.raises(ClientError) as e:
        client.get_backup_vault_access_policy(BackupVaultName="conf-vault")
    assert error_of(e) == ("ResourceNotFoundException", 400)

    policy = sc.policy_doc(arn)
    client.put_backup_vault_access_policy(BackupVaultName="conf-vault", Policy=policy)
    got = client.get_backup_vault_access_policy(BackupVaultName="conf-vault")
    assert got["BackupVaultName"] == "conf-vault"
    assert got["BackupVaultArn"] == arn
    assert json.loads(got["Policy"]) == json.loads(policy)

    replaced = json.loads(policy)
    replaced["Statement"][0]["Action"] = "backup:*"
    client.put_backup_vault_access_policy(BackupVaultName="conf-vault", Policy=json.dumps(replaced))
    got = client.get_backup_vault_access_policy(BackupVaultName="conf-vault")
    assert json.loads(got["Policy"]) == replaced

    client.delete_backup_vault_access_policy(BackupVaultName="conf-vault")
    with pytest.raises(ClientError) as e:
        client.get_backup_vault_access_policy(BackupVaultName="conf-vault")
    assert error_of(e) == ("ResourceNotFoundException", 400)


def test_access_policy_that_is_not_json_is_refused(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    with pytest.raises(ClientError) as e:
        client.put_backup_vault_access_policy(BackupVaultName="conf-vault", Policy="{not json")
    assert error_of(e) == ("InvalidParameterValueException", 400)


def test_get_access_policy_of_missing_vault_is_access_denied(client):
    # terraform-provider-aws PR #19749: AccessDenied, not ResourceNotFound.
    with pytest.raises(ClientError) as e:
        client.get_backup_vault_access_policy(BackupVaultName="no-such-vault")
    assert error_of(e) == ("AccessDeniedException", 403)


def test_access_policy_on_missing_vault(client):
    with pytest.raises(ClientError) as e:
        client.put_backup_vault_access_policy(BackupVaultName="no-such-vault", Policy="{}")
    assert error_of(e)[0] in {"ResourceNotFoundException", "AccessDeniedException"}


def test_notifications_put_get_delete(client):
    arn = client.create_backup_vault(BackupVaultName="conf-vault")["BackupVaultArn"]
    with pytest.raises(ClientError) as e:
        client.get_backup_vault_notifications(BackupVaultName="conf-vault")
    assert error_of(e) == ("ResourceNotFoundException", 400)
    events = ["BACKUP_JOB_COMPLETED", "RESTORE_JOB_FAILED"]
    client.put_backup_vault_notifications(
        BackupVaultName="conf-vault", SNSTopicArn=sc.TOPIC_ARN, BackupVaultEvents=events
    )
    got = client.get_backup_vault_notifications(BackupVaultName="conf-vault")
    assert got["BackupVaultName"] == "conf-vault"
    assert got["BackupVaultArn"] == arn
    assert got["SNSTopicArn"] == sc.TOPIC_ARN
    assert sorted(got["BackupVaultEvents"]) == sorted(events)

    # Put replaces the whole document.
    client.put_backup_vault_notifications(
        BackupVaultName="conf-vault", SNSTopicArn=sc.TOPIC_ARN, BackupVaultEvents=["COPY_JOB_FAILED"]
    )
    got = client.get_backup_vault_notifications(BackupVaultName="conf-vault")
    assert got["BackupVaultEvents"] == ["COPY_JOB_FAILED"]

    client.delete_backup_vault_notifications(BackupVaultName="conf-vault")
    with pytest.raises(ClientError) as e:
        client.get_backup_vault_notifications(BackupVaultName="conf-vault")
    assert error_of(e) == ("ResourceNotFoundException", 400)


def test_notifications_with_unknown_event_is_refused(raw_client):
    raw_client.create_backup_vault(BackupVaultName="conf-vault")
    with pytest.raises(ClientError) as e:
        raw_client.put_backup_vault_notifications(
            BackupVaultName="conf-vault", SNSTopicArn=sc.TOPIC_ARN, BackupVaultEvents=["NOT_AN_EVENT"]
        )
    assert error_of(e) == ("InvalidParameterValueException", 400)


def test_governance_vault_lock_is_reflected_in_describe_and_list(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    client.put_backup_vault_lock_configuration(
        BackupVaultName="conf-vault", MinRetentionDays=7, MaxRetentionDays=3650
    )
    d = client.describe_backup_vault(BackupVaultName="conf-vault")
    assert d["Locked"] is True
    assert (d["MinRetentionDays"], d["MaxRetentionDays"]) == (7, 3650)
    assert "LockDate" not in d
    listed = client.list_backup_vaults()["BackupVaultList"][0]
    assert listed["Locked"] is True and listed["MinRetentionDays"] == 7

    client.delete_backup_vault_lock_configuration(BackupVaultName="conf-vault")
    d = client.describe_backup_vault(BackupVaultName="conf-vault")
    assert d["Locked"] is False
    assert "MinRetentionDays" not in d and "LockDate" not in d


def test_compliance_vault_lock_has_lock_date_and_changeable_days_never_read_back(client):
    # ChangeableForDays is write-only (terraform-provider-aws#46876); LockDate
    # is when the grace time ends. Whether `Locked` reads true during the
    # grace time is not publicly documented, so it is not asserted here.
    client.create_backup_vault(BackupVaultName="conf-vault")
    client.put_backup_vault_lock_configuration(
        BackupVaultName="conf-vault", MinRetentionDays=7, MaxRetentionDays=3650, ChangeableForDays=30
    )
    d = client.describe_backup_vault(BackupVaultName="conf-vault")
    assert (d["MinRetentionDays"], d["MaxRetentionDays"]) == (7, 3650)
    assert isinstance(d["LockDate"], datetime.datetime)
    lock_in = d["LockDate"] - d["CreationDate"]
    assert datetime.timedelta(days=29) < lock_in < datetime.timedelta(days=31)
    assert "ChangeableForDays" not in d
    # Still in the grace time: the lock can be removed.
    client.delete_backup_vault_lock_configuration(BackupVaultName="conf-vault")
    d = client.describe_backup_vault(BackupVaultName="conf-vault")
    assert d["Locked"] is False and "LockDate" not in d


@pytest.mark.parametrize(
    "params",
    [
        {"ChangeableForDays": 2},
        {"MinRetentionDays": 0},
        {"MaxRetentionDays": 36501},
        {"MinRetentionDays": 10, "MaxRetentionDays": 5},
    ],
    ids=["changeable-2", "min-0", "max-36501", "min-above-max"],
)
def test_vault_lock_constraints(client, params):
    client.create_backup_vault(BackupVaultName="conf-vault")
    with pytest.raises(ClientError) as e:
        client.put_backup_vault_lock_configuration(BackupVaultName="conf-vault", **params)
    assert error_of(e) == ("InvalidParameterValueException", 400)
    assert client.describe_backup_vault(BackupVaultName="conf-vault")["Locked"] is False


def test_vault_lock_on_missing_vault(client):
    with pytest.raises(ClientError) as e:
        client.put_backup_vault_lock_configuration(BackupVaultName="no-such-vault", MinRetentionDays=1)
    assert error_of(e)[0] in {"ResourceNotFoundException", "AccessDeniedException"}


def test_list_vaults_by_vault_type(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    assert [v["BackupVaultName"] for v in client.list_backup_vaults(ByVaultType="BACKUP_VAULT")["BackupVaultList"]] == [
        "conf-vault"
    ]
    assert client.list_backup_vaults(ByVaultType="LOGICALLY_AIR_GAPPED_BACKUP_VAULT")["BackupVaultList"] == []


def test_every_model_vault_event_is_accepted(client):
    import model_check

    events = model_check.service_model().shape_for("BackupVaultEvent").enum
    assert len(events) >= 32
    client.create_backup_vault(BackupVaultName="conf-vault")
    client.put_backup_vault_notifications(
        BackupVaultName="conf-vault", SNSTopicArn=sc.TOPIC_ARN, BackupVaultEvents=list(events)
    )
    got = client.get_backup_vault_notifications(BackupVaultName="conf-vault")["BackupVaultEvents"]
    assert sorted(got) == sorted(events)
