#!/usr/bin/env sh
# Links synthetic annotated corpora of 10k, 30k and 100k articles (or the sizes given
# as arguments) and prints, for each size, generation and linking time (wall and CPU),
# CPU time per n*log2(n) relative to the smallest size (1.0 = exactly n log n growth),
# and quality against the generator's truth: B-cubed precision/recall of event
# clusters (over event reports) and stories (over articles), and precision/recall of
# syndicated-copy detection.
#
# Usage: eval/link/scale.sh [N ...]        (from the repository root)
set -eu
cd "$(dirname "$0")/../.."
if [ "$#" -eq 0 ]; then set -- 10000 30000 100000; fi
echo "== stories over a fixed two-year span (denser as N grows) =="
cargo run --release -q -p chronicle-link --example scale -- "$@"
echo "== a stream of 40 articles a day (span grows with N) =="
PER_DAY=40 cargo run --release -q -p chronicle-link --example scale -- "$@"
