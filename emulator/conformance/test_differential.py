"""Differential test: one boto3 scenario, run against moto_server and against
the emulator, over the operations both implement (vaults, vault lock, plans
create/get/list/delete, tags). Responses are compared after normalising ids,
plan ARNs' ids and timestamps; every difference must be listed, with the
public evidence for real AWS's behaviour, in known_differences.py — an
unlisted difference, or a listed one that no longer shows, fails the test.
"""

import datetime
import json
import re

from botocore.exceptions import ClientError

import scenario as sc
from known_differences import KNOWN_DIFFERENCES

V = "diff-vault"
ID_KEYS = {"BackupPlanId", "VersionId", "RuleId", "SelectionId"}
IDENTITY_KEYS = ("BackupVaultName", "BackupPlanName", "RuleName", "ReportPlanName")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ABSENT = "<absent>"


def _vault_arn(x):
    return x["create-vault"]["BackupVaultArn"]


def _plan_arn(x):
    return x["create-plan"]["BackupPlanArn"]


def _plan_id(x):
    return x["create-plan"]["BackupPlanId"]


def _create_more_vaults(c, x):
    for n in ("diff-more-1", "diff-more-2", "diff-more-3"):
        c.create_backup_vault(BackupVaultName=n)
    return {}


# (step, call(client, results-so-far)); both servers start empty.
STEPS = [
    ("create-vault", lambda c, x: c.create_backup_vault(
        BackupVaultName=V, CreatorRequestId="cv-1", BackupVaultTags={"team": "a"})),
    ("create-vault-same-request-id", lambda c, x: c.create_backup_vault(
        BackupVaultName=V, CreatorRequestId="cv-1", BackupVaultTags={"team": "a"})),
    ("create-vault-other-request-id", lambda c, x: c.create_backup_vault(
        BackupVaultName=V, CreatorRequestId="cv-2")),
    ("describe-vault", lambda c, x: c.describe_backup_vault(BackupVaultName=V)),
    ("describe-missing-vault", lambda c, x: c.describe_backup_vault(BackupVaultName="diff-missing")),
    ("list-vaults", lambda c, x: c.list_backup_vaults()),
    ("vault-tags", lambda c, x: c.list_tags(ResourceArn=_vault_arn(x))),
    ("tag-vault", lambda c, x: c.tag_resource(ResourceArn=_vault_arn(x), Tags={"env": "dev"})),
    ("untag-vault", lambda c, x: c.untag_resource(ResourceArn=_vault_arn(x), TagKeyList=["team"])),
    ("vault-tags-after", lambda c, x: c.list_tags(ResourceArn=_vault_arn(x))),
    ("lock-vault", lambda c, x: c.put_backup_vault_lock_configuration(
        BackupVaultName=V, MinRetentionDays=1, MaxRetentionDays=30)),
    ("describe-locked-vault", lambda c, x: c.describe_backup_vault(BackupVaultName=V)),
    ("list-locked-vaults", lambda c, x: c.list_backup_vaults()),
    ("lock-vault-changeable-1", lambda c, x: c.put_backup_vault_lock_configuration(
        BackupVaultName=V, ChangeableForDays=1)),
    ("lock-vault-min-above-max", lambda c, x: c.put_backup_vault_lock_configuration(
        BackupVaultName=V, MinRetentionDays=10, MaxRetentionDays=5)),
    ("unlock-vault", lambda c, x: c.delete_backup_vault_lock_configuration(BackupVaultName=V)),
    ("describe-unlocked-vault", lambda c, x: c.describe_backup_vault(BackupVaultName=V)),
    ("lock-missing-vault", lambda c, x: c.put_backup_vault_lock_configuration(
        BackupVaultName="diff-missing", MinRetentionDays=1)),
    ("create-plan", lambda c, x: c.create_backup_plan(
        BackupPlan=sc.plan_doc(name="diff-plan", vault=V), BackupPlanTags={"team": "p"},
        CreatorRequestId="cp-1")),
    ("create-plan-same-request-id", lambda c, x: c.create_backup_plan(
        BackupPlan=sc.plan_doc(name="diff-plan", vault=V), CreatorRequestId="cp-1")),
    ("create-plan-same-document", lambda c, x: c.create_backup_plan(
        BackupPlan=sc.plan_doc(name="diff-plan", vault=V), CreatorRequestId="cp-2")),
    ("get-plan", lambda c, x: c.get_backup_plan(BackupPlanId=_plan_id(x))),
    ("get-plan-version", lambda c, x: c.get_backup_plan(
        BackupPlanId=_plan_id(x), VersionId=x["create-plan"]["VersionId"])),
    ("get-missing-plan", lambda c, x: c.get_backup_plan(BackupPlanId="00000000-0000-0000-0000-000000000000")),
    ("list-plans", lambda c, x: c.list_backup_plans()),
    ("plan-tags", lambda c, x: c.list_tags(ResourceArn=_plan_arn(x))),
    ("tag-plan", lambda c, x: c.tag_resource(ResourceArn=_plan_arn(x), Tags={"env": "dev"})),
    ("plan-tags-after", lambda c, x: c.list_tags(ResourceArn=_plan_arn(x))),
    ("create-second-plan", lambda c, x: c.create_backup_plan(
        BackupPlan=sc.plan_doc(name="diff-plan-2", vault=V))),
    ("delete-second-plan", lambda c, x: c.delete_backup_plan(
        BackupPlanId=x["create-second-plan"]["BackupPlanId"])),
    ("list-plans-live", lambda c, x: c.list_backup_plans()),
    ("list-plans-including-deleted", lambda c, x: c.list_backup_plans(IncludeDeleted=True)),
    ("delete-missing-plan", lambda c, x: c.delete_backup_plan(
        BackupPlanId="00000000-0000-0000-0000-000000000000")),
    ("create-more-vaults", _create_more_vaults),
    ("list-vaults-max-2", lambda c, x: c.list_backup_vaults(MaxResults=2)),
    ("create-invalid-vault-name", lambda c, x: c.create_backup_vault(BackupVaultName="a")),
    ("delete-vault", lambda c, x: c.delete_backup_vault(BackupVaultName="diff-more-1")),
    ("delete-missing-vault", lambda c, x: c.delete_backup_vault(BackupVaultName="diff-missing")),
    ("list-vaults-at-end", lambda c, x: c.list_backup_vaults()),
    ("create-report-plan", lambda c, x: c.create_report_plan(
        ReportPlanName="diff_report", ReportPlanDescription="jobs",
        ReportDeliveryChannel={"S3BucketName": "diff-reports", "Formats": ["CSV"]},
        ReportSetting={"ReportTemplate": "BACKUP_JOB_REPORT"})),
    ("describe-report-plan", lambda c, x: c.describe_report_plan(ReportPlanName="diff_report")),
    ("describe-report-plan-again", lambda c, x: c.describe_report_plan(ReportPlanName="diff_report")),
    ("list-report-plans", lambda c, x: c.list_report_plans()),
    ("delete-report-plan", lambda c, x: c.delete_report_plan(ReportPlanName="diff_report")),
    ("describe-deleted-report-plan", lambda c, x: c.describe_report_plan(ReportPlanName="diff_report")),
    ("describe-deleted-report-plan-again", lambda c, x: c.describe_report_plan(ReportPlanName="diff_report")),
]


