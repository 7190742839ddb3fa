"""The Terraform judge: Terraform with the hashicorp/aws provider (pinned in
`terraform_judge.PROVIDER_VERSION`, from a local filesystem mirror, no
network) drives one config holding every `aws_backup_*` resource kind the
emulator implements through `init`, `apply`, `plan -detailed-exitcode` (must
find nothing to do) and `destroy`, against the emulator on 127.0.0.1. The
provider encodes real-AWS response shapes no one here wrote, so each kind's
test asserts on what the emulator stored, what Terraform recorded and what
destroy left. The lifecycle runs once per module (about a minute, mostly the
provider's start-up); the tests read its record.

Skipped, with one line, when `terraform` or the provider mirror is missing.
"""

import json
import os
import subprocess
import time

import pytest

import terraform_judge
from conftest import DEFAULT_ACCOUNT, make_client

_REASON = terraform_judge.why_not()
if _REASON:
    pytest.skip(f"Terraform judge not run: {_REASON}", allow_module_level=True)

REGION = "us-east-1"
ROLE = f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/backup"
TOPIC = f"arn:aws:sns:{REGION}:{DEFAULT_ACCOUNT}:backup-events"
VOLUME = f"arn:aws:ec2:{REGION}:{DEFAULT_ACCOUNT}:volume/vol-0123456789abcdef0"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "deny-delete",
            "Effect": "Deny",
            "Principal": {"AWS": "*"},
            "Action": ["backup:DeleteRecoveryPoint"],
            "Resource": "*",
        }
    ],
}
# Every global setting and every resource type DescribeRegionSettings
# answers: AWS (and the emulator) return all of them, and the provider's
# documentation warns that an unlisted one is a perpetual diff
# (KNOWN_DIFFERENCES.md, "Terraform").
GLOBAL_SETTINGS = {
    "isCrossAccountBackupEnabled": "true",
    "isDelegatedAdministratorEnabled": "false",
    "isMpaEnabled": "false",
}
OPT_IN = {
    "Aurora": True,
    "CloudFormation": False,
    "DSQL": False,
    "DocumentDB": True,
    "DynamoDB": True,
    "EBS": True,
    "EC2": True,
    "EFS": True,
    "EKS": False,
    "FSx": True,
    "Neptune": True,
    "RDS": True,
    "Redshift": False,
    "S3": True,
    "Storage Gateway": True,
    "Timestream": False,
    "VirtualMachine": True,
}
MANAGEMENT = {"DynamoDB": True, "EFS": True}


