"""Pagination through boto3's own paginators (and NextToken loops where boto3
has none): more than one page of every listing, small page sizes, nothing
lost, nothing duplicated, page sizes honoured, bad tokens refused.
"""

import pytest
from botocore.exceptions import ClientError

import scenario as sc


def paged(client, method, key, page_size, **params):
    """Items of every page, and the list of page lengths."""
    pages = client.get_paginator(method).paginate(PaginationConfig={"PageSize": page_size}, **params)
    items, sizes = [], []
    for page in pages:
        sizes.append(len(page[key]))
        items.extend(page[key])
    return items, sizes


def check_sizes(sizes, total, page_size):
    assert sum(sizes) == total
    assert all(s <= page_size for s in sizes), sizes
    assert len(sizes) >= -(-total // page_size), sizes
    assert all(s == page_size for s in sizes[: total // page_size]), sizes


def test_vaults_paginate(client):
    names = [f"conf-vault-{i:02d}" for i in range(23)]
    for n in names:
        client.create_backup_vault(BackupVaultName=n)
    items, sizes = paged(client, "list_backup_vaults", "BackupVaultList", 5)
    got = [v["BackupVaultName"] for v in items]
    assert sorted(got) == names and len(set(got)) == len(got)
    check_sizes(sizes, 23, 5)


def test_plans_paginate_with_and_without_deleted(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    ids = [client.create_backup_plan(BackupPlan=sc.plan_doc(name=f"plan-{i:02d}"))["BackupPlanId"] for i in range(12)]
    for plan_id in ids[:3]:
        client.delete_backup_plan(BackupPlanId=plan_id)
    items, sizes = paged(client, "list_backup_plans", "BackupPlansList", 4)
    got = [p["BackupPlanId"] for p in items]
    assert sorted(got) == sorted(ids[3:]) and len(set(got)) == len(got)
    check_sizes(sizes, 9, 4)
    items, sizes = paged(client, "list_backup_plans", "BackupPlansList", 4, IncludeDeleted=True)
    got = [p["BackupPlanId"] for p in items]
    assert sorted(got) == sorted(ids) and len(set(got)) == len(got)
    check_sizes(sizes, 12, 4)


def test_selections_paginate(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    plan_id = client.create_backup_plan(BackupPlan=sc.plan_doc())["BackupPlanId"]
    sids = [
        client.create_backup_selection(BackupPlanId=plan_id, BackupSelection=sc.selection_doc(f"sel-{i:02d}"))[
            "SelectionId"
        ]
        for i in range(11)
    ]
    items, sizes = paged(client, "list_backup_selections", "BackupSelectionsList", 3, BackupPlanId=plan_id)
    got = [s["SelectionId"] for s in items]
    assert sorted(got) == sorted(sids) and len(set(got)) == len(got)
    check_sizes(sizes, 11, 3)


def test_plan_versions_paginate(client):
    client.create_backup_vault(BackupVaultName="conf-vault")
    created = client.create_backup_plan(BackupPlan=sc.plan_doc())
    versions = [created["VersionId"]]
    for i in range(10):
        rules = [{"RuleName": f"r{i}", "TargetBackupVaultName": "conf-vault"}]
        versions.append(
            client.update_backup_plan(BackupPlanId=created["BackupPlanId"], BackupPlan=sc.plan_doc(rules=rules))[
                "VersionId"
            ]
        )
    assert len(set(versions)) == 11
    items, sizes = paged(
        client, "list_backup_plan_versions", "BackupPlanVersionsList", 3, BackupPlanId=created["BackupPlanId"]
    )
    got = [v["VersionId"] for v in items]
    assert sorted(got) == sorted(versions) and len(set(got)) == len(got)
    check_sizes(sizes, 11, 3)


def test_backup_jobs_paginate(client, admin):
    ids = admin.seed_jobs([sc.job(created=1_700_000_000 + i) for i in range(23)])["BackupJobIds"]
    items, sizes = paged(client, "list_backup_jobs", "BackupJobs", 5)
    got = [j["BackupJobId"] for j in items]
    assert sorted(got) == sorted(ids) and len(set(got)) == len(got)
    check_sizes(sizes, 23, 5)
    items, sizes = paged(client, "list_backup_jobs", "BackupJobs", 2, ByState="COMPLETED")
    assert len(items) == 23


def test_recovery_points_paginate(client, admin):
    client.create_backup_vault(BackupVaultName="conf-vault")
    admin.seed_recovery_points("conf-vault", 13)
    items, sizes = paged(client, "list_recovery_points_by_backup_vault", "RecoveryPoints", 4, BackupVaultName="conf-vault")
    arns = [p["RecoveryPointArn"] for p in items]
    assert len(arns) == 13 and len(set(arns)) == 13
    check_sizes(sizes, 13, 4)


def test_list_tags_pages_with_next_token(client):
    tags = {f"key-{i:02d}": str(i) for i in range(17)}
    arn = client.create_backup_vault(BackupVaultName="conf-vault", BackupVaultTags=tags)["BackupVaultArn"]
    seen, sizes, token = {}, [], None
    while True:
        kw = {"NextToken": token} if token else {}
        page = client.list_tags(ResourceArn=arn, MaxResults=5, **kw)
        sizes.append(len(page["Tags"]))
        assert not set(seen) & set(page["Tags"])
        seen.update(page["Tags"])
        token = page.get("NextToken")
        if not token:
            break
    assert seen == tags
    check_sizes(sizes, 17, 5)


def test_job_summaries_page_with_next_token(client, admin):
    import time

    now = int(time.time())
    types = ["EBS", "RDS", "EFS", "DynamoDB", "S3"]
    admin.seed_jobs([sc.job(rtype=t, created=now - 60) for t in types])
    rows, token = [], None
    for _ in range(20):
        kw = {"NextToken": token} if token else {}
        page = client.list_backup_job_summaries(AggregationPeriod="SEVEN_DAYS", MaxResults=2, **kw)
        assert len(page["BackupJobSummaries"]) <= 2
        rows.extend(page["BackupJobSummaries"])
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(r["ResourceType"] for r in rows) == sorted(types)


def test_legal_holds_and_their_recovery_points_paginate(client, admin):
    client.create_backup_vault(BackupVaultName="conf-vault")
    admin.seed_recovery_points("conf-vault", 13)
    ids = [
        client.create_legal_hold(
            Title=f"hold-{i}", Description="d", RecoveryPointSelection={"VaultNames": ["conf-vault"]}
        )["LegalHoldId"]
        for i in range(11)
    ]
    items, sizes = paged(client, "list_legal_holds", "LegalHolds", 4)
    assert sorted(h["LegalHoldId"] for h in items) == sorted(ids)
    check_sizes(sizes, 11, 4)
    items, sizes = paged(client, "list_recovery_points_by_legal_hold", "RecoveryPoints", 5, LegalHoldId=ids[0])
    assert len({p["RecoveryPointArn"] for p in items}) == 13
    check_sizes(sizes, 13, 5)


def test_copy_and_restore_jobs_paginate(client, admin):
    copy_ids = admin.seed_copy_jobs([sc.copy_job(created=1_700_000_000 + i) for i in range(17)])["CopyJobIds"]
    items, sizes = paged(client, "list_copy_jobs", "CopyJobs", 5)
    assert [j["CopyJobId"] for j in items] == list(reversed(copy_ids))
    check_sizes(sizes, 17, 5)
    restore_ids = admin.seed_restore_jobs(
        [sc.restore_job(created=1_700_000_000 + i) for i in range(9)]
    )["RestoreJobIds"]
    items, sizes = paged(client, "list_restore_jobs", "RestoreJobs", 4)
    assert [j["RestoreJobId"] for j in items] == list(reversed(restore_ids))
    check_sizes(sizes, 9, 4)
    items, sizes = paged(
        client, "list_restore_jobs_by_protected_resource", "RestoreJobs", 2, ResourceArn=sc.VOLUME_ARN
    )
    assert len(items) == 9
    check_sizes(sizes, 9, 2)
def test_restore_testing_plans_paginate(client):
    names = [f"rtp_{i:02d}" for i in range(11)]
    for n in names:
        client.create_restore_testing_plan(RestoreTestingPlan=sc.rtp_doc(n))
    items, sizes = paged(client, "list_restore_testing_plans", "RestoreTestingPlans", 4)
    assert [p["RestoreTestingPlanName"] for p in items] == names
    check_sizes(sizes, 11, 4)


def test_restore_testing_selections_paginate(client):
    client.create_restore_testing_plan(RestoreTestingPlan=sc.rtp_doc("rt"))
    names = [f"rts_{i:02d}" for i in range(7)]
    for n in names:
        client.create_restore_testing_selection(RestoreTestingPlanName="rt", RestoreTestingSelection=sc.rts_doc(n))
    items, sizes = paged(
        client, "list_restore_testing_selections", "RestoreTestingSelections", 3, RestoreTestingPlanName="rt"
    )
    assert [s["RestoreTestingSelectionName"] for s in items] == names
    check_sizes(sizes, 7, 3)


def test_tiering_configurations_paginate(client):
    names = [f"tier_{i:02d}" for i in range(7)]
    for i, n in enumerate(names):
        client.create_backup_vault(BackupVaultName=f"conf-vault-{i:02d}")
        client.create_tiering_configuration(TieringConfiguration=sc.tiering_doc(name=n, vault=f"conf-vault-{i:02d}"))
    items, sizes = paged(client, "list_tiering_configurations", "TieringConfigurations", 3)
    got = [t["TieringConfigurationName"] for t in items]
    assert sorted(got) == names and len(set(got)) == len(got)
    check_sizes(sizes, 7, 3)


@pytest.mark.parametrize(
    "method,params",
    [
        ("list_restore_testing_plans", {}),
        ("list_backup_vaults", {}),
        ("list_frameworks", {}),
        ("list_report_plans", {}),
        ("list_legal_holds", {}),
        ("list_copy_jobs", {}),
        ("list_restore_jobs", {}),
        ("list_backup_plans", {}),
        ("list_backup_jobs", {}),
        ("list_tiering_configurations", {}),
    ],
)
def test_garbage_next_token_is_refused(client, method, params):
    with pytest.raises(ClientError) as e:
        getattr(client, method)(NextToken="not-a-token-we-issued", **params)
    assert e.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_max_results_out_of_range_is_refused(raw_client):
    for bad in (0, 1001):
        with pytest.raises(ClientError) as e:
            raw_client.list_backup_vaults(MaxResults=bad)
        assert e.value.response["Error"]["Code"] == "InvalidParameterValueException"


def test_restore_access_vaults_paginate(client):
    arn = client.create_logically_air_gapped_backup_vault(
        BackupVaultName="conf-lag", MinRetentionDays=7, MaxRetentionDays=30
    )["BackupVaultArn"]
    names = [f"conf-ra-{i:02d}" for i in range(7)]
    for n in names:
        client.create_restore_access_backup_vault(SourceBackupVaultArn=arn, BackupVaultName=n)
    # Another source's restore access vault is not listed.
    other = client.create_logically_air_gapped_backup_vault(
        BackupVaultName="conf-lag-2", MinRetentionDays=7, MaxRetentionDays=30
    )["BackupVaultArn"]
    client.create_restore_access_backup_vault(SourceBackupVaultArn=other, BackupVaultName="conf-ra-other")
    items, sizes = paged(
        client, "list_restore_access_backup_vaults", "RestoreAccessBackupVaults", 3, BackupVaultName="conf-lag"
    )
    got = [r["RestoreAccessBackupVaultArn"].rsplit(":", 1)[1] for r in items]
    assert sorted(got) == names and len(set(got)) == len(got)
    check_sizes(sizes, 7, 3)


# Each botocore paginator of an emulated operation, and the test above that
# drives it over more than one page.
PAGINATED = {
    "list_backup_vaults": test_vaults_paginate,
    "list_backup_plans": test_plans_paginate_with_and_without_deleted,
    "list_backup_selections": test_selections_paginate,
    "list_backup_plan_versions": test_plan_versions_paginate,
    "list_backup_jobs": test_backup_jobs_paginate,
    "list_recovery_points_by_backup_vault": test_recovery_points_paginate,
    "list_legal_holds": test_legal_holds_and_their_recovery_points_paginate,
    "list_recovery_points_by_legal_hold": test_legal_holds_and_their_recovery_points_paginate,
    "list_copy_jobs": test_copy_and_restore_jobs_paginate,
    "list_restore_jobs": test_copy_and_restore_jobs_paginate,
    "list_restore_jobs_by_protected_resource": test_copy_and_restore_jobs_paginate,
    "list_restore_access_backup_vaults": test_restore_access_vaults_paginate,
    "list_restore_testing_plans": test_restore_testing_plans_paginate,
    "list_restore_testing_selections": test_restore_testing_selections_paginate,
    "list_tiering_configurations": test_tiering_configurations_paginate,
}


def test_every_botocore_paginator_of_an_emulated_operation_is_driven(client, admin):
    import botocore

    emulated = {botocore.xform_name(op) for op in admin.operations()}
    with_paginator = {m for m in emulated if client.can_paginate(m)}
    assert with_paginator == set(PAGINATED), sorted(with_paginator ^ set(PAGINATED))
