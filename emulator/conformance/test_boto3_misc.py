"""boto3 against the emulator: tags, accounts and regions isolation, global
and region settings, ListBackupJobs filters and ListBackupJobSummaries over
jobs seeded through the admin API, and the refusal of unsigned requests.
"""

import datetime
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

import scenario as sc
from conftest import _OPENER


def error_of(excinfo):
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


def utc(epoch):
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc)


# ---- tags -----------------------------------------------------------------


def test_vault_tags_create_tag_untag_list(client):
    arn = client.create_backup_vault(BackupVaultName="conf-vault", BackupVaultTags={"a": "1", "b": "2"})[
        "BackupVaultArn"
    ]
    assert client.list_tags(ResourceArn=arn)["Tags"] == {"a": "1", "b": "2"}
    client.tag_resource(ResourceArn=arn, Tags={"b": "20", "c": "3"})
    assert client.list_tags(ResourceArn=arn)["Tags"] == {"a": "1", "b": "20", "c": "3"}
    client.untag_resource(ResourceArn=arn, TagKeyList=["a", "not-there"])
    assert client.list_tags(ResourceArn=arn)["Tags"] == {"b": "20", "c": "3"}


def test_plan_tags(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    arn = client.create_backup_plan(BackupPlan=sc.plan_doc(), BackupPlanTags={"team": "x"})["BackupPlanArn"]
    assert client.list_tags(ResourceArn=arn)["Tags"] == {"team": "x"}
    client.tag_resource(ResourceArn=arn, Tags={"env": "prod"})
    client.untag_resource(ResourceArn=arn, TagKeyList=["team"])
    assert client.list_tags(ResourceArn=arn)["Tags"] == {"env": "prod"}


def test_tags_of_unknown_resource(client):
    arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:no-such-vault"
    for call in (
        lambda: client.list_tags(ResourceArn=arn),
        lambda: client.tag_resource(ResourceArn=arn, Tags={"a": "b"}),
        lambda: client.untag_resource(ResourceArn=arn, TagKeyList=["a"]),
    ):
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e) == ("ResourceNotFoundException", 400)


def test_reserved_tag_key_is_refused(client):
    arn = client.create_backup_vault(BackupVaultName="conf-vault")["BackupVaultArn"]
    with pytest.raises(ClientError) as e:
        client.tag_resource(ResourceArn=arn, Tags={"aws:owner": "me"})
    assert error_of(e) == ("InvalidParameterValueException", 400)


# ---- accounts and regions ---------------------------------------------------


def test_twelve_digit_access_key_is_the_account(client_factory):
    other = client_factory(access_key="111122223333")
    arn = other.create_backup_vault(BackupVaultName="conf-vault")["BackupVaultArn"]
    assert arn == "arn:aws:backup:us-east-1:111122223333:backup-vault:conf-vault"
    default = client_factory()
    assert default.list_backup_vaults()["BackupVaultList"] == []
    with pytest.raises(ClientError) as e:
        default.describe_backup_vault(BackupVaultName="conf-vault")
    assert error_of(e) == ("AccessDeniedException", 403)
    # Any non-12-digit key is the default account.
    another = client_factory(access_key="AKIAEXAMPLEEXAMPLE")
    arn2 = another.create_backup_vault(BackupVaultName="conf-vault")["BackupVaultArn"]
    assert arn2 == "arn:aws:backup:us-east-1:123456789012:backup-vault:conf-vault"
    assert [v["BackupVaultName"] for v in default.list_backup_vaults()["BackupVaultList"]] == ["conf-vault"]


def test_regions_are_isolated(client_factory):
    east = client_factory(region="us-east-1")
    west = client_factory(region="eu-west-1")
    east.create_backup_vault(BackupVaultName="conf-vault")
    assert west.list_backup_vaults()["BackupVaultList"] == []
    arn = west.create_backup_vault(BackupVaultName="conf-vault")["BackupVaultArn"]
    assert arn == "arn:aws:backup:eu-west-1:123456789012:backup-vault:conf-vault"
    west.create_backup_vault(BackupVaultName="west-only")
    assert len(east.list_backup_vaults()["BackupVaultList"]) == 1
    plan = west.create_backup_plan(BackupPlan=sc.plan_doc(vault="west-only"))
    assert plan["BackupPlanArn"].startswith("arn:aws:backup:eu-west-1:123456789012:backup-plan:")
    assert east.list_backup_plans()["BackupPlansList"] == []
    with pytest.raises(ClientError) as e:
        east.get_backup_plan(BackupPlanId=plan["BackupPlanId"])
    assert error_of(e) == ("ResourceNotFoundException", 400)


