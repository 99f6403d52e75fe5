#!/usr/bin/env bash
# UD5: a divergence of the real build fails the scenario run unless divergences.txt explains it.
# Plays an exported 2026.5.12 scenario file twice: with an empty allow-list (every divergence
# unexplained: exit 1) and with conformance/openclaw/divergences.txt (exit 0). The 2-agent
# scenarios carry the DV4 divergences (the driver's drain timing on the shared `global` queue).
# usage: conformance/openclaw/tests/allow-list.sh EXPORTED-2026.5.12.jsonl
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -eq 1 ] || { echo "usage: $0 EXPORTED-2026.5.12.jsonl" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
: >"$work/empty.txt"
node "$here/run.mjs" --release 2026.5.12 --scenarios "$1" --allow-list "$work/empty.txt" --json >"$work/a.json" 2>/dev/null
a=$?
node "$here/run.mjs" --release 2026.5.12 --scenarios "$1" --allow-list "$here/divergences.txt" --json >"$work/b.json" 2>/dev/null
b=$?
node -e '
const [a, b, ea, eb] = [require(process.argv[1]), require(process.argv[2]), +process.argv[3], +process.argv[4]];
const ra = a.releases["2026.5.12"], rb = b.releases["2026.5.12"];
const calls = a.callDisagreements.length;
const fail = (m) => { console.log(`FAIL (UD5): ${m}`); process.exit(1); };
if (ra.diverged === 0) fail("no divergence to test with");
if (ra.divergedListed !== 0) fail("an empty allow-list explained a divergence");
if (ea !== 1) fail(`empty allow-list: exit ${ea}, expected 1`);
if (rb.divergedListed !== rb.diverged) fail(`divergences.txt leaves ${rb.diverged - rb.divergedListed} divergence(s) unexplained`);
if (calls === 0 && eb !== 0) fail(`divergences.txt: exit ${eb}, expected 0`);
console.log(`ok (UD5): ${ra.diverged} divergence(s) fail the run without the allow-list and are all explained by divergences.txt`);
' "$work/a.json" "$work/b.json" "$a" "$b"