def _hcl_map(m):
    def val(v):
        return json.dumps(v) if not isinstance(v, bool) else str(v).lower()

    return "{\n" + "".join(f"    {json.dumps(k)} = {val(v)}\n" for k, v in m.items()) + "  }"


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
  name = "tf-main"
  tags = {{ team = "storage" }}
}}
resource "aws_backup_vault" "copy" {{
  name = "tf-copy"
}}
resource "aws_backup_vault_policy" "main" {{
  backup_vault_name = aws_backup_vault.main.name
  policy            = {json.dumps(json.dumps(POLICY))}
}}
resource "aws_backup_vault_notifications" "main" {{
  backup_vault_name   = aws_backup_vault.main.name
  sns_topic_arn       = "{TOPIC}"
  backup_vault_events = ["BACKUP_JOB_STARTED", "RESTORE_JOB_COMPLETED"]
}}
resource "aws_backup_vault_lock_configuration" "copy" {{
  backup_vault_name  = aws_backup_vault.copy.name
  min_retention_days = 7
  max_retention_days = 365
}}
resource "aws_backup_plan" "main" {{
  name = "tf-plan"
  rule {{
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 5 ? * * *)"
    start_window      = 60
    completion_window = 180
    lifecycle {{
      cold_storage_after = 30
      delete_after       = 120
    }}
    copy_action {{
      destination_vault_arn = aws_backup_vault.copy.arn
      lifecycle {{
        delete_after = 90
      }}
    }}
    recovery_point_tags = {{ source = "tf" }}
  }}
  advanced_backup_setting {{
    backup_options = {{ WindowsVSS = "enabled" }}
    resource_type  = "EC2"
  }}
  tags = {{ team = "storage" }}
}}
resource "aws_backup_selection" "main" {{
  name         = "tf-selection"
  plan_id      = aws_backup_plan.main.id
  iam_role_arn = "{ROLE}"
  resources    = ["{VOLUME}"]
  condition {{
    string_equals {{
      key   = "aws:ResourceTag/backup"
      value = "daily"
    }}
  }}
}}
resource "aws_backup_global_settings" "main" {{
  global_settings = {_hcl_map(GLOBAL_SETTINGS)}
}}
resource "aws_backup_region_settings" "main" {{
  resource_type_opt_in_preference     = {_hcl_map(OPT_IN)}
  resource_type_management_preference = {_hcl_map(MANAGEMENT)}
}}
"""


class Run:
    """Record of one init/apply/plan/destroy lifecycle."""

    def __init__(self):
        self.steps = {}  # name -> (exit code, seconds, output)
        self.tf_state = {}  # resource address -> values, after apply
        self.emu_after_apply = None
        self.emu_after_destroy = None
        self.destroy_calls = {}
        self.state_list_after_destroy = None
        self.plans_listed_after_destroy = None

    def ok(self, step):
        code, _, out = self.steps[step]
        assert code == 0, f"terraform {step} exited {code}:\n{out}"

    def account(self, when):
        doc = self.emu_after_apply if when == "apply" else self.emu_after_destroy
        return doc["accounts"][DEFAULT_ACCOUNT]

    def region(self, when):
        return self.account(when)["regions"][REGION]


def _terraform(workdir, env, name, *args, record):
    start = time.monotonic()
    proc = subprocess.run(
        ["terraform", *args],
        cwd=workdir,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    record.steps[name] = (proc.returncode, time.monotonic() - start, proc.stdout + proc.stderr)
    return proc


def _workdir(tmp_path_factory, name, hcl):
    """A temp dir holding `hcl` as main.tf, and the environment Terraform
    runs with there (mirror-only CLI config, data dir inside, no AWS_/TF_
    variables of the caller)."""
    workdir = tmp_path_factory.mktemp(name)
    rc = workdir / "terraformrc"
    rc.write_text(
        "provider_installation {\n  filesystem_mirror {\n"
        f"    path    = {json.dumps(terraform_judge.find_mirror())}\n"
        '    include = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n'
    )
    (workdir / "main.tf").write_text(hcl)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TF_", "AWS_")) and k not in ("HTTP_PROXY", "HTTPS_PROXY")
    }
    env.update(
        {
            "TF_CLI_CONFIG_FILE": str(rc),
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "TF_DATA_DIR": str(workdir / ".terraform-data"),
            "CHECKPOINT_DISABLE": "1",
            "NO_PROXY": "127.0.0.1",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        }
    )
    return workdir, env


@pytest.fixture(scope="module")
def run(emulator_endpoint, admin, tmp_path_factory):
    admin.reset()
    workdir, env = _workdir(tmp_path_factory, "terraform", main_tf(emulator_endpoint))
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
    r.plans_listed_after_destroy = make_client(emulator_endpoint).list_backup_plans()[
        "BackupPlansList"
    ]
    listed = _terraform(workdir, env, "state-list", "state", "list", record=r)
    r.state_list_after_destroy = listed.stdout.split()
    print(
        "terraform judge: "
        + ", ".join(f"{k} {v[1]:.1f}s (exit {v[0]})" for k, v in r.steps.items())
    )
    return r


def test_lifecycle_applies_converges_and_destroys(run):
    for step in ("init", "apply", "show"):
        run.ok(step)
    code, _, out = run.steps["plan"]
    assert code == 0, f"plan after apply is not empty (exit {code}): perpetual diff\n{out}"
    run.ok("destroy")
    assert run.state_list_after_destroy == []


def test_vault(run):
    run.ok("apply")
    vaults = run.region("apply")["vaults"]
    assert sorted(vaults) == ["tf-copy", "tf-main"]
    assert vaults["tf-main"]["tags"] == {"team": "storage"}
    tf = run.tf_state["aws_backup_vault.main"]
    assert tf["arn"] == f"arn:aws:backup:{REGION}:{DEFAULT_ACCOUNT}:backup-vault:tf-main"
    assert tf["id"] == "tf-main"
    assert tf["recovery_points"] == 0
    assert tf["kms_key_arn"].startswith(f"arn:aws:kms:{REGION}:{DEFAULT_ACCOUNT}:key/")
    run.ok("destroy")
    assert run.region("destroy")["vaults"] == {}
    assert run.destroy_calls.get("DeleteBackupVault") == 2


def test_vault_policy(run):
    run.ok("apply")
    stored = run.region("apply")["vaults"]["tf-main"]["access_policy"]
    assert json.loads(stored) == POLICY
    tf = run.tf_state["aws_backup_vault_policy.main"]
    assert json.loads(tf["policy"]) == POLICY
    assert tf["backup_vault_arn"] == run.tf_state["aws_backup_vault.main"]["arn"]
    run.ok("destroy")
    assert run.destroy_calls.get("DeleteBackupVaultAccessPolicy") == 1


def test_vault_notifications(run):
    run.ok("apply")
    stored = run.region("apply")["vaults"]["tf-main"]["notifications"]
    assert stored["sns_topic_arn"] == TOPIC
    assert sorted(stored["events"]) == ["BACKUP_JOB_STARTED", "RESTORE_JOB_COMPLETED"]
    tf = run.tf_state["aws_backup_vault_notifications.main"]
    assert sorted(tf["backup_vault_events"]) == ["BACKUP_JOB_STARTED", "RESTORE_JOB_COMPLETED"]
    assert tf["backup_vault_arn"] == run.tf_state["aws_backup_vault.main"]["arn"]
    run.ok("destroy")
    assert run.destroy_calls.get("DeleteBackupVaultNotifications") == 1


def test_vault_lock_configuration(run):
    run.ok("apply")
    lock = run.region("apply")["vaults"]["tf-copy"]["lock"]
    assert (lock["min_retention_days"], lock["max_retention_days"]) == (7, 365)
    assert lock["lock_date"] is None  # governance mode: no changeable_for_days
    tf = run.tf_state["aws_backup_vault_lock_configuration.copy"]
    assert (tf["min_retention_days"], tf["max_retention_days"]) == (7, 365)
    run.ok("destroy")
    assert run.destroy_calls.get("DeleteBackupVaultLockConfiguration") == 1


def test_plan(run):
    run.ok("apply")
    plans = run.region("apply")["plans"]
    assert len(plans) == 1
    (plan,) = plans.values()
    doc = plan["versions"][-1]["document"]
    (rule,) = doc["Rules"]
    assert rule["RuleName"] == "daily"
    assert rule["TargetBackupVaultName"] == "tf-main"
    assert rule["ScheduleExpression"] == "cron(0 5 ? * * *)"
    assert (rule["StartWindowMinutes"], rule["CompletionWindowMinutes"]) == (60, 180)
    assert rule["Lifecycle"] == {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 120}
    copy_arn = f"arn:aws:backup:{REGION}:{DEFAULT_ACCOUNT}:backup-vault:tf-copy"
    assert rule["CopyActions"] == [
        {"DestinationBackupVaultArn": copy_arn, "Lifecycle": {"DeleteAfterDays": 90}}
    ]
    assert rule["RecoveryPointTags"] == {"source": "tf"}
    assert doc["AdvancedBackupSettings"] == [
        {"BackupOptions": {"WindowsVSS": "enabled"}, "ResourceType": "EC2"}
    ]
    assert plan["tags"] == {"team": "storage"}
    tf = run.tf_state["aws_backup_plan.main"]
    assert tf["id"] == plan["id"]
    assert tf["version"] == plan["versions"][-1]["version_id"]
    assert tf["arn"] == f"arn:aws:backup:{REGION}:{DEFAULT_ACCOUNT}:backup-plan:{plan['id']}"
    run.ok("destroy")
    (gone,) = run.region("destroy")["plans"].values()
    assert gone["deletion_date"] is not None  # AWS keeps deleted plans, marked
    assert gone["selections"] == {}
    assert run.plans_listed_after_destroy == []


def test_selection(run):
    run.ok("apply")
    (plan,) = run.region("apply")["plans"].values()
    (sel,) = plan["selections"].values()
    s = sel["selection"]
    assert s["SelectionName"] == "tf-selection"
    assert s["IamRoleArn"] == ROLE
    assert s["Resources"] == [VOLUME]
    assert s["Conditions"]["StringEquals"] == [
        {"ConditionKey": "aws:ResourceTag/backup", "ConditionValue": "daily"}
    ]
    tf = run.tf_state["aws_backup_selection.main"]
    assert tf["id"] == sel["id"]
    assert tf["plan_id"] == plan["id"]
    run.ok("destroy")
    assert run.destroy_calls.get("DeleteBackupSelection") == 1


def test_global_settings(run):
    run.ok("apply")
    assert run.account("apply")["global_settings"]["isCrossAccountBackupEnabled"] == "true"
    tf = run.tf_state["aws_backup_global_settings.main"]
    assert tf["id"] == DEFAULT_ACCOUNT  # the account id, read from STS GetCallerIdentity
    assert tf["global_settings"] == GLOBAL_SETTINGS
    run.ok("destroy")
    # The provider's delete is a no-op (settings cannot be deleted): destroy
    # only forgets them, and the emulator keeps them.
    assert "UpdateGlobalSettings" not in run.destroy_calls
    assert run.account("destroy")["global_settings"] == run.account("apply")["global_settings"]


def test_region_settings(run):
    run.ok("apply")
    region = run.region("apply")
    for k, v in OPT_IN.items():
        assert region["opt_in"].get(k, v) == v, k
    assert region["management"] == MANAGEMENT
    tf = run.tf_state["aws_backup_region_settings.main"]
    assert tf["id"] == REGION
    assert tf["resource_type_opt_in_preference"] == OPT_IN
    assert tf["resource_type_management_preference"] == MANAGEMENT
    run.ok("destroy")
    assert "UpdateRegionSettings" not in run.destroy_calls
    assert run.region("destroy")["opt_in"] == region["opt_in"]


def test_settings_not_listed_are_a_perpetual_diff_as_against_aws(emulator_endpoint, tmp_path_factory):
    """Describe*Settings answer every key, set or not, as AWS does
    (KNOWN_DIFFERENCES.md, "Terraform"), so a config listing only some keys
    never converges: the plan after apply wants to drop the others."""
    hcl = main_tf(emulator_endpoint)
    hcl = hcl[: hcl.index('resource "aws_backup_vault" "main"')] + """
resource "aws_backup_global_settings" "main" {
  global_settings = { isCrossAccountBackupEnabled = "true" }
}
resource "aws_backup_region_settings" "main" {
  resource_type_opt_in_preference = { EBS = true, EC2 = true }
}
"""
    workdir, env = _workdir(tmp_path_factory, "terraform-partial", hcl)
    r = Run()
    common = ("-input=false", "-no-color")
    _terraform(workdir, env, "init", "init", *common, record=r)
    r.ok("init")
    _terraform(workdir, env, "apply", "apply", "-auto-approve", *common, record=r)
    r.ok("apply")
    _terraform(workdir, env, "plan", "plan", "-detailed-exitcode", *common, record=r)
    code, _, out = r.steps["plan"]
    assert code == 2, out
    for key in ("isMpaEnabled", "isDelegatedAdministratorEnabled", "EKS", "Aurora"):
        assert f'- "{key}"' in out, (key, out)
