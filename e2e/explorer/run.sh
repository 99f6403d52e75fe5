#!/usr/bin/env bash
# End-to-end test of `heartbeat-spec explore` in Debian's headless Chromium (what CI runs).
# Installs what it needs (Chromium and an emoji font via apt-get, playwright-core via npm ci),
# builds the release binary if it is out of date, and runs explorer-e2e.mjs. Exits non-zero
# with a message on any failure; it never skips.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

fail() {
    printf 'e2e/explorer: %s\n' "$*" >&2
    exit 1
}

# Debian's Chromium (playwright's own browser download cannot be used), and a font for the
# Explorer's status icons so that screenshots show them.
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
packages=()
[ -x "$chromium_bin" ] || packages+=(chromium)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || packages+=(fonts-noto-color-emoji)
if [ "${#packages[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        fail "${packages[*]} missing, and installing with apt-get needs root: run 'sudo apt-get install -y ${packages[*]}' first"
    fi
    echo "e2e/explorer: installing ${packages[*]} with apt-get"
    apt-get update -q >/dev/null || fail "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null \
        || fail "apt-get install -y ${packages[*]} failed"
fi
[ -x "$chromium_bin" ] || fail "$chromium_bin is still missing after installing chromium"
"$chromium_bin" --version >/dev/null 2>&1 || fail "$chromium_bin does not run"

command -v node >/dev/null || fail "node is missing (Node.js 20 or later is needed)"
command -v npm >/dev/null || fail "npm is missing"

echo "e2e/explorer: npm ci"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"

echo "e2e/explorer: cargo build --release --locked --bin heartbeat-spec"
(cd "$root" && cargo build --release --locked --bin heartbeat-spec) || fail "the release build failed"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac

HEARTBEAT_SPEC_BIN="$target_dir/release/heartbeat-spec" CHROMIUM="$chromium_bin" \
    node "$here/explorer-e2e.mjs"
