"""The Terraform judge for restore testing: hashicorp/aws (pinned in
`terraform_judge.PROVIDER_VERSION`, from the local mirror) drives
`aws_backup_restore_testing_plan` and `aws_backup_restore_testing_selection`
(one selection by ARN, one by tag conditions) through `init`, `apply`,
`plan -detailed-exitcode` (must find nothing to do) and `destroy` against the
emulator. The provider flattens whatever AWS answers into its state, so a
member the emulator fills differently from AWS shows up as a perpetual diff
or a failed apply. The lifecycle helpers are the main judge's
(`test_terraform.py`).

Skipped, with one line, when `terraform` or the provider mirror is missing.
"""

import json

import pytest

import terraform_judge
from conftest import DEFAULT_ACCOUNT

_REASON = terraform_judge.why_not()
if _REASON:
    pytest.skip(f"Terraform judge not run: {_REASON}", allow_module_level=True)

from test_terraform import REGION, ROLE, Run, _terraform, _workdir  # noqa: E402

VOLUME = f"arn:aws:ec2:{REGION}:{DEFAULT_ACCOUNT}:volume/vol-0123456789abcdef0"


def main_tf(endpoint):
    return f"""
terraform {{
  required_providers {{
    aws = {{ source = "hashicorp/aws", version = "{terraform_judge.PROVIDER_VERSION}" }}
  }}
}}
provider "aws" {{
  region                      = "{REGION}"
  access_key                  = "{DEFAULT_ACCOUNT}"
  secret_key                  = "testing-secret"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {{
    backup = "{endpoint}"
    sts    = "{endpoint}"
  }}
}}
resource "aws_backup_vault" "main" {{
  name = "tf-rt-vault"
}}
resource "aws_backup_restore_testing_plan" "main" {{
  name                         = "tf_restore_test"
  schedule_expression          = "cron(0 2 ? * * *)"
  schedule_expression_timezone = "Europe/Berlin"
  start_window_hours           = 12
  recovery_point_selection {{
    algorithm             = "RANDOM_WITHIN_WINDOW"
    include_vaults        = [aws_backup_vault.main.arn]
    recovery_point_types  = ["SNAPSHOT", "CONTINUOUS"]
    selection_window_days = 7
  }}
  tags = {{ team = "storage" }}
}}
resource "aws_backup_restore_testing_plan" "defaults" {{
  name                = "tf_restore_defaults"
  schedule_expression = "cron(0 5 ? * * *)"
  recovery_point_selection {{
    algorithm            = "LATEST_WITHIN_WINDOW"
    include_vaults       = ["*"]
    recovery_point_types = ["SNAPSHOT"]
  }}
}}
resource "aws_backup_restore_testing_selection" "by_arn" {{
  name                      = "tf_by_arn"
  restore_testing_plan_name = aws_backup_restore_testing_plan.main.name
  protected_resource_type   = "EBS"
  iam_role_arn              = "{ROLE}"
  protected_resource_arns   = ["{VOLUME}"]
}}
resource "aws_backup_restore_testing_selection" "by_tag" {{
  name                      = "tf_by_tag"
  restore_testing_plan_name = aws_backup_restore_testing_plan.main.name
  protected_resource_type   = "EC2"
  iam_role_arn              = "{ROLE}"
  protected_resource_conditions {{
    string_equals {{
      key   = "aws:ResourceTag/restore"
      value = "yes"
    }}
  }}
  validation_window_hours    = 10
  restore_metadata_overrides = {{ instanceType = "t3.micro" }}
}}
"""


@pytest.fixture(scope="module")
def run(emulator_endpoint, admin, tmp_path_factory):
    admin.reset()
    workdir, env = _workdir(tmp_path_factory, "terraform-rt", main_tf(emulator_endpoint))
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


def test_lifecycle_applies_converges_and_destroys(run):
    for step in ("init", "apply", "show"):
        run.ok(step)
    code, _, out = run.steps["plan"]
    assert code == 0, f"plan after apply is not empty (exit {code}): perpetual diff\n{out}"
    run.ok("destroy")
    assert run.state_list_after_destroy == []


def test_restore_testing_plan(run):
    run.ok("apply")
    plans = run.region("apply")["restore_testing_plans"]
    assert sorted(plans) == ["tf_restore_defaults", "tf_restore_test"]
    p = plans["tf_restore_test"]
    vault_arn = f"arn:aws:backup:{REGION}:{DEFAULT_ACCOUNT}:backup-vault:tf-rt-vault"
    assert p["plan"]["RecoveryPointSelection"]["IncludeVaults"] == [vault_arn]
    assert p["plan"]["StartWindowHours"] == 12
    assert p["tags"] == {"team": "storage"}
    # The provider sends a CreatorRequestId of its own.
    assert p["creator_request_id"]
    tf = run.tf_state["aws_backup_restore_testing_plan.main"]
    assert tf["arn"] == p["arn"]
    assert tf["arn"].startswith(f"arn:aws:backup:{REGION}:{DEFAULT_ACCOUNT}:restore-testing-plan:tf_restore_test-")
    assert tf["recovery_point_selection"][0]["exclude_vaults"] == []
    # Defaults the provider reads back (Computed attributes).
    d = run.tf_state["aws_backup_restore_testing_plan.defaults"]
    assert d["schedule_expression_timezone"] == "Etc/UTC"
    assert d["start_window_hours"] == 24
    assert d["recovery_point_selection"][0]["selection_window_days"] == 30
    run.ok("destroy")
    assert run.region("destroy").get("restore_testing_plans", {}) == {}
    assert run.destroy_calls.get("DeleteRestoreTestingPlan") == 2


def test_restore_testing_selections(run):
    run.ok("apply")
    sels = run.region("apply")["restore_testing_plans"]["tf_restore_test"]["selections"]
    assert sorted(sels) == ["tf_by_arn", "tf_by_tag"]
    assert sels["tf_by_arn"]["selection"]["ProtectedResourceArns"] == [VOLUME]
    tag = sels["tf_by_tag"]["selection"]
    assert tag["ProtectedResourceConditions"]["StringEquals"] == [{"Key": "aws:ResourceTag/restore", "Value": "yes"}]
    assert tag["ValidationWindowHours"] == 10
    assert tag["RestoreMetadataOverrides"] == {"instanceType": "t3.micro"}
    tf = run.tf_state["aws_backup_restore_testing_selection.by_tag"]
    assert tf["protected_resource_arns"] == []
    assert tf["protected_resource_conditions"][0]["string_equals"] == [{"key": "aws:ResourceTag/restore", "value": "yes"}]
    run.ok("destroy")
    # Selections go before their plan (AWS refuses a plan that has any).
    assert run.destroy_calls.get("DeleteRestoreTestingSelection") == 2
