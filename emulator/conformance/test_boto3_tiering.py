"""boto3 against the emulator: tiering configurations (Create/Update/Get/List/
DeleteTieringConfiguration), their idempotency, the model's constraints read
from botocore itself (name and vault patterns, the TieringDownSettingsInDays
range), the documented rules (S3 only, at most 5 selections and 100 specific
resources, one configuration per vault) and tags on their ARN. moto 5.2.5 has
no tiering configurations, so there is no differential; what real AWS does
beyond its documentation is in KNOWN_DIFFERENCES.md ("Tiering
configurations").
"""

import datetime
import re

import pytest
from botocore.exceptions import ClientError

import model_check
import scenario as sc

MODEL = model_check.service_model()
ARN = re.compile(r"^arn:aws:backup:us-east-1:123456789012:tiering-configuration:conf_tiering-[0-9a-f-]+$")


def error_of(excinfo):
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


def test_create_get_update_list_delete(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    created = client.create_tiering_configuration(
        TieringConfiguration=sc.tiering_doc(), CreatorRequestId="ct-1"
    )
    assert ARN.match(created["TieringConfigurationArn"]), created
    assert created["TieringConfigurationName"] == sc.TIERING
    assert isinstance(created["CreationTime"], datetime.datetime)

    got = client.get_tiering_configuration(TieringConfigurationName=sc.TIERING)["TieringConfiguration"]
    assert got["TieringConfigurationArn"] == created["TieringConfigurationArn"]
    assert got["BackupVaultName"] == "conf-vault"
    assert got["ResourceSelection"] == sc.tiering_doc()["ResourceSelection"]
    assert got["CreatorRequestId"] == "ct-1"
    assert got["CreationTime"] == created["CreationTime"] == got["LastUpdatedTime"]

    sel = [
        {"ResourceType": "S3", "Resources": [sc.BUCKET_ARN], "TieringDownSettingsInDays": 90},
        {"ResourceType": "S3", "Resources": ["arn:aws:s3:::other"], "TieringDownSettingsInDays": 400},
    ]
    updated = client.update_tiering_configuration(
        TieringConfigurationName=sc.TIERING,
        TieringConfiguration={"BackupVaultName": "*", "ResourceSelection": sel},
    )
    assert updated["TieringConfigurationArn"] == created["TieringConfigurationArn"]
    assert updated["LastUpdatedTime"] >= updated["CreationTime"]
    got = client.get_tiering_configuration(TieringConfigurationName=sc.TIERING)["TieringConfiguration"]
    assert (got["BackupVaultName"], got["ResourceSelection"]) == ("*", sel)

    listed = client.list_tiering_configurations()["TieringConfigurations"]
    assert [(t["TieringConfigurationName"], t["BackupVaultName"]) for t in listed] == [(sc.TIERING, "*")]
    assert set(listed[0]) == {
        "TieringConfigurationArn",
        "TieringConfigurationName",
        "BackupVaultName",
        "CreationTime",
        "LastUpdatedTime",
    }

    assert client.delete_tiering_configuration(TieringConfigurationName=sc.TIERING)[
        "ResponseMetadata"
    ]["HTTPStatusCode"] == 200
    with pytest.raises(ClientError) as e:
        client.get_tiering_configuration(TieringConfigurationName=sc.TIERING)
    assert error_of(e) == ("ResourceNotFoundException", 400)


def test_sdk_fills_the_idempotency_token_and_a_retry_is_recognised(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    # boto3 fills CreatorRequestId (idempotencyToken) when it is left out.
    client.create_tiering_configuration(TieringConfiguration=sc.tiering_doc())
    got = client.get_tiering_configuration(TieringConfigurationName=sc.TIERING)["TieringConfiguration"]
    assert got["CreatorRequestId"]
    again = client.create_tiering_configuration(
        TieringConfiguration=sc.tiering_doc(), CreatorRequestId=got["CreatorRequestId"]
    )
    assert again["TieringConfigurationArn"] == got["TieringConfigurationArn"]
    with pytest.raises(ClientError) as e:
        client.create_tiering_configuration(TieringConfiguration=sc.tiering_doc(days=61), CreatorRequestId="other")
    assert error_of(e) == ("AlreadyExistsException", 400)
    err = e.value.response
    assert err["Arn"] == got["TieringConfigurationArn"]
    assert err["CreatorRequestId"] == got["CreatorRequestId"]


def test_one_configuration_per_vault_and_one_for_all(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    client.create_tiering_configuration(TieringConfiguration=sc.tiering_doc(name="a"))
    with pytest.raises(ClientError) as e:
        client.create_tiering_configuration(TieringConfiguration=sc.tiering_doc(name="b"))
    assert error_of(e) == ("AlreadyExistsException", 400)
    client.create_tiering_configuration(TieringConfiguration=sc.tiering_doc(name="all", vault="*"))
    with pytest.raises(ClientError) as e:
        client.create_tiering_configuration(TieringConfiguration=sc.tiering_doc(name="all2", vault="*"))
    assert error_of(e) == ("AlreadyExistsException", 400)


def _range(shape_name):
    shape = MODEL.shape_for(shape_name)
    return shape.metadata["min"], shape.metadata["max"]


def test_days_range_is_the_models(client, raw_client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    low, high = _range("TieringDownSettingsInDays")
    assert (low, high) == (60, 36500)
    for days in (low - 1, high + 1):
        with pytest.raises(ClientError) as e:
            raw_client.create_tiering_configuration(TieringConfiguration=sc.tiering_doc(days=days))
        assert error_of(e) == ("InvalidParameterValueException", 400)
    for i, days in enumerate((low, high)):
        client.create_tiering_configuration(
            TieringConfiguration=sc.tiering_doc(name=f"t{i}", vault="conf-vault" if i == 0 else "*", days=days)
        )


@pytest.mark.parametrize(
    "change",
    [
        {"TieringConfigurationName": "has-dash"},
        {"TieringConfigurationName": "x" * 201},
        {"BackupVaultName": "a"},
        {"BackupVaultName": "no-such-vault"},
        {"ResourceSelection": []},
        {"ResourceSelection": [{"ResourceType": "EBS", "Resources": ["*"], "TieringDownSettingsInDays": 60}]},
        {"ResourceSelection": [{"ResourceType": "S3", "Resources": [], "TieringDownSettingsInDays": 60}]},
        {"ResourceSelection": [{"ResourceType": "S3", "Resources": ["bucket"], "TieringDownSettingsInDays": 60}]},
        {
            "ResourceSelection": [
                {"ResourceType": "S3", "Resources": [f"arn:aws:s3:::b{i}"], "TieringDownSettingsInDays": 60}
                for i in range(6)
            ]
        },
        {
            "ResourceSelection": [
                {
                    "ResourceType": "S3",
                    "Resources": [f"arn:aws:s3:::b{i}" for i in range(101)],
                    "TieringDownSettingsInDays": 60,
                }
            ]
        },
    ],
    ids=["name-dash", "name-long", "vault-short", "vault-missing", "no-selection", "not-s3",
         "no-resources", "not-an-arn", "six-selections", "101-resources"],
)
def test_invalid_requests_are_refused(change, client, raw_client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    doc = sc.tiering_doc()
    doc.update(change)
    with pytest.raises(ClientError) as e:
        raw_client.create_tiering_configuration(TieringConfiguration=doc)
    assert error_of(e) == ("InvalidParameterValueException", 400)
    assert client.list_tiering_configurations()["TieringConfigurations"] == []


def test_tags_at_create_and_on_the_arn(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    arn = client.create_tiering_configuration(
        TieringConfiguration=sc.tiering_doc(), TieringConfigurationTags={"a": "1"}
    )["TieringConfigurationArn"]
    client.tag_resource(ResourceArn=arn, Tags={"b": "2"})
    client.untag_resource(ResourceArn=arn, TagKeyList=["a"])
    assert client.list_tags(ResourceArn=arn)["Tags"] == {"b": "2"}
    client.delete_tiering_configuration(TieringConfigurationName=sc.TIERING)
    with pytest.raises(ClientError) as e:
        client.list_tags(ResourceArn=arn)
    assert error_of(e) == ("ResourceNotFoundException", 400)

