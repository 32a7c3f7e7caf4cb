#!/usr/bin/env bash
# Short fuzzing smoke of the extraction readers: each cargo-fuzz target (html, warc,
# feed, plain_text) for SECONDS (default 60) seconds.
#
# cargo fuzz needs a nightly toolchain and the cargo-fuzz tool. When either is missing
# this script says so, and runs the stable-Rust randomized smoke test instead
# (crates/extract/tests/random_smoke.rs, thousands of mutated pages, WARC streams and
# feeds), so that a check always runs.
#
# Usage: eval/extraction/fuzz-smoke.sh [SECONDS]
set -euo pipefail
SECS="${1:-60}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/chronicle-fuzz-target}"

stable_smoke() {
  echo "running the stable randomized smoke test instead"
  (cd "$ROOT" && CHRONICLE_SMOKE_ITERS="${CHRONICLE_SMOKE_ITERS:-5000}" cargo test -p chronicle-extract --release --test random_smoke -- --nocapture)
}

if ! rustup toolchain list 2>/dev/null | grep -q nightly; then
  echo "cargo fuzz needs a nightly toolchain (rustup toolchain install nightly); none found."
  stable_smoke
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed (cargo install cargo-fuzz)."
  stable_smoke
  exit 0
fi
cd "$ROOT/fuzz"
for t in html warc feed plain_text; do
  echo "== fuzzing $t for ${SECS}s"
  mkdir -p "corpus/$t"
  cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$SECS" -rss_limit_mb=4096 -timeout=20 -max_len=262144
done
echo "fuzz smoke: all targets ran ${SECS}s without a crash"
