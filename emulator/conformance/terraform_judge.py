"""Finds what the Terraform judge (`test_terraform.py`) needs: `terraform`
on PATH and the pinned hashicorp/aws provider in a local filesystem mirror.
Run as a script it prints why the judge cannot run (one line, exit 1) or
nothing (exit 0); run.sh uses that to say so in one line.
"""

import glob
import os
import shutil
import sys

PROVIDER_VERSION = "5.100.0"
_PROVIDER_DIR = f"registry.terraform.io/hashicorp/aws/{PROVIDER_VERSION}"
# Where machines of this kind keep the mirror; TF_PLUGIN_MIRROR comes first.
_CANDIDATES = (
    "/opt/tf-plugins",
    os.path.expanduser("~/.terraform.d/plugins"),
    os.path.expanduser("~/.local/share/terraform/plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
)


def find_mirror():
    """The filesystem mirror directory holding the pinned provider, or None."""
    env = os.environ.get("TF_PLUGIN_MIRROR")
    for root in ([env] if env else []) + list(_CANDIDATES):
        if glob.glob(os.path.join(root, _PROVIDER_DIR, "*", "terraform-provider-aws_*")):
            return root
    return None


def why_not():
    """Why the judge cannot run on this machine, or None when it can."""
    if not shutil.which("terraform"):
        return "terraform is not on PATH"
    if not find_mirror():
        return (
            f"no filesystem mirror with hashicorp/aws {PROVIDER_VERSION} "
            "(set TF_PLUGIN_MIRROR to the directory holding registry.terraform.io/)"
        )
    return None


if __name__ == "__main__":
    reason = why_not()
    if reason:
        print(reason)
        sys.exit(1)