def run(client):
    """Outcome of every step: {"ok": response} or {"error": {...}}."""
    results, outcomes = {}, {}
    for step, call in STEPS:
        try:
            resp = call(client, results)
            results[step] = resp
            resp = {k: v for k, v in resp.items() if k != "ResponseMetadata"}
            outcomes[step] = {"ok": resp}
        except ClientError as e:
            r = e.response
            err = {"Code": r["Error"]["Code"], "HTTPStatusCode": r["ResponseMetadata"]["HTTPStatusCode"]}
            for extra in ("CreatorRequestId", "Arn"):
                if extra in r:
                    err[extra] = r[extra]
            outcomes[step] = {"error": err}
    return outcomes


def normalise(value, key=None):
    if isinstance(value, datetime.datetime):
        return "<timestamp>"
    if key in ID_KEYS and isinstance(value, str):
        return "<id>"
    if key == "NextToken" and isinstance(value, str):
        return "<token>"
    if key == "CreatorRequestId" and isinstance(value, str) and UUID.match(value):
        return "<sdk-generated-uuid>"
    if isinstance(value, str):
        value = re.sub(r"backup-plan:[^:/]+$", "backup-plan:<id>", value)
        value = re.sub(r"(report-plan:[A-Za-z0-9_]+)-[0-9a-f-]{36}$", r"\1-<uuid>", value)
        return re.sub(r"^(arn:aws:kms:[^:]*:[0-9]*:key/).+$", r"\1<id>", value)
    if isinstance(value, dict):
        return {k: normalise(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [normalise(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def differences(step, moto, emu, path=""):
    """(step, path, moto value, emulator value) for every difference."""
    if isinstance(moto, dict) and isinstance(emu, dict):
        if path == "" and set(moto) != set(emu):
            # One side failed, the other did not: compare the whole outcome.
            return [(step, "outcome", _show(moto), _show(emu))]
        out = []
        for k in sorted(set(moto) | set(emu)):
            sub = f"{path}.{k}" if path else k
            if k not in moto:
                out.append((step, sub, ABSENT, _show(emu[k])))
            elif k not in emu:
                out.append((step, sub, _show(moto[k]), ABSENT))
            else:
                out += differences(step, moto[k], emu[k], sub)
        return out
    if isinstance(moto, list) and isinstance(emu, list) and _identified(moto + emu):
        # Lists of named things are compared item by item, by name.
        a, b = _by_identity(moto), _by_identity(emu)
        out = []
        for name in sorted(set(a) | set(b)):
            sub = f"{path}[{name}]"
            if name not in a:
                out.append((step, sub, ABSENT, "<item>"))
            elif name not in b:
                out.append((step, sub, "<item>", ABSENT))
            else:
                out += differences(step, a[name], b[name], sub)
        return out
    if isinstance(moto, list) and isinstance(emu, list) and len(moto) == len(emu):
        out = []
        for i, (a, b) in enumerate(zip(moto, emu)):
            out += differences(step, a, b, f"{path}[{i}]")
        return out
    if moto != emu:
        return [(step, path, _show(moto), _show(emu))]
    return []


def _identified(items):
    return bool(items) and all(
        isinstance(i, dict) and any(k in i for k in IDENTITY_KEYS) for i in items
    )


def _by_identity(items):
    out = {}
    for i in items:
        key = next(i[k] for k in IDENTITY_KEYS if k in i)
        if "DeletionDate" in i:
            key += " (deleted)"
        assert key not in out, f"two items named {key}"
        out[key] = i
    return out


def _glob(pattern, text):
    """`*` matches anything; every other character is literal."""
    rx = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(rx, text, re.DOTALL) is not None


def _matches(entry, diff):
    fields = (entry["step"], entry["path"], entry["moto"], entry["emulator"])
    return all(_glob(p, str(v)) for p, v in zip(fields, diff))


def _show(v):
    return json.dumps(v, sort_keys=True) if not isinstance(v, str) else v


def test_scenario_covers_every_operation_both_implement(admin):
    """Shared = operations moto 5.2.5's backup responder implements (from the
    installed moto package) that the emulator also implements."""
    import botocore
    from moto.backup.responses import BackupResponse

    import model_check

    model = model_check.service_model()
    in_moto = {op for op in model.operation_names if callable(getattr(BackupResponse, botocore.xform_name(op), None))}
    shared = {botocore.xform_name(op) for op in in_moto & set(admin.operations())}
    assert len(shared) >= 13, sorted(shared)
    called = set()
    for _, call in STEPS:
        code = call.__code__
        called |= set(code.co_names)
    assert not shared - called, f"scenario misses shared operations {sorted(shared - called)}"


def test_moto_and_emulator_agree_except_known_differences(moto_client, client):
    moto = normalise(run(moto_client))
    emu = normalise(run(client))
    observed = set()
    for step, _ in STEPS:
        observed.update(differences(step, moto[step], emu[step]))
    unexpected = sorted(d for d in observed if not any(_matches(k, d) for k in KNOWN_DIFFERENCES))
    vanished = [k for k in KNOWN_DIFFERENCES if not any(_matches(k, d) for d in observed)]
    report = []
    if unexpected:
        report.append("differences not in known_differences.py:")
        report += [f"  step={s!r} path={p!r} moto={m!r} emulator={e!r}" for s, p, m, e in unexpected]
    if vanished:
        report.append("known differences that no longer show (update known_differences.py):")
        report += [f"  {k['step']} {k['path']}: {k['topic']}" for k in vanished]
    assert not report, "\n".join(report)


def test_every_known_difference_has_evidence():
    seen = set()
    for d in KNOWN_DIFFERENCES:
        assert set(d) == {"step", "path", "moto", "emulator", "topic", "evidence"}, d
        assert any(_glob(d["step"], s) for s, _ in STEPS), d["step"]
        assert d["evidence"].strip() and d["topic"].strip(), d
        key = (d["step"], d["path"], d["moto"], d["emulator"])
        assert key not in seen, f"listed twice: {key}"
        seen.add(key)
