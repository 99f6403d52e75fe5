#!/usr/bin/env sh
# Differential run of `heartbeat-spec eval` against the published builds on generated calls
# (SPEC EV3): `heartbeat-spec eval --generate N --seed S` writes N calls over every function
# (real key shapes, undefined, null, missing, empty, whitespace, Unicode whitespace, mixed case,
# odd colons, random option objects), and diff-eval.sh compares both answers line by line.
#   conformance/openclaw/diff-generated.sh [-n N] [-s SEED] [PROFILE...]
# Defaults: N=2000, SEED=1, the three releases. Set HEARTBEAT_SPEC to a built binary to avoid
# cargo. Prints every differing call, then per release: generated, agreed, differing.
# Exits 1 if any call differs, 2 on bad usage; without Node.js it says so and exits 0.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
n=2000
seed=1
while [ $# -gt 0 ]; do
  case $1 in
    -n) [ $# -ge 2 ] || { echo "$0: -n needs a number" >&2; exit 2; }; n=$2; shift 2 ;;
    -s) [ $# -ge 2 ] || { echo "$0: -s needs a number" >&2; exit 2; }; seed=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "$0: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
case $n in ''|*[!0-9]*) echo "$0: -n: expected a number of calls, got '$n'" >&2; exit 2 ;; esac
case $seed in ''|*[!0-9]*) echo "$0: -s: expected a non-negative integer seed, got '$seed'" >&2; exit 2 ;; esac
if ! command -v node >/dev/null 2>&1; then
  echo "skipped: Node.js not available"
  exit 0
fi
[ $# -ge 1 ] || set -- openclaw-2026.5.7 openclaw-2026.5.12 openclaw-2026.9.6
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${HEARTBEAT_SPEC:-}" ]; then
  "$HEARTBEAT_SPEC" eval --generate "$n" --seed "$seed" > "$tmp/calls"
else
  (cd "$here/../.." && cargo run --release --quiet -- eval --generate "$n" --seed "$seed") > "$tmp/calls"
fi
status=0
"$here/diff-eval.sh" "$tmp/calls" "$@" > "$tmp/out" || status=$?
grep -v ': [0-9]* calls compared$' "$tmp/out" || true
echo "generated calls: $n per release (seed $seed)"
for profile in "$@"; do
  d=$(grep -c "^$profile  {" "$tmp/out" || true)
  echo "$profile: $n generated, $((n - d)) agreed, $d differing"
done
exit $status
