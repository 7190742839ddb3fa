"""The emulator's injected faults and throttling, seen through boto3: the
error responses are ones boto3 classifies and retries the way it does for
real AWS (ServiceUnavailableException as a server fault, ThrottlingException
as throttling), and a retried call then succeeds.
"""

import pytest
from botocore.exceptions import ClientError



@pytest.fixture
def retrying(client_factory):
    return client_factory(attempts=3)


@pytest.mark.parametrize(
    "error,status_range",
    [("ServiceUnavailableException", range(500, 600)), ("ThrottlingException", range(400, 500))],
)
def test_fail_nth_is_retried_by_boto3(error, status_range, admin, client, retrying):
    admin.call("PUT", "config", {"fail_nth": {"operation": "ListBackupVaults", "n": 1, "error": error}})
    with pytest.raises(ClientError) as e:
        client.list_backup_vaults()  # no retries
    assert e.value.response["Error"]["Code"] == error
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] in status_range

    admin.call("POST", "counters/reset")
    admin.call("PUT", "config", {"fail_nth": {"operation": "ListBackupVaults", "n": 1, "error": error}})
    resp = retrying.list_backup_vaults()
    assert resp["BackupVaultList"] == []
    assert resp["ResponseMetadata"]["RetryAttempts"] == 1
    assert admin.counters().get("ListBackupVaults") == 2


def test_rate_limit_answers_throttling(admin, client):
    admin.call("PUT", "config", {"rate_limits": {"ListBackupPlans": {"rate_per_sec": 0.001, "burst": 1}}})
    client.list_backup_plans()
    with pytest.raises(ClientError) as e:
        client.list_backup_plans()
    assert e.value.response["Error"]["Code"] == "ThrottlingException"
    # Other operations are not limited.
    client.list_backup_vaults()
    client.list_backup_vaults()
