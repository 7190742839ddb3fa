"""The Terraform judge for `aws_backup_logically_air_gapped_vault` (with a
vault policy and notifications on it): hashicorp/aws 5.100 applies it
against the emulator (the provider waits for VaultState AVAILABLE, reading
DescribeBackupVault until it sees AVAILABLE twice), `plan
-detailed-exitcode` must find nothing to do (the provider reads back
name, ARN and MinRetentionDays/MaxRetentionDays) and `destroy` must
delete it. Reuses the harness of `test_terraform.py`.
"""

import json

import pytest

import terraform_judge
from conftest import DEFAULT_ACCOUNT

_REASON = terraform_judge.why_not()
if _REASON:
    pytest.skip(f"Terraform judge not run: {_REASON}", allow_module_level=True)

from test_terraform import POLICY, REGION, TOPIC, Run, _terraform, _workdir, main_tf  # noqa: E402

ARN = f"arn:aws:backup:{REGION}:{DEFAULT_ACCOUNT}:backup-vault:tf-lag"


def air_gapped_tf(endpoint):
    # The provider block of the main judge config, then our resources.
    header = main_tf(endpoint).split('resource "aws_backup_vault" "main"')[0]
    return header + f"""
resource "aws_backup_logically_air_gapped_vault" "lag" {{
  name               = "tf-lag"
  min_retention_days = 7
  max_retention_days = 90
  tags               = {{ team = "security" }}
}}
resource "aws_backup_vault_policy" "lag" {{
  backup_vault_name = aws_backup_logically_air_gapped_vault.lag.name
  policy            = {json.dumps(json.dumps(POLICY))}
}}
resource "aws_backup_vault_notifications" "lag" {{
  backup_vault_name   = aws_backup_logically_air_gapped_vault.lag.name
  sns_topic_arn       = "{TOPIC}"
  backup_vault_events = ["BACKUP_JOB_FAILED"]
}}
"""


@pytest.fixture(scope="module")
def run(emulator_endpoint, admin, tmp_path_factory):
    admin.reset()
    workdir, env = _workdir(tmp_path_factory, "terraform-lag", air_gapped_tf(emulator_endpoint))
    r = Run()
    common = ("-input=false", "-no-color")
    if _terraform(workdir, env, "init", "init", *common, record=r).returncode != 0:
        return r
    if _terraform(workdir, env, "apply", "apply", "-auto-approve", *common, record=r).returncode:
        return r
    r.emu_after_apply = admin.state()
    show = _terraform(workdir, env, "show", "show", "-json", "-no-color", record=r)
    if show.returncode == 0:
        values = json.loads(show.stdout).get("values", {})
        for res in values.get("root_module", {}).get("resources", []):
            r.tf_state[res["address"]] = res["values"]
    _terraform(workdir, env, "plan", "plan", "-detailed-exitcode", *common, record=r)
    admin.call("POST", "counters/reset")
    _terraform(workdir, env, "destroy", "destroy", "-auto-approve", *common, record=r)
    r.destroy_calls = admin.counters()
    r.emu_after_destroy = admin.state()
    listed = _terraform(workdir, env, "state-list", "state", "list", record=r)
    r.state_list_after_destroy = listed.stdout.split()
    return r


def test_air_gapped_vault_applies_converges_and_destroys(run):
    for step in ("init", "apply", "show"):
        run.ok(step)
    vault = run.region("apply")["vaults"]["tf-lag"]
    assert vault["vault_type"] == "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"
    assert (vault["lock"]["min_retention_days"], vault["lock"]["max_retention_days"]) == (7, 90)
    assert vault["tags"] == {"team": "security"}
    assert json.loads(vault["access_policy"]) == POLICY
    assert vault["notifications"]["events"] == ["BACKUP_JOB_FAILED"]
    # The provider waited until the emulator reported AVAILABLE.
    assert "creating" not in vault
    tf = run.tf_state["aws_backup_logically_air_gapped_vault.lag"]
    assert (tf["id"], tf["arn"]) == ("tf-lag", ARN)
    assert (tf["min_retention_days"], tf["max_retention_days"]) == (7, 90)
    code, _, out = run.steps["plan"]
    assert code == 0, f"plan after apply is not empty (exit {code}): perpetual diff\n{out}"
    run.ok("destroy")
    assert run.state_list_after_destroy == []
    assert run.region("destroy")["vaults"] == {}
    assert run.destroy_calls.get("DeleteBackupVault") == 1
    assert run.destroy_calls.get("DeleteBackupVaultAccessPolicy") == 1
    assert run.destroy_calls.get("DeleteBackupVaultNotifications") == 1
