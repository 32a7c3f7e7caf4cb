#!/usr/bin/env bash
# Short fuzzing smoke of the extraction readers: each cargo-fuzz target (html, warc,
# feed, plain_text) for SECONDS (default 60) seconds, starting from the hand-written
# seeds in fuzz/seeds/<target>/ (copied into the working corpus fuzz/corpus/<target>/,
# which is not committed). Crash inputs land in fuzz/artifacts/<target>/.
#
# cargo fuzz needs a nightly toolchain and the cargo-fuzz tool. When either is missing
# this script says so, and runs the stable-Rust randomized smoke test instead
# (crates/extract/tests/random_smoke.rs, thousands of mutated pages, WARC streams and
# feeds), so that a check always runs.
#
# Usage: eval/extraction/fuzz-smoke.sh [SECONDS]
# Environment:
#   FUZZ_SANITIZER  address (default) | none | leak | memory | thread. `none` builds much
#                   faster; the readers are safe Rust, so a panic, a hang (timeout) or an
#                   out-of-memory is what the smoke is for, and all three are caught
#                   without a sanitizer.
#   FUZZ_TARGETS    space-separated target names (default: "html warc feed plain_text").
#   CARGO_TARGET_DIR  build directory (default /tmp/chronicle-fuzz-target); passed to
#                   cargo fuzz as --target-dir.
#   CARGO_BUILD_JOBS  compiler jobs (set 1 on a small shared machine).
#   FUZZ_LOG_DIR    where each target's libFuzzer log goes (default: a temp dir).
# Exit status: 0 when every target ran without a crash, 1 otherwise.
set -uo pipefail
SECS="${1:-60}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/chronicle-fuzz-target}"
SANITIZER="${FUZZ_SANITIZER:-address}"
TARGETS="${FUZZ_TARGETS:-html warc feed plain_text}"
LOG_DIR="${FUZZ_LOG_DIR:-$(mktemp -d)}"
mkdir -p "$LOG_DIR"

stable_smoke() {
  echo "running the stable randomized smoke test instead"
  (cd "$ROOT" && CHRONICLE_SMOKE_ITERS="${CHRONICLE_SMOKE_ITERS:-5000}" cargo test -p chronicle-extract --release --test random_smoke -- --nocapture)
}

if ! rustup toolchain list 2>/dev/null | grep -q nightly; then
  echo "cargo fuzz needs a nightly toolchain (rustup toolchain install nightly); none found."
  stable_smoke
  exit $?
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed (cargo install cargo-fuzz)."
  stable_smoke
  exit $?
fi
cd "$ROOT/fuzz" || exit 1
FUZZ_FLAGS=(--sanitizer "$SANITIZER" --target-dir "$CARGO_TARGET_DIR")
echo "toolchain: $(rustc +nightly --version); $(cargo +nightly fuzz --version); sanitizer: $SANITIZER"
echo "== building all targets"
if ! cargo +nightly fuzz build "${FUZZ_FLAGS[@]}"; then
  echo "fuzz smoke: build failed"
  exit 1
fi
failed=()
for t in $TARGETS; do
  echo "== fuzzing $t for ${SECS}s (log: $LOG_DIR/$t.log)"
  mkdir -p "corpus/$t"
  if [ -d "seeds/$t" ]; then
    cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
  fi
  cargo +nightly fuzz run "${FUZZ_FLAGS[@]}" "$t" "corpus/$t" -- \
    -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -print_final_stats=1 >"$LOG_DIR/$t.log" 2>&1
  status=$?
  # The last status line, e.g. "#123456 DONE cov: 1234 ft: 5678 corp: 90/12Kb ...".
  grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$LOG_DIR/$t.log" | tail -1
  grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units)' "$LOG_DIR/$t.log"
  if [ "$status" -ne 0 ]; then
    echo "!! $t failed (exit $status); the end of its log:"
    tail -40 "$LOG_DIR/$t.log"
    failed+=("$t")
  fi
done
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz smoke: FAILED targets: ${failed[*]} (inputs in fuzz/artifacts/)"
  exit 1
fi
echo "fuzz smoke: targets [$TARGETS] each ran ${SECS}s without a crash"
