#!/usr/bin/env sh
# CI entry point of the openclaw conformance runner: `conformance/openclaw/run.sh [options]`.
# Options are those of run.mjs (see README.md or `run.sh --help`).
# Without Node.js this step cannot run: it says so and exits 0.
set -eu

if ! command -v node >/dev/null 2>&1; then
  echo "skipped: Node.js not available (the openclaw conformance runner needs node and npm)"
  exit 0
fi
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 18 ]; then
  echo "skipped: Node.js not available in a usable version (found $(node --version), need >= 18)"
  exit 0
fi
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec node "$here/run.mjs" "$@"
