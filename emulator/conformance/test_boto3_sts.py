"""STS through boto3 (issue 14, organization scale): AssumeRole and
AssumeRoleWithWebIdentity answer credentials that act in the role's account,
for STS (GetCallerIdentity) and for Backup (resources land in that account);
roles denied or requiring an ExternalId through the admin API answer
AccessDenied with AWS's message shape; bad inputs are ValidationError.
Every answer is checked against botocore's STS model (conftest hook).
"""

import base64
import datetime
import json

import pytest
from botocore.exceptions import ClientError

from conftest import DEFAULT_ACCOUNT, make_session_client

ROLE = "arn:aws:iam::222222222222:role/org/backupctl"
ROLE_ACCOUNT = "222222222222"
FAR_FUTURE = 4_102_444_800  # 2100-01-01


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def oidc_token(exp=FAR_FUTURE):
    header = {"alg": "RS256", "typ": "JWT"}
    claims = {
        "iss": "https://token.actions.githubusercontent.com",
        "sub": "repo:example/backups:ref:refs/heads/main",
        "aud": "sts.amazonaws.com",
        "exp": exp,
    }
    return ".".join(
        [b64url(json.dumps(header).encode()), b64url(json.dumps(claims).encode()), "c2ln"]
    )


def error_of(excinfo):
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Message"]


@pytest.fixture
def assumed(sts_client):
    return sts_client.assume_role(RoleArn=ROLE, RoleSessionName="conformance")


def test_assume_role_answers_session_credentials_in_the_roles_account(assumed):
    creds = assumed["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA" + ROLE_ACCOUNT)
    assert len(creds["AccessKeyId"]) == 20
    assert creds["SecretAccessKey"] and creds["SessionToken"]
    left = creds["Expiration"] - datetime.datetime.now(datetime.timezone.utc)
    assert datetime.timedelta(seconds=3590) < left <= datetime.timedelta(seconds=3600)
    user = assumed["AssumedRoleUser"]
    assert user["Arn"] == f"arn:aws:sts::{ROLE_ACCOUNT}:assumed-role/backupctl/conformance"
    assert user["AssumedRoleId"].startswith("AROA") and user["AssumedRoleId"].endswith(":conformance")


def test_caller_identity_with_assumed_credentials(emulator_endpoint, sts_client, assumed):
    as_role = make_session_client(emulator_endpoint, "sts", assumed["Credentials"])
    me = as_role.get_caller_identity()
    assert me["Account"] == ROLE_ACCOUNT
    assert me["Arn"] == assumed["AssumedRoleUser"]["Arn"]
    assert me["UserId"] == assumed["AssumedRoleUser"]["AssumedRoleId"]
    base = sts_client.get_caller_identity()
    assert (base["Account"], base["Arn"]) == (
        DEFAULT_ACCOUNT,
        f"arn:aws:iam::{DEFAULT_ACCOUNT}:user/emulator",
    )


def test_assumed_credentials_create_backup_resources_in_the_roles_account(
    emulator_endpoint, client, admin, assumed
):
    org = make_session_client(emulator_endpoint, "backup", assumed["Credentials"])
    arn = org.create_backup_vault(BackupVaultName="org-vault")["BackupVaultArn"]
    assert arn == f"arn:aws:backup:us-east-1:{ROLE_ACCOUNT}:backup-vault:org-vault"
    assert [v["BackupVaultName"] for v in org.list_backup_vaults()["BackupVaultList"]] == ["org-vault"]
    assert client.list_backup_vaults()["BackupVaultList"] == []
    regions = admin.state()["accounts"][ROLE_ACCOUNT]["regions"]
    assert "org-vault" in regions["us-east-1"]["vaults"]


