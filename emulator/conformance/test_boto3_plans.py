"""boto3 against the emulator: backup plans (versions, includeDeleted,
idempotent creates, validation) and backup selections.
"""

import datetime
import re

import pytest
from botocore.exceptions import ClientError

import scenario as sc

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def error_of(excinfo):
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def vault(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    return "conf-vault"


def test_create_get_plan_with_aws_formats_and_defaults(client, vault):
    rules = [
        {"RuleName": "daily", "TargetBackupVaultName": vault},
        {
            "RuleName": "monthly",
            "TargetBackupVaultName": vault,
            "ScheduleExpression": "cron(0 3 1 * ? *)",
            "StartWindowMinutes": 120,
            "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 365},
            "RecoveryPointTags": {"kind": "monthly"},
        },
    ]
    created = client.create_backup_plan(
        BackupPlan=sc.plan_doc(rules=rules), CreatorRequestId="plan-1"
    )
    plan_id = created["BackupPlanId"]
    assert re.fullmatch(UUID, plan_id)
    assert created["BackupPlanArn"] == f"arn:aws:backup:us-east-1:123456789012:backup-plan:{plan_id}"
    assert created["VersionId"]
    assert isinstance(created["CreationDate"], datetime.datetime)

    got = client.get_backup_plan(BackupPlanId=plan_id)
    assert got["BackupPlanId"] == plan_id
    assert got["BackupPlanArn"] == created["BackupPlanArn"]
    assert got["VersionId"] == created["VersionId"]
    assert got["CreatorRequestId"] == "plan-1"
    assert "DeletionDate" not in got
    doc = got["BackupPlan"]
    assert doc["BackupPlanName"] == "conf-plan"
    by_name = {r["RuleName"]: r for r in doc["Rules"]}
    assert set(by_name) == {"daily", "monthly"}
    assert all(re.fullmatch(UUID, r["RuleId"]) for r in doc["Rules"])
    assert len({r["RuleId"] for r in doc["Rules"]}) == 2
    daily = by_name["daily"]
    # Defaults as AWS stores them.
    assert daily["ScheduleExpression"] == "cron(0 5 ? * * *)"
    assert daily["StartWindowMinutes"] == 480
    assert daily["CompletionWindowMinutes"] == 10080
    assert daily["ScheduleExpressionTimezone"] == "Etc/UTC"
    monthly = by_name["monthly"]
    assert monthly["ScheduleExpression"] == "cron(0 3 1 * ? *)"
    assert monthly["StartWindowMinutes"] == 120
    assert monthly["Lifecycle"] == {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 365}
    assert monthly["RecoveryPointTags"] == {"kind": "monthly"}


def test_plan_create_is_idempotent_on_creator_request_id(client, vault):
    first = client.create_backup_plan(BackupPlan=sc.plan_doc(), CreatorRequestId="same-id")
    try:
        again = client.create_backup_plan(BackupPlan=sc.plan_doc(), CreatorRequestId="same-id")
        assert again["BackupPlanId"] == first["BackupPlanId"]
        assert again["VersionId"] == first["VersionId"]
    except ClientError as e:
        # Also seen from real AWS (ansible/ansible PR #53655); it must name the plan.
        assert e.response["Error"]["Code"] == "AlreadyExistsException"
        assert e.response["CreatorRequestId"] == "same-id"
        assert e.response["Arn"] == first["BackupPlanArn"]
    plans = client.list_backup_plans()["BackupPlansList"]
    assert [p["BackupPlanId"] for p in plans] == [first["BackupPlanId"]]


def test_same_plan_document_again_is_already_exists(client, vault):
    first = client.create_backup_plan(BackupPlan=sc.plan_doc(), CreatorRequestId="a")
    with pytest.raises(ClientError) as e:
        client.create_backup_plan(BackupPlan=sc.plan_doc(), CreatorRequestId="b")
    assert error_of(e) == ("AlreadyExistsException", 400)
    assert "same plan document" in e.value.response["Error"]["Message"]
    assert e.value.response["Arn"] == first["BackupPlanArn"]
    assert e.value.response["CreatorRequestId"] == "a"


def test_update_creates_new_version_and_versions_are_listed(client, vault):
    created = client.create_backup_plan(BackupPlan=sc.plan_doc())
    plan_id, v1 = created["BackupPlanId"], created["VersionId"]
    new_rules = [{"RuleName": "weekly", "TargetBackupVaultName": vault, "ScheduleExpression": "cron(0 2 ? * 1 *)"}]
    updated = client.update_backup_plan(BackupPlanId=plan_id, BackupPlan=sc.plan_doc(rules=new_rules))
    v2 = updated["VersionId"]
    assert updated["BackupPlanId"] == plan_id
    assert updated["BackupPlanArn"] == created["BackupPlanArn"]
    assert v2 and v2 != v1

    latest = client.get_backup_plan(BackupPlanId=plan_id)
    assert latest["VersionId"] == v2
    assert [r["RuleName"] for r in latest["BackupPlan"]["Rules"]] == ["weekly"]
    old = client.get_backup_plan(BackupPlanId=plan_id, VersionId=v1)
    assert old["VersionId"] == v1
    assert [r["RuleName"] for r in old["BackupPlan"]["Rules"]] == ["daily"]

    versions = client.list_backup_plan_versions(BackupPlanId=plan_id)["BackupPlanVersionsList"]
    assert sorted(v["VersionId"] for v in versions) == sorted([v1, v2])
    assert {v["BackupPlanId"] for v in versions} == {plan_id}
    assert {v["BackupPlanArn"] for v in versions} == {created["BackupPlanArn"]}

    listed = client.list_backup_plans()["BackupPlansList"]
    assert [(p["BackupPlanId"], p["VersionId"]) for p in listed] == [(plan_id, v2)]

    with pytest.raises(ClientError) as e:
        client.get_backup_plan(BackupPlanId=plan_id, VersionId="not-a-version")
    assert error_of(e) == ("ResourceNotFoundException", 400)


def test_delete_plan_and_include_deleted(client, vault):
    keep = client.create_backup_plan(BackupPlan=sc.plan_doc(name="keep"))
    gone = client.create_backup_plan(BackupPlan=sc.plan_doc(name="gone"))
    deleted = client.delete_backup_plan(BackupPlanId=gone["BackupPlanId"])
    assert deleted["BackupPlanId"] == gone["BackupPlanId"]
    assert deleted["BackupPlanArn"] == gone["BackupPlanArn"]
    assert deleted["VersionId"] == gone["VersionId"]
    assert isinstance(deleted["DeletionDate"], datetime.datetime)

    live = client.list_backup_plans()["BackupPlansList"]
    assert [p["BackupPlanName"] for p in live] == ["keep"]
    everything = client.list_backup_plans(IncludeDeleted=True)["BackupPlansList"]
    by_name = {p["BackupPlanName"]: p for p in everything}
    assert set(by_name) == {"keep", "gone"}
    assert "DeletionDate" not in by_name["keep"]
    assert by_name["gone"]["DeletionDate"] == deleted["DeletionDate"]
    assert by_name["keep"]["BackupPlanId"] == keep["BackupPlanId"]

    with pytest.raises(ClientError) as e:
        client.delete_backup_plan(BackupPlanId="00000000-0000-0000-0000-000000000000")
    assert error_of(e) == ("ResourceNotFoundException", 400)


def test_get_missing_plan_is_not_found(client):
    with pytest.raises(ClientError) as e:
        client.get_backup_plan(BackupPlanId="00000000-0000-0000-0000-000000000000")
    assert error_of(e) == ("ResourceNotFoundException", 400)


def test_update_missing_plan_is_not_found(client, vault):
    with pytest.raises(ClientError) as e:
        client.update_backup_plan(
            BackupPlanId="00000000-0000-0000-0000-000000000000", BackupPlan=sc.plan_doc()
        )
    assert error_of(e) == ("ResourceNotFoundException", 400)


def _rule(**over):
    rule = {"RuleName": "r", "TargetBackupVaultName": "conf-vault", "ScheduleExpression": "cron(0 5 ? * * *)"}
    rule.update(over)
    return rule


@pytest.mark.parametrize(
    "doc",
    [
        sc.plan_doc(rules=[_rule(StartWindowMinutes=30)]),
        sc.plan_doc(rules=[_rule(Lifecycle={"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 100})]),
        sc.plan_doc(rules=[_rule(ScheduleExpression="every day")]),
        sc.plan_doc(rules=[_rule(ScheduleExpression="cron(0 5 * * * *)")]),
        sc.plan_doc(rules=[_rule(RuleName="bad name!")]),
        sc.plan_doc(rules=[_rule(), _rule()]),
        sc.plan_doc(name="bad/name"),
        sc.plan_doc(rules=[_rule(Lifecycle={"DeleteAfterDays": 36501})]),
    ],
    ids=[
        "start-window-below-60",
        "delete-before-cold-plus-90",
        "schedule-not-cron",
        "cron-both-day-fields",
        "rule-name-pattern",
        "duplicate-rule-names",
        "plan-name-pattern",
        "delete-after-above-36500",
    ],
)
def test_invalid_plan_is_refused(raw_client, vault, doc):
    with pytest.raises(ClientError) as e:
        raw_client.create_backup_plan(BackupPlan=doc)
    assert error_of(e) == ("InvalidParameterValueException", 400)
    assert raw_client.list_backup_plans()["BackupPlansList"] == []


def test_selection_lifecycle(client, vault):
    plan_id = client.create_backup_plan(BackupPlan=sc.plan_doc())["BackupPlanId"]
    sel = client.create_backup_selection(
        BackupPlanId=plan_id, BackupSelection=sc.selection_doc(), CreatorRequestId="sel-1"
    )
    sid = sel["SelectionId"]
    assert re.fullmatch(r"[0-9a-f-]{36}", sid)
    assert sel["BackupPlanId"] == plan_id
    assert isinstance(sel["CreationDate"], datetime.datetime)

    got = client.get_backup_selection(BackupPlanId=plan_id, SelectionId=sid)
    assert got["SelectionId"] == sid and got["BackupPlanId"] == plan_id
    assert got["CreatorRequestId"] == "sel-1"
    assert got["BackupSelection"]["SelectionName"] == "conf-selection"
    assert got["BackupSelection"]["IamRoleArn"] == sc.ROLE_ARN
    assert got["BackupSelection"]["Resources"] == [sc.VOLUME_ARN]

    listed = client.list_backup_selections(BackupPlanId=plan_id)["BackupSelectionsList"]
    assert [(s["SelectionId"], s["SelectionName"], s["IamRoleArn"]) for s in listed] == [
        (sid, "conf-selection", sc.ROLE_ARN)
    ]

    # A plan with selections cannot be deleted.
    with pytest.raises(ClientError) as e:
        client.delete_backup_plan(BackupPlanId=plan_id)
    assert error_of(e) == ("InvalidRequestException", 400)
    assert client.get_backup_plan(BackupPlanId=plan_id)["BackupPlanId"] == plan_id

    client.delete_backup_selection(BackupPlanId=plan_id, SelectionId=sid)
    with pytest.raises(ClientError) as e:
        client.get_backup_selection(BackupPlanId=plan_id, SelectionId=sid)
    assert error_of(e) == ("ResourceNotFoundException", 400)
    assert client.list_backup_selections(BackupPlanId=plan_id)["BackupSelectionsList"] == []
    client.delete_backup_plan(BackupPlanId=plan_id)


def test_selection_create_is_idempotent_on_creator_request_id(client, vault):
    plan_id = client.create_backup_plan(BackupPlan=sc.plan_doc())["BackupPlanId"]
    a = client.create_backup_selection(
        BackupPlanId=plan_id, BackupSelection=sc.selection_doc(), CreatorRequestId="same"
    )
    try:
        b = client.create_backup_selection(
            BackupPlanId=plan_id, BackupSelection=sc.selection_doc(), CreatorRequestId="same"
        )
        assert b["SelectionId"] == a["SelectionId"]
    except ClientError as e:
        assert e.response["Error"]["Code"] == "AlreadyExistsException"
        assert e.response["CreatorRequestId"] == "same"
    listed = client.list_backup_selections(BackupPlanId=plan_id)["BackupSelectionsList"]
    assert [s["SelectionId"] for s in listed] == [a["SelectionId"]]


def test_selection_on_missing_plan_is_refused(client):
    # The model declares no ResourceNotFoundException for CreateBackupSelection;
    # a missing plan is a bad parameter value there.
    with pytest.raises(ClientError) as e:
        client.create_backup_selection(
            BackupPlanId="00000000-0000-0000-0000-000000000000", BackupSelection=sc.selection_doc()
        )
    assert error_of(e) == ("InvalidParameterValueException", 400)
    with pytest.raises(ClientError) as e:
        client.list_backup_selections(BackupPlanId="00000000-0000-0000-0000-000000000000")
    assert error_of(e) == ("ResourceNotFoundException", 400)


def test_selection_with_tag_conditions_round_trips(client, vault):
    plan_id = client.create_backup_plan(BackupPlan=sc.plan_doc())["BackupPlanId"]
    selection = {
        "SelectionName": "by-tags",
        "IamRoleArn": sc.ROLE_ARN,
        "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}],
        "NotResources": ["arn:aws:ec2:us-east-1:123456789012:volume/vol-0fffffffffffffff0"],
        "Conditions": {"StringEquals": [{"ConditionKey": "aws:ResourceTag/env", "ConditionValue": "prod"}]},
    }
    sid = client.create_backup_selection(BackupPlanId=plan_id, BackupSelection=selection)["SelectionId"]
    got = client.get_backup_selection(BackupPlanId=plan_id, SelectionId=sid)["BackupSelection"]
    assert got["ListOfTags"] == selection["ListOfTags"]
    assert got["NotResources"] == selection["NotResources"]
    assert got["Conditions"]["StringEquals"] == selection["Conditions"]["StringEquals"]


def test_selection_with_bad_role_arn_is_refused(raw_client, vault):
    plan_id = raw_client.create_backup_plan(BackupPlan=sc.plan_doc())["BackupPlanId"]
    bad = dict(sc.selection_doc(), IamRoleArn="not-an-arn")
    with pytest.raises(ClientError) as e:
        raw_client.create_backup_selection(BackupPlanId=plan_id, BackupSelection=bad)
    assert error_of(e) == ("InvalidParameterValueException", 400)


def test_scheduled_runs_preview(client, vault):
    # GetBackupPlan's MaxScheduledRunsPreview (0..10): "Number of future
    # scheduled backup runs to preview. When set to 0 (default), no scheduled
    # runs preview is included" (botocore model documentation).
    plan_id = client.create_backup_plan(BackupPlan=sc.plan_doc())["BackupPlanId"]
    plain = client.get_backup_plan(BackupPlanId=plan_id)
    assert "ScheduledRunsPreview" not in plain
    rule_id = plain["BackupPlan"]["Rules"][0]["RuleId"]
    got = client.get_backup_plan(BackupPlanId=plan_id, MaxScheduledRunsPreview=3)
    runs = got.get("ScheduledRunsPreview")
    assert runs and len(runs) == 3, got
    now = datetime.datetime.now(datetime.timezone.utc)
    times = [r["ExecutionTime"].astimezone(datetime.timezone.utc) for r in runs]
    assert times[0] > now
    # cron(0 5 ? * * *) in Etc/UTC: every day at 05:00.
    assert all((t.hour, t.minute, t.second) == (5, 0, 0) for t in times), times
    assert [b - a for a, b in zip(times, times[1:])] == [datetime.timedelta(days=1)] * 2
    assert {r["RuleId"] for r in runs} == {rule_id}
    assert {r["RuleExecutionType"] for r in runs} == {"SNAPSHOTS"}


def test_full_plan_document_round_trips(client, vault):
    doc = {
        "BackupPlanName": "full",
        "Rules": [
            {
                "RuleName": "r1",
                "TargetBackupVaultName": vault,
                "ScheduleExpression": "cron(0 5 ? * * *)",
                "ScheduleExpressionTimezone": "Europe/Paris",
                "EnableContinuousBackup": True,
                "Lifecycle": {"DeleteAfterDays": 35},
                "CopyActions": [
                    {
                        "DestinationBackupVaultArn": "arn:aws:backup:us-west-2:123456789012:backup-vault:dr",
                        "Lifecycle": {"DeleteAfterDays": 60},
                    }
                ],
            }
        ],
        "AdvancedBackupSettings": [{"ResourceType": "EC2", "BackupOptions": {"WindowsVSS": "enabled"}}],
    }
    created = client.create_backup_plan(BackupPlan=doc)
    assert created["AdvancedBackupSettings"] == doc["AdvancedBackupSettings"]
    got = client.get_backup_plan(BackupPlanId=created["BackupPlanId"])
    rule = got["BackupPlan"]["Rules"][0]
    for key in ("ScheduleExpression", "ScheduleExpressionTimezone", "EnableContinuousBackup", "Lifecycle", "CopyActions"):
        assert rule[key] == doc["Rules"][0][key], key
    assert got["BackupPlan"]["AdvancedBackupSettings"] == doc["AdvancedBackupSettings"]
    listed = client.list_backup_plans()["BackupPlansList"][0]
    assert listed["AdvancedBackupSettings"] == doc["AdvancedBackupSettings"]


def test_deleted_plan_is_still_readable_with_deletion_date(client, vault):
    created = client.create_backup_plan(BackupPlan=sc.plan_doc())
    deleted = client.delete_backup_plan(BackupPlanId=created["BackupPlanId"])
    got = client.get_backup_plan(BackupPlanId=created["BackupPlanId"])
    assert got["DeletionDate"] == deleted["DeletionDate"]
    versions = client.list_backup_plan_versions(BackupPlanId=created["BackupPlanId"])["BackupPlanVersionsList"]
    assert [v["VersionId"] for v in versions] == [created["VersionId"]]
    with pytest.raises(ClientError) as e:
        client.update_backup_plan(BackupPlanId=created["BackupPlanId"], BackupPlan=sc.plan_doc(name="again"))
    assert error_of(e) == ("ResourceNotFoundException", 400)
