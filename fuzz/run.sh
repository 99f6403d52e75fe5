#!/usr/bin/env bash
# Fuzz every target for SECONDS each (default 20): fuzz/run.sh [SECONDS] [TARGET...]
#
# Installs cargo-fuzz if it is missing, writes the seed corpora (fuzz/seed_corpora.py), builds
# every target and runs each under libFuzzer with a per-input time limit and a memory limit, so
# that a panic, a hang or a blow-up is a finding. Exits 1 if any target found one; the input is
# then in fuzz/artifacts/<target>/ (reproduce: fuzz/run.sh --repro <target> <file>).
#
# Works on stable Rust: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its -Z flags. The sanitizer is
# off by default (FUZZ_SANITIZER=address turns AddressSanitizer on): the code under test is safe
# Rust, and without it libFuzzer runs several times more inputs per second.
# Environment: FUZZ_SANITIZER (none), FUZZ_TIMEOUT (10 s per input), FUZZ_RSS_MB (2048),
# FUZZ_JOBS (1: targets one after another; 2 runs two at a time).
set -euo pipefail
cd "$(dirname "$0")/.."

export RUSTC_BOOTSTRAP=1
sanitizer=${FUZZ_SANITIZER:-none}
timeout_s=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_MB:-2048}
jobs=${FUZZ_JOBS:-1}

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz"
    cargo install --locked cargo-fuzz
fi

if [[ ${1:-} == --repro ]]; then
    target=$2 input=$3
    exec cargo fuzz run -s "$sanitizer" "$target" "$input"
fi

seconds=${1:-20}
shift || true
all_targets=$(cargo fuzz list)
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    mapfile -t targets <<<"$all_targets"
fi

max_len() {
    case $1 in
        site_table | expectations) echo 16384 ;;
        eval_stream) echo 8192 ;;
        scan_source) echo 65536 ;;
        *) echo 4096 ;;
    esac
}
dict() {
    case $1 in
        site_table | expectations) echo fuzz/dict/toml.dict ;;
        *) echo fuzz/dict/keys.dict ;;
    esac
}

echo "==> seed corpora"
if command -v python3 >/dev/null; then
    python3 fuzz/seed_corpora.py
else
    echo "python3 not found: fuzzing from the dictionaries and any corpus already in fuzz/corpus"
fi

echo "==> build (${targets[*]})"
cargo fuzz build -s "$sanitizer"

mkdir -p fuzz/logs
run_one() {
    local t=$1
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    local log=fuzz/logs/$t.log
    if cargo fuzz run -s "$sanitizer" "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" \
        -max_len="$(max_len "$t")" -dict="$(dict "$t")" -print_final_stats=1 \
        >"$log" 2>&1; then
        printf '%-13s ok     %s\n' "$t" \
            "$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2 " inputs"}')"
        return 0
    fi
    printf '%-13s FAILED (log: %s)\n' "$t" "$log"
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "$log" | head -n 8 || true
    return 1
}

echo "==> fuzz: ${seconds}s per target, ${timeout_s}s per input, ${rss_mb} MB"
failed=()
pids=()
names=()
for t in "${targets[@]}"; do
    if ! grep -qx "$t" <<<"$all_targets"; then
        echo "unknown target $t (targets: $(tr '\n' ' ' <<<"$all_targets"))" >&2
        exit 2
    fi
    run_one "$t" &
    pids+=($!)
    names+=("$t")
    if [[ ${#pids[@]} -ge $jobs ]]; then
        wait "${pids[0]}" || failed+=("${names[0]}")
        pids=("${pids[@]:1}")
        names=("${names[@]:1}")
    fi
done
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("${names[$i]}")
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "==> findings in: ${failed[*]} (inputs in fuzz/artifacts/)"
    exit 1
fi
echo "==> no findings"
