#!/usr/bin/env bash
# Runs each cargo-fuzz target (fuzz/: `catalog`, the catalog files' parser and validation; `hours`, the opening-hours
# evaluator) for a bounded time, from the committed seeds, in a corpus folder outside the repository. cargo-fuzz
# needs a nightly toolchain: without one this prints why and exits 0, as `.ci/run` expects (the property tests in
# `cargo test` cover the same code on stable). A crash exits non-zero and leaves the input under fuzz/artifacts/.
#
#   FUZZ_SECONDS         seconds per target (default 60)
#   CARGO_FUZZ_VERSION   cargo-fuzz installed when missing (default 0.13.2, built with the default toolchain)
#   CARGO_TARGET_DIR     honoured (the fuzz build is instrumented: it never shares artefacts with the main build)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "fuzz: skipped, no nightly toolchain on this machine (cargo-fuzz needs one; \`rustup toolchain install nightly\` enables this step)"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install --locked --quiet cargo-fuzz --version "${CARGO_FUZZ_VERSION:-0.13.2}"
fi
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cd fuzz
# Safe Rust, so no address sanitizer: panics and failed assertions are the findings. Debug assertions and overflow
# checks stay on. `--dev`: the instrumented build of the crate and its dependencies without optimisation takes a
# fraction of the optimised one's ten-odd minutes on two cores; fewer runs per second are the price, in a bounded step.
for target in catalog hours; do
    mkdir -p "$corpus/$target"
    cp seeds/"$target"/* "$corpus/$target/"
    echo "== fuzz $target for ${seconds} s"
    rc=0
    cargo +nightly fuzz run --dev --sanitizer none "$target" "$corpus/$target" -- \
        -max_total_time="$seconds" -max_len=8192 -timeout=10 -print_final_stats=1 >"$corpus/$target.log" 2>&1 || rc=$?
    # libFuzzer's progress lines are left out; its final figures and any finding are shown.
    grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added|thread .* panicked|SUMMARY|.*Test unit written)' \
        "$corpus/$target.log" || true
    if [ "$rc" != 0 ]; then
        tail -n 60 "$corpus/$target.log"
        echo "fuzz: $target failed (exit $rc); a crashing input is under fuzz/artifacts/$target/"
        exit 1
    fi
done
