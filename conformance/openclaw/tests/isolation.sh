#!/usr/bin/env bash
# UD6: the scenario driver isolates itself from the machine: it runs upstream code with a
# temporary HOME, OPENCLAW_HOME, OPENCLAW_STATE_DIR and OPENCLAW_CONFIG_PATH of its own, and
# removes them afterwards. This test points HOME and every OPENCLAW_* location at fresh
# directories, plays one exported scenario file, and fails if anything was created in them or
# if the driver's temporary directory was left behind.
# usage: conformance/openclaw/tests/isolation.sh SCENARIOS.jsonl [--release V]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 SCENARIOS.jsonl [run.mjs options]" >&2; exit 2; }
file="$1"; shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/openclaw-home" "$work/state" "$work/tmp"
HOME="$work/home" OPENCLAW_HOME="$work/openclaw-home" OPENCLAW_STATE_DIR="$work/state" \
  OPENCLAW_CONFIG_PATH="$work/home/.openclaw/openclaw.json" TMPDIR="$work/tmp" \
  node "$here/run.mjs" --scenarios "$file" "$@" >"$work/out.txt" 2>&1 || true
grep -q 'scenario(s):' "$work/out.txt" || { echo "FAIL: the driver did not run"; cat "$work/out.txt"; exit 1; }
fail=0
for d in home openclaw-home state tmp; do
  if [ -n "$(ls -A "$work/$d")" ]; then
    echo "FAIL (UD6): the driver created files in the machine's $d directory:"; ls -laR "$work/$d" | head -20
    fail=1
  fi
done
[ $fail = 0 ] && echo "ok (UD6): nothing was created in HOME, OPENCLAW_HOME, OPENCLAW_STATE_DIR or TMPDIR"
exit $fail