def test_unsigned_request_is_refused(emulator_endpoint, client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    req = urllib.request.Request(emulator_endpoint + "/backup-vaults/", method="GET")
    with pytest.raises(urllib.error.HTTPError) as e:
        _OPENER.open(req, timeout=10)
    assert e.value.code == 403
    assert e.value.headers["x-amzn-ErrorType"].split(":")[0] in {
        "MissingAuthenticationTokenException",
        "IncompleteSignatureException",
        "IncompleteSignature",
    }


# ---- settings -------------------------------------------------------------


def test_global_settings(client):
    before = client.describe_global_settings()["GlobalSettings"]
    assert before["isCrossAccountBackupEnabled"] == "false"
    client.update_global_settings(GlobalSettings={"isCrossAccountBackupEnabled": "true"})
    after = client.describe_global_settings()
    assert after["GlobalSettings"]["isCrossAccountBackupEnabled"] == "true"
    assert isinstance(after["LastUpdateTime"], datetime.datetime)


def test_global_settings_unknown_key_is_refused(raw_client):
    with pytest.raises(ClientError) as e:
        raw_client.update_global_settings(GlobalSettings={"notASetting": "true"})
    assert error_of(e)[0] in {"InvalidParameterValueException", "InvalidRequestException"}
    assert error_of(e)[1] == 400


def test_region_settings(client):
    client.update_region_settings(
        ResourceTypeOptInPreference={"EBS": False, "S3": True},
        ResourceTypeManagementPreference={"DynamoDB": True},
    )
    got = client.describe_region_settings()
    assert got["ResourceTypeOptInPreference"]["EBS"] is False
    assert got["ResourceTypeOptInPreference"]["S3"] is True
    assert got["ResourceTypeManagementPreference"]["DynamoDB"] is True


def test_region_settings_are_per_region(client_factory):
    east, west = client_factory(region="us-east-1"), client_factory(region="us-west-2")
    east.update_region_settings(ResourceTypeOptInPreference={"EBS": False})
    assert west.describe_region_settings()["ResourceTypeOptInPreference"]["EBS"] is True


def test_region_settings_unknown_resource_type_is_refused(raw_client):
    with pytest.raises(ClientError) as e:
        raw_client.update_region_settings(ResourceTypeOptInPreference={"NotAService": True})
    assert error_of(e) == ("InvalidParameterValueException", 400)


# ---- backup jobs ----------------------------------------------------------

DAY = 86400
T0 = 1_700_000_000  # 2023-11-14T22:13:20Z


@pytest.fixture
def jobs(admin):
    seeded = [
        sc.job(vault="v-a", state="COMPLETED", rtype="EBS", created=T0, CompletionDate=T0 + 600),
        sc.job(vault="v-a", state="FAILED", rtype="EBS", created=T0 + DAY, MessageCategory="ACCESS_DENIED"),
        sc.job(vault="v-b", state="COMPLETED", rtype="RDS", created=T0 + 2 * DAY, CompletionDate=T0 + 2 * DAY + 60,
               ResourceArn="arn:aws:rds:us-east-1:123456789012:db:orders"),
        sc.job(vault="v-b", state="RUNNING", rtype="DynamoDB", created=T0 + 3 * DAY,
               ResourceArn="arn:aws:dynamodb:us-east-1:123456789012:table/t"),
    ]
    ids = admin.seed_jobs(seeded)["BackupJobIds"]
    assert len(ids) == 4 and len(set(ids)) == 4
    return dict(zip(["ebs-ok", "ebs-failed", "rds-ok", "ddb-running"], ids))


def ids(resp):
    return sorted(j["BackupJobId"] for j in resp["BackupJobs"])


def test_list_backup_jobs_and_fields(client, jobs):
    all_jobs = client.list_backup_jobs()["BackupJobs"]
    assert sorted(j["BackupJobId"] for j in all_jobs) == sorted(jobs.values())
    first = next(j for j in all_jobs if j["BackupJobId"] == jobs["ebs-ok"])
    assert first["BackupVaultName"] == "v-a"
    assert first["BackupVaultArn"] == "arn:aws:backup:us-east-1:123456789012:backup-vault:v-a"
    assert first["ResourceArn"] == sc.VOLUME_ARN
    assert first["ResourceType"] == "EBS"
    assert first["State"] == "COMPLETED"
    assert first["AccountId"] == "123456789012"
    assert first["CreationDate"] == utc(T0)
    assert first["CompletionDate"] == utc(T0 + 600)


@pytest.mark.parametrize(
    "params,expect",
    [
        ({"ByState": "COMPLETED"}, ["ebs-ok", "rds-ok"]),
        ({"ByBackupVaultName": "v-b"}, ["rds-ok", "ddb-running"]),
        ({"ByResourceType": "EBS"}, ["ebs-ok", "ebs-failed"]),
        ({"ByResourceArn": "arn:aws:rds:us-east-1:123456789012:db:orders"}, ["rds-ok"]),
        ({"ByCreatedAfter": utc(T0 + DAY - 1)}, ["ebs-failed", "rds-ok", "ddb-running"]),
        ({"ByCreatedBefore": utc(T0 + DAY + 1)}, ["ebs-ok", "ebs-failed"]),
        ({"ByCompleteAfter": utc(T0 + DAY)}, ["rds-ok"]),
        ({"ByCompleteBefore": utc(T0 + DAY)}, ["ebs-ok"]),
        ({"ByAccountId": "123456789012"}, ["ebs-ok", "ebs-failed", "rds-ok", "ddb-running"]),
        ({"ByMessageCategory": "ACCESS_DENIED"}, ["ebs-failed"]),
        ({"ByState": "COMPLETED", "ByResourceType": "RDS"}, ["rds-ok"]),
        ({"ByState": "ABORTED"}, []),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, dict) else None,
)
def test_list_backup_jobs_filters(client, jobs, params, expect):
    assert ids(client.list_backup_jobs(**params)) == sorted(jobs[k] for k in expect)


def test_jobs_are_per_account_and_region(client_factory, admin, jobs):
    assert client_factory(region="us-west-2").list_backup_jobs()["BackupJobs"] == []
    assert client_factory(access_key="111122223333").list_backup_jobs()["BackupJobs"] == []
    admin.seed_jobs([sc.job(vault="v-w")], region="us-west-2", account_id="111122223333")
    west = client_factory(region="us-west-2", access_key="111122223333").list_backup_jobs()["BackupJobs"]
    assert [j["AccountId"] for j in west] == ["111122223333"]


def test_backup_job_summaries(client, admin):
    now = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
    admin.seed_jobs(
        [
            sc.job(state="COMPLETED", rtype="EBS", created=now - 3600),
            sc.job(state="COMPLETED", rtype="EBS", created=now - 7200),
            sc.job(state="FAILED", rtype="EBS", created=now - 3600, MessageCategory="ACCESS_DENIED"),
            sc.job(state="COMPLETED", rtype="RDS", created=now - 3600),
            sc.job(state="COMPLETED", rtype="EBS", created=now - 20 * DAY),  # outside 14 days
        ]
    )
    resp = client.list_backup_job_summaries(AggregationPeriod="FOURTEEN_DAYS")
    assert resp["AggregationPeriod"] == "FOURTEEN_DAYS"
    rows = resp["BackupJobSummaries"]
    counted = {}
    for row in rows:
        assert row["Region"] == "us-east-1"
        assert row["AccountId"] == "123456789012"
        assert isinstance(row["StartTime"], datetime.datetime)
        assert isinstance(row["EndTime"], datetime.datetime)
        counted[(row["State"], row["ResourceType"])] = counted.get((row["State"], row["ResourceType"]), 0) + row["Count"]
    assert counted == {("COMPLETED", "EBS"): 2, ("FAILED", "EBS"): 1, ("COMPLETED", "RDS"): 1}

    only = client.list_backup_job_summaries(AggregationPeriod="FOURTEEN_DAYS", State="FAILED", ResourceType="EBS")
    assert [(r["State"], r["ResourceType"], r["Count"]) for r in only["BackupJobSummaries"]] == [("FAILED", "EBS", 1)]

    by_cat = client.list_backup_job_summaries(AggregationPeriod="FOURTEEN_DAYS", MessageCategory="ACCESS_DENIED")
    assert sum(r["Count"] for r in by_cat["BackupJobSummaries"]) == 1

    wide = client.list_backup_job_summaries(AggregationPeriod="FOURTEEN_DAYS", State="AGGREGATE_ALL", ResourceType="AGGREGATE_ALL")
    assert sum(r["Count"] for r in wide["BackupJobSummaries"]) == 4


def test_job_summary_periods(client, admin):
    # Model documentation of AggregationPeriod: ONE_DAY "the daily job count
    # for the prior 14 days"; SEVEN_DAYS / FOURTEEN_DAYS "the aggregated job
    # count for the prior 7 / 14 days".
    now = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
    admin.seed_jobs([sc.job(created=now - age) for age in (3600, 3 * DAY, 10 * DAY, 20 * DAY)])

    def rows(period):
        return client.list_backup_job_summaries(AggregationPeriod=period)["BackupJobSummaries"]

    assert sum(r["Count"] for r in rows("SEVEN_DAYS")) == 2
    assert sum(r["Count"] for r in rows("FOURTEEN_DAYS")) == 3
    daily = rows("ONE_DAY")
    assert sum(r["Count"] for r in daily) == 3
    assert len(daily) == 3
    for r in daily:
        assert r["EndTime"] - r["StartTime"] == datetime.timedelta(days=1)
    for r in rows("SEVEN_DAYS"):
        assert r["EndTime"] - r["StartTime"] == datetime.timedelta(days=7)


def test_list_backup_jobs_by_every_model_state(client, admin):
    import model_check

    states = model_check.service_model().shape_for("BackupJobState").enum
    ids = admin.seed_jobs([sc.job(state=s, created=T0 + i) for i, s in enumerate(states)])["BackupJobIds"]
    for state, job_id in zip(states, ids):
        got = client.list_backup_jobs(ByState=state)["BackupJobs"]
        assert [(j["BackupJobId"], j["State"]) for j in got] == [(job_id, state)]


@pytest.mark.parametrize(
    "authorization",
    ["AWS4-HMAC-SHA256 garbage", "Bearer abc"],
)
def test_malformed_authorization_is_refused(emulator_endpoint, admin, authorization):
    # (A SigV4 header whose credential lacks a scope is accepted on purpose:
    # the team contract says signatures are not verified and the region
    # defaults to us-east-1 when it cannot be read.)
    req = urllib.request.Request(emulator_endpoint + "/backup-vaults/", method="GET")
    req.add_header("Authorization", authorization)
    with pytest.raises(urllib.error.HTTPError) as e:
        _OPENER.open(req, timeout=10)
    assert e.value.code in (400, 403)
    assert e.value.headers["x-amzn-ErrorType"].split(":")[0] in {
        "MissingAuthenticationTokenException",
        "IncompleteSignatureException",
        "IncompleteSignature",
        "InvalidSignatureException",
        "UnrecognizedClientException",
    }


def test_tags_with_unusual_characters_round_trip(client):
    tags = {"a b": "c+d/e=f", "unicodé": "välue", "k:x": "@_.-", "empty-value": ""}
    arn = client.create_backup_vault(BackupVaultName="conf-vault", BackupVaultTags=tags)["BackupVaultArn"]
    assert client.list_tags(ResourceArn=arn)["Tags"] == tags
    client.untag_resource(ResourceArn=arn, TagKeyList=["a b", "unicodé"])
    assert client.list_tags(ResourceArn=arn)["Tags"] == {"k:x": "@_.-", "empty-value": ""}
