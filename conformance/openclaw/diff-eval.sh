#!/usr/bin/env sh
# Diff `heartbeat-spec eval --profile P` against the real published build, line by line.
#   conformance/openclaw/diff-eval.sh CALLS.jsonl [PROFILE...]
# CALLS.jsonl holds {"fn","args"} lines (vector files work too: extra fields are ignored;
# {"section": ...} lines of probes/*.calls.jsonl are dropped). Default profiles: the three
# releases. Set HEARTBEAT_SPEC to the binary to use (default: cargo run --release --quiet).
# Prints every call whose answers differ; exits 1 if any differ.
set -eu
if ! command -v node >/dev/null 2>&1; then
  echo "skipped: Node.js not available"
  exit 0
fi
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 CALLS.jsonl [PROFILE...]" >&2; exit 2; }
calls=$1; shift
[ -f "$calls" ] || { echo "$0: no such file: $calls" >&2; exit 2; }
[ $# -ge 1 ] || set -- openclaw-2026.5.7 openclaw-2026.5.12 openclaw-2026.9.6
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^[[:space:]]*{"section"' "$calls" | grep -v '^[[:space:]]*$' > "$tmp/calls" || true
status=0
for profile in "$@"; do
  node "$here/run.mjs" --eval --profile "$profile" < "$tmp/calls" > "$tmp/real"
  if [ -n "${HEARTBEAT_SPEC:-}" ]; then
    "$HEARTBEAT_SPEC" eval --profile "$profile" < "$tmp/calls" > "$tmp/spec"
  else
    (cd "$here/../.." && cargo run --release --quiet -- eval --profile "$profile") < "$tmp/calls" > "$tmp/spec"
  fi
  n=$(wc -l < "$tmp/calls" | tr -d ' ')
  paste -d '\t' "$tmp/calls" "$tmp/real" "$tmp/spec" | awk -F '\t' -v p="$profile" '
    $2 != $3 { d++; printf "%s  %s\n    real build:     %s\n    heartbeat-spec: %s\n", p, $1, $2, $3 }
    END { exit d > 0 }' || status=1
  echo "$profile: $n calls compared"
done
exit $status