def test_web_identity_is_unsigned_and_echoes_the_token_claims(emulator_endpoint, admin):
    unsigned = make_session_client(emulator_endpoint, "sts", None)
    out = unsigned.assume_role_with_web_identity(
        RoleArn=ROLE, RoleSessionName="ci-run", WebIdentityToken=oidc_token(), DurationSeconds=900
    )
    assert out["Credentials"]["AccessKeyId"].startswith("ASIA" + ROLE_ACCOUNT)
    assert out["SubjectFromWebIdentityToken"] == "repo:example/backups:ref:refs/heads/main"
    assert out["Provider"] == "https://token.actions.githubusercontent.com"
    assert out["Audience"] == "sts.amazonaws.com"
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ROLE_ACCOUNT}:assumed-role/backupctl/ci-run"
    org = make_session_client(emulator_endpoint, "backup", out["Credentials"])
    org.create_backup_vault(BackupVaultName="ci-vault")
    assert "ci-vault" in admin.state()["accounts"][ROLE_ACCOUNT]["regions"]["us-east-1"]["vaults"]
    with pytest.raises(ClientError) as e:
        unsigned.assume_role_with_web_identity(
            RoleArn=ROLE, RoleSessionName="ci-run", WebIdentityToken=oidc_token(exp=1_600_000_000)
        )
    code, status, message = error_of(e)
    assert (code, status) == ("ExpiredTokenException", 400)
    assert message.startswith("Token expired: current date/time ")


def test_denied_role_is_access_denied(emulator_endpoint, sts_client, admin, assumed):
    admin.deny_role(ROLE)
    with pytest.raises(ClientError) as e:
        sts_client.assume_role(RoleArn=ROLE, RoleSessionName="again")
    assert error_of(e) == (
        "AccessDenied",
        403,
        f"User: arn:aws:iam::{DEFAULT_ACCOUNT}:user/emulator is not authorized to perform: "
        f"sts:AssumeRole on resource: {ROLE}",
    )
    # A session assuming the role is named by its assumed-role ARN.
    as_role = make_session_client(emulator_endpoint, "sts", assumed["Credentials"])
    with pytest.raises(ClientError) as e:
        as_role.assume_role(RoleArn=ROLE, RoleSessionName="chained")
    assert error_of(e)[2].startswith(
        f"User: arn:aws:sts::{ROLE_ACCOUNT}:assumed-role/backupctl/conformance is not authorized"
    )
    unsigned = make_session_client(emulator_endpoint, "sts", None)
    with pytest.raises(ClientError) as e:
        unsigned.assume_role_with_web_identity(
            RoleArn=ROLE, RoleSessionName="ci-run", WebIdentityToken=oidc_token()
        )
    assert error_of(e) == ("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity")
    admin.allow_role(ROLE)
    sts_client.assume_role(RoleArn=ROLE, RoleSessionName="allowed")


def test_external_id_is_required_when_set(sts_client, admin):
    admin.require_external_id(ROLE, "tenant-42")
    for kwargs in ({}, {"ExternalId": "tenant-41"}):
        with pytest.raises(ClientError) as e:
            sts_client.assume_role(RoleArn=ROLE, RoleSessionName="s1", **kwargs)
        code, status, message = error_of(e)
        assert (code, status) == ("AccessDenied", 403)
        assert message.endswith(f"is not authorized to perform: sts:AssumeRole on resource: {ROLE}")
    out = sts_client.assume_role(RoleArn=ROLE, RoleSessionName="s1", ExternalId="tenant-42")
    assert out["AssumedRoleUser"]["Arn"].endswith("/backupctl/s1")
    state = admin.state()
    assert state["role_trust"][ROLE] == {"denied": False, "external_id": "tenant-42"}


@pytest.mark.parametrize(
    "kwargs,needle",
    [
        (
            {"RoleSessionName": "has space"},
            "Value 'has space' at 'roleSessionName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
        ),
        ({"RoleSessionName": "x"}, "Member must have length greater than or equal to 2"),
        ({"DurationSeconds": 60}, "Value '60' at 'durationSeconds' failed to satisfy constraint"),
        ({"ExternalId": "no spaces"}, "at 'externalId' failed to satisfy constraint"),
        ({"RoleArn": "arn:aws:iam::222222222222:user/someone"}, "Request ARN is invalid"),
    ],
)
def test_invalid_inputs_are_validation_errors(emulator_endpoint, kwargs, needle):
    raw = make_session_client(
        emulator_endpoint,
        "sts",
        {"AccessKeyId": "testing", "SecretAccessKey": "x"},
        validate=False,
    )
    args = {"RoleArn": ROLE, "RoleSessionName": "s1", **kwargs}
    with pytest.raises(ClientError) as e:
        raw.assume_role(**args)
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationError", 400)
    assert needle in message, message
