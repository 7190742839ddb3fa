"""boto3 against the emulator: restore testing plans and selections (AWS
formats and defaults on read, idempotent creates, updates in place,
validation codes, pagination, tags on the plan ARN, deleting a plan that
still has selections). moto 5.2.5 implements none of these operations, so
there is no differential for them (KNOWN_DIFFERENCES.md).
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


def test_plan_formats_defaults_and_idempotency(client):
    made = client.create_restore_testing_plan(
        RestoreTestingPlan=sc.rtp_doc("nightly"), CreatorRequestId="rtp-1", Tags={"team": "ops"}
    )
    assert made["ResponseMetadata"]["HTTPStatusCode"] == 201
    arn = made["RestoreTestingPlanArn"]
    assert re.fullmatch(
        rf"arn:aws:backup:us-east-1:123456789012:restore-testing-plan:nightly-{UUID}", arn
    ), arn
    assert isinstance(made["CreationTime"], datetime.datetime)
    again = client.create_restore_testing_plan(
        RestoreTestingPlan=sc.rtp_doc("nightly"), CreatorRequestId="rtp-1"
    )
    assert again["RestoreTestingPlanArn"] == arn
    with pytest.raises(ClientError) as e:
        client.create_restore_testing_plan(RestoreTestingPlan=sc.rtp_doc("nightly"))
    assert error_of(e) == ("AlreadyExistsException", 400)

    got = client.get_restore_testing_plan(RestoreTestingPlanName="nightly")["RestoreTestingPlan"]
    assert got["ScheduleExpressionTimezone"] == "Etc/UTC"
    assert got["StartWindowHours"] == 24
    assert got["CreatorRequestId"] == "rtp-1"
    assert got["RecoveryPointSelection"] == {
        "Algorithm": "LATEST_WITHIN_WINDOW",
        "IncludeVaults": ["*"],
        "ExcludeVaults": [],
        "RecoveryPointTypes": ["SNAPSHOT"],
        "SelectionWindowDays": 30,
    }
    assert "LastExecutionTime" not in got
    assert got["LastUpdateTime"] == got["CreationTime"]
    # Without a CreatorRequestId AWS still reports one.
    client.create_restore_testing_plan(RestoreTestingPlan=sc.rtp_doc("other"))
    other = client.get_restore_testing_plan(RestoreTestingPlanName="other")["RestoreTestingPlan"]
    assert other["CreatorRequestId"]

    assert client.list_tags(ResourceArn=arn)["Tags"] == {"team": "ops"}


def test_plan_update_changes_only_what_is_sent(client):
    client.create_restore_testing_plan(RestoreTestingPlan=sc.rtp_doc("p"))
    out = client.update_restore_testing_plan(
        RestoreTestingPlanName="p",
        RestoreTestingPlan={
            "ScheduleExpression": "cron(0 1 ? * 2 *)",
            "RecoveryPointSelection": {
                "Algorithm": "RANDOM_WITHIN_WINDOW",
                "IncludeVaults": ["arn:aws:backup:us-east-1:123456789012:backup-vault:v1"],
                "RecoveryPointTypes": ["SNAPSHOT", "CONTINUOUS"],
                "SelectionWindowDays": 7,
            },
        },
    )
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert out["UpdateTime"] >= out["CreationTime"]
    got = client.get_restore_testing_plan(RestoreTestingPlanName="p")["RestoreTestingPlan"]
    assert got["ScheduleExpression"] == "cron(0 1 ? * 2 *)"
    assert got["StartWindowHours"] == 24
    assert got["RecoveryPointSelection"]["SelectionWindowDays"] == 7
    assert got["RecoveryPointSelection"]["Algorithm"] == "RANDOM_WITHIN_WINDOW"
    with pytest.raises(ClientError) as e:
        client.update_restore_testing_plan(RestoreTestingPlanName="nope", RestoreTestingPlan={})
    assert error_of(e) == ("ResourceNotFoundException", 400)


@pytest.mark.parametrize(
    "change,code",
    [
        ({"RestoreTestingPlanName": "has-dash"}, "InvalidParameterValueException"),
        ({"RestoreTestingPlanName": "x" * 51}, "InvalidParameterValueException"),
        ({"ScheduleExpression": "cron(0 5 * * * *)"}, "InvalidParameterValueException"),
        ({"ScheduleExpressionTimezone": "Nowhere/City"}, "InvalidParameterValueException"),
        ({"StartWindowHours": 169}, "InvalidParameterValueException"),
        ({"StartWindowHours": 0}, "InvalidParameterValueException"),
        ({"RecoveryPointSelection": {"Algorithm": "OLDEST", "IncludeVaults": ["*"], "RecoveryPointTypes": ["SNAPSHOT"]}}, "InvalidParameterValueException"),
        ({"RecoveryPointSelection": {"Algorithm": "LATEST_WITHIN_WINDOW", "IncludeVaults": ["*"], "RecoveryPointTypes": ["TAPE"]}}, "InvalidParameterValueException"),
        ({"RecoveryPointSelection": {"Algorithm": "LATEST_WITHIN_WINDOW", "IncludeVaults": ["*"], "RecoveryPointTypes": ["SNAPSHOT"], "SelectionWindowDays": 0}}, "InvalidParameterValueException"),
        ({"RecoveryPointSelection": {"Algorithm": "LATEST_WITHIN_WINDOW", "RecoveryPointTypes": ["SNAPSHOT"]}}, "MissingParameterValueException"),
        ({"RecoveryPointSelection": {"Algorithm": "LATEST_WITHIN_WINDOW", "IncludeVaults": ["*"], "ExcludeVaults": ["v1"], "RecoveryPointTypes": ["SNAPSHOT"]}}, "InvalidParameterValueException"),
    ],
)
def test_plan_validation(client, change, code):
    doc = {**sc.rtp_doc("bad"), **change}
    with pytest.raises(ClientError) as e:
        client.create_restore_testing_plan(RestoreTestingPlan=doc)
    assert error_of(e) == (code, 400)
    assert client.list_restore_testing_plans()["RestoreTestingPlans"] == []


def test_plans_paginate(client):
    for i in range(5):
        client.create_restore_testing_plan(RestoreTestingPlan=sc.rtp_doc(f"p{i}"))
    names, token, pages = [], None, 0
    while True:
        kw = {"MaxResults": 2, **({"NextToken": token} if token else {})}
        page = client.list_restore_testing_plans(**kw)
        pages += 1
        names += [p["RestoreTestingPlanName"] for p in page["RestoreTestingPlans"]]
        token = page.get("NextToken")
        if not token:
            break
    assert names == [f"p{i}" for i in range(5)]
    assert pages == 3
    first = client.list_restore_testing_plans(MaxResults=1)["RestoreTestingPlans"][0]
    assert set(first) == {
        "CreationTime", "LastUpdateTime", "RestoreTestingPlanArn", "RestoreTestingPlanName",
        "ScheduleExpression", "ScheduleExpressionTimezone", "StartWindowHours",
    }


def test_selections_defaults_update_and_plan_delete(client):
    client.create_restore_testing_plan(RestoreTestingPlan=sc.rtp_doc("rt"))
    out = client.create_restore_testing_selection(
        RestoreTestingPlanName="rt", RestoreTestingSelection=sc.rts_doc("s1"), CreatorRequestId="s-1"
    )
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert out["RestoreTestingSelectionName"] == "s1"
    got = client.get_restore_testing_selection(
        RestoreTestingPlanName="rt", RestoreTestingSelectionName="s1"
    )["RestoreTestingSelection"]
    assert got["ProtectedResourceArns"] == ["*"]
    assert got["ProtectedResourceConditions"] == {"StringEquals": [], "StringNotEquals": []}
    assert got["RestoreMetadataOverrides"] == {}
    assert got["CreatorRequestId"] == "s-1"
    assert "ValidationWindowHours" not in got

    client.update_restore_testing_selection(
        RestoreTestingPlanName="rt",
        RestoreTestingSelectionName="s1",
        RestoreTestingSelection={"ValidationWindowHours": 6, "RestoreMetadataOverrides": {"vpcId": "vpc-1"}},
    )
    got = client.get_restore_testing_selection(
        RestoreTestingPlanName="rt", RestoreTestingSelectionName="s1"
    )["RestoreTestingSelection"]
    assert got["ValidationWindowHours"] == 6
    assert got["RestoreMetadataOverrides"] == {"vpcId": "vpc-1"}
    assert got["ProtectedResourceType"] == "EBS"

    with pytest.raises(ClientError) as e:
        client.delete_restore_testing_plan(RestoreTestingPlanName="rt")
    assert error_of(e) == ("InvalidRequestException", 400)
    d = client.delete_restore_testing_selection(RestoreTestingPlanName="rt", RestoreTestingSelectionName="s1")
    assert d["ResponseMetadata"]["HTTPStatusCode"] == 204
    d = client.delete_restore_testing_plan(RestoreTestingPlanName="rt")
    assert d["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as e:
        client.get_restore_testing_plan(RestoreTestingPlanName="rt")
    assert error_of(e) == ("ResourceNotFoundException", 400)


@pytest.mark.parametrize(
    "change",
    [
        {"ProtectedResourceArns": []},
        {"ProtectedResourceType": "Tape"},
        {"IamRoleArn": "arn:aws:iam::123456789012:user/bob"},
        {"RestoreTestingSelectionName": "a.b"},
        {"ValidationWindowHours": 169},
        {"ProtectedResourceArns": [f"arn:aws:ec2:us-east-1:123456789012:volume/vol-{i}" for i in range(31)]},
        {"ProtectedResourceArns": ["*", "arn:aws:ec2:us-east-1:123456789012:volume/vol-1"]},
        {
            "ProtectedResourceArns": ["arn:aws:ec2:us-east-1:123456789012:volume/vol-1"],
            "ProtectedResourceConditions": {"StringEquals": [{"Key": "k", "Value": "v"}]},
        },
    ],
)
def test_selection_validation(client, change):
    client.create_restore_testing_plan(RestoreTestingPlan=sc.rtp_doc("rt"))
    doc = {**sc.rts_doc("s"), **change}
    with pytest.raises(ClientError) as e:
        client.create_restore_testing_selection(RestoreTestingPlanName="rt", RestoreTestingSelection=doc)
    assert error_of(e) == ("InvalidParameterValueException", 400)


def test_selections_have_no_tags_and_paginate(client):
    client.create_restore_testing_plan(RestoreTestingPlan=sc.rtp_doc("rt"))
    for i in range(3):
        client.create_restore_testing_selection(RestoreTestingPlanName="rt", RestoreTestingSelection=sc.rts_doc(f"s{i}"))
    page = client.list_restore_testing_selections(RestoreTestingPlanName="rt", MaxResults=2)
    assert len(page["RestoreTestingSelections"]) == 2 and page["NextToken"]
    rest = client.list_restore_testing_selections(RestoreTestingPlanName="rt", NextToken=page["NextToken"])
    assert [s["RestoreTestingSelectionName"] for s in rest["RestoreTestingSelections"]] == ["s2"]
    assert "NextToken" not in rest
    # A selection has no ARN of its own; its plan's ARN tags the plan only.
    assert "RestoreTestingSelectionArn" not in page["RestoreTestingSelections"][0]
