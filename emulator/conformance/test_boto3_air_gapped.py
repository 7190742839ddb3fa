"""boto3 against the emulator: logically air-gapped vaults (creation and
its validation, VaultState CREATING then AVAILABLE on the next read,
ListBackupVaults by type, access policy and notifications, MPA approval
team, restore access vaults, deletion refused with recovery points).
"""

import pytest
from botocore.exceptions import ClientError

import scenario as sc

LAG_ARN = "arn:aws:backup:us-east-1:123456789012:backup-vault:conf-lag"


def error_of(excinfo):
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


def make(client, name="conf-lag", **kw):
    return client.create_logically_air_gapped_backup_vault(
        BackupVaultName=name, MinRetentionDays=kw.pop("lo", 7), MaxRetentionDays=kw.pop("hi", 30), **kw
    )


def test_create_then_available_on_the_next_read(client):
    out = make(client, CreatorRequestId="lag-1", BackupVaultTags={"k": "v"})
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert out["BackupVaultArn"] == LAG_ARN
    assert out["VaultState"] == "CREATING"
    first = client.describe_backup_vault(BackupVaultName="conf-lag")
    assert first["VaultState"] == "CREATING"
    d = client.describe_backup_vault(BackupVaultName="conf-lag")
    assert d["VaultState"] == "AVAILABLE"
    assert d["VaultType"] == "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"
    assert (d["MinRetentionDays"], d["MaxRetentionDays"], d["Locked"]) == (7, 30, True)
    assert d["EncryptionKeyType"] == "AWS_OWNED_KMS_KEY"
    assert client.list_tags(ResourceArn=LAG_ARN)["Tags"] == {"k": "v"}
    # Idempotent retry.
    again = make(client, CreatorRequestId="lag-1", BackupVaultTags={"k": "v"})
    assert again["CreationDate"] == out["CreationDate"]


@pytest.mark.parametrize(
    "lo,hi",
    [(6, 30), (7, 36501), (31, 30)],
)
def test_retention_out_of_range_is_invalid(client, lo, hi):
    with pytest.raises(ClientError) as e:
        make(client, lo=lo, hi=hi)
    assert error_of(e) == ("InvalidParameterValueException", 400)


def test_missing_retention_is_missing_parameter(raw_client):
    with pytest.raises(ClientError) as e:
        raw_client.create_logically_air_gapped_backup_vault(BackupVaultName="x1", MaxRetentionDays=30)
    assert error_of(e) == ("MissingParameterValueException", 400)


def test_one_name_space_with_standard_vaults(client):
    client.create_backup_vault(BackupVaultName="conf-lag")
    with pytest.raises(ClientError) as e:
        make(client)
    assert error_of(e) == ("AlreadyExistsException", 400)


def test_list_by_type_and_shared(client):
    make(client)
    client.create_backup_vault(BackupVaultName="conf-std")
    by = lambda **kw: [v["BackupVaultName"] for v in client.list_backup_vaults(**kw)["BackupVaultList"]]
    assert by() == ["conf-lag", "conf-std"]
    assert by(ByVaultType="LOGICALLY_AIR_GAPPED_BACKUP_VAULT") == ["conf-lag"]
    assert by(ByVaultType="BACKUP_VAULT") == ["conf-std"]
    assert by(ByShared=True) == []


def test_policy_notifications_and_delete_guard(client, admin):
    make(client)
    client.put_backup_vault_access_policy(BackupVaultName="conf-lag", Policy=sc.policy_doc(LAG_ARN))
    assert client.get_backup_vault_access_policy(BackupVaultName="conf-lag")["Policy"] == sc.policy_doc(LAG_ARN)
    client.put_backup_vault_notifications(
        BackupVaultName="conf-lag", SNSTopicArn=sc.TOPIC_ARN, BackupVaultEvents=["BACKUP_JOB_FAILED"]
    )
    n = client.get_backup_vault_notifications(BackupVaultName="conf-lag")
    assert n["BackupVaultEvents"] == ["BACKUP_JOB_FAILED"]
    with pytest.raises(ClientError) as e:
        client.put_backup_vault_lock_configuration(BackupVaultName="conf-lag", MinRetentionDays=1)
    assert error_of(e) == ("InvalidRequestException", 400)
    admin.seed_recovery_points("conf-lag", 1)
    with pytest.raises(ClientError) as e:
        client.delete_backup_vault(BackupVaultName="conf-lag")
    assert error_of(e) == ("InvalidRequestException", 400)


def test_mpa_team_associate_and_disassociate(client):
    make(client)
    r = client.associate_backup_vault_mpa_approval_team(
        BackupVaultName="conf-lag", MpaApprovalTeamArn=sc.MPA_TEAM_ARN, RequesterComment="c"
    )
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert client.describe_backup_vault(BackupVaultName="conf-lag")["MpaApprovalTeamArn"] == sc.MPA_TEAM_ARN
    r = client.disassociate_backup_vault_mpa_approval_team(BackupVaultName="conf-lag")
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "MpaApprovalTeamArn" not in client.describe_backup_vault(BackupVaultName="conf-lag")
    with pytest.raises(ClientError) as e:
        client.associate_backup_vault_mpa_approval_team(BackupVaultName="conf-lag", MpaApprovalTeamArn="nope")
    assert error_of(e) == ("InvalidParameterValueException", 400)
    client.create_backup_vault(BackupVaultName="conf-std")
    with pytest.raises(ClientError) as e:
        client.associate_backup_vault_mpa_approval_team(BackupVaultName="conf-std", MpaApprovalTeamArn=sc.MPA_TEAM_ARN)
    assert error_of(e) == ("ResourceNotFoundException", 400)


def test_restore_access_vaults(client):
    make(client)
    out = client.create_restore_access_backup_vault(
        SourceBackupVaultArn=LAG_ARN, BackupVaultName="conf-ra", RequesterComment="drill", BackupVaultTags={"a": "b"}
    )
    ra = out["RestoreAccessBackupVaultArn"]
    assert out["RestoreAccessBackupVaultName"] == "conf-ra"
    d = client.describe_backup_vault(BackupVaultName="conf-ra")
    assert (d["VaultType"], d["SourceBackupVaultArn"]) == ("RESTORE_ACCESS_BACKUP_VAULT", LAG_ARN)
    listed = client.list_restore_access_backup_vaults(BackupVaultName="conf-lag")["RestoreAccessBackupVaults"]
    assert [r["RestoreAccessBackupVaultArn"] for r in listed] == [ra]
    types = client.list_backup_vaults(ByVaultType="RESTORE_ACCESS_BACKUP_VAULT")["BackupVaultList"]
    assert [v["BackupVaultName"] for v in types] == ["conf-ra"]
    client.revoke_restore_access_backup_vault(BackupVaultName="conf-lag", RestoreAccessBackupVaultArn=ra)
    assert client.list_restore_access_backup_vaults(BackupVaultName="conf-lag")["RestoreAccessBackupVaults"] == []
    with pytest.raises(ClientError) as e:
        client.revoke_restore_access_backup_vault(BackupVaultName="conf-lag", RestoreAccessBackupVaultArn=ra)
    assert error_of(e) == ("ResourceNotFoundException", 400)
