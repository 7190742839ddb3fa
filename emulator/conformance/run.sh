#!/usr/bin/env bash
# Runs the emulator conformance suite (botocore model, boto3, moto differential,
# Terraform's hashicorp/aws provider when terraform and its mirror are present).
# Builds a pinned Python venv from requirements.txt when missing or when the
# requirements changed, builds the emulator and backupctl binaries, then runs
# pytest.
# Usage: bash emulator/conformance/run.sh [pytest args...]
# Env: CONFORMANCE_VENV (default $REPO/target/conformance-venv), CARGO_TARGET_DIR,
#      PYTHON (interpreter used to create the venv, default python3),
#      TF_PLUGIN_MIRROR (filesystem mirror holding the hashicorp/aws provider).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

venv="${CONFORMANCE_VENV:-$repo/target/conformance-venv}"
req="$here/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"

if [[ ! -x "$venv/bin/python" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    echo "conformance: creating venv $venv from $req" >&2
    rm -rf "$venv"
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
    echo "$want" > "$stamp"
fi

echo "conformance: building backup-emulator and backupctl" >&2
cargo build --quiet -p backupctl-emulator --bin backup-emulator
cargo build --quiet --bin backupctl
if [[ -n "${CARGO_TARGET_DIR:-}" ]]; then
    target_dir="$CARGO_TARGET_DIR"
else
    target_dir="$(cargo metadata --format-version 1 --no-deps \
        | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
fi
BACKUP_EMULATOR_BIN="$target_dir/debug/backup-emulator"
if [[ ! -x "$BACKUP_EMULATOR_BIN" ]]; then
    echo "conformance: emulator binary not found at $BACKUP_EMULATOR_BIN" >&2
    exit 1
fi
export BACKUP_EMULATOR_BIN
BACKUPCTL_BIN="$target_dir/debug/backupctl"
if [[ ! -x "$BACKUPCTL_BIN" ]]; then
    echo "conformance: backupctl binary not found at $BACKUPCTL_BIN" >&2
    exit 1
fi
export BACKUPCTL_BIN

# Never let boto3 look for real credentials, IMDS or a real endpoint.
export AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_BACKUP || true
export PYTHONDONTWRITEBYTECODE=1

# The Terraform judge (test_terraform.py) needs terraform and the provider
# mirror; without them its module skips, and this says so in one line.
if ! tf_reason="$("$venv/bin/python" "$here/terraform_judge.py")"; then
    echo "conformance: Terraform judge did not run: $tf_reason" >&2
fi

status=0
"$venv/bin/python" -m pytest "$here" -q -p no:cacheprovider "$@" || status=$?
if [[ $status -eq 5 ]]; then
    echo "conformance: no tests were collected; that is a failure" >&2
    exit 1
fi
exit $status
