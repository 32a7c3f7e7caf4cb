#!/usr/bin/env bash
# Speed of Chronicle's extractor against trafilatura, single-threaded, on the same pages,
# in one run: pages/s of each and the ratio.
#
# Creates a throwaway venv in /tmp, pip-installs trafilatura from PyPI, builds
# chronicle-extract-eval in release mode. Both tools read the pages into memory first
# and time only the extraction of every page (title, author, date and main text).
#
# Usage: eval/extraction/bench.sh [HTML_DIR...]
#   default: ../shared/data/extraction/aeb-dev/html and .../wcxb-dev/html
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${CHRONICLE_DATA:-$ROOT/../shared/data}"
if [ "$#" -eq 0 ]; then
  set -- "$DATA/extraction/aeb-dev/html" "$DATA/extraction/wcxb-dev/html"
fi
VENV="$(mktemp -d /tmp/chronicle-bench-venv.XXXXXX)"
trap 'rm -rf "$VENV"' EXIT
echo "== creating venv $VENV and installing trafilatura from PyPI" >&2
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q trafilatura lxml_html_clean >&2
echo "== building chronicle-extract-eval (release)" >&2
(cd "$ROOT" && cargo build -q -p chronicle-extract --release --bin chronicle-extract-eval)
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/chronicle-extract-eval"
OUT="$(mktemp -d /tmp/chronicle-bench-out.XXXXXX)"
for dir in "$@"; do
  n=$(ls "$dir" | grep -cE '\.html(\.gz)?$' || true)
  traf=$(OMP_NUM_THREADS=1 "$VENV/bin/python" "$ROOT/eval/extraction/run_trafilatura.py" "$dir" "$OUT/traf.json" 2>/dev/null)
  chron=$("$BIN" speed "$dir" --repeat 3)
  ratio=$(python3 -c "print(f'{$chron / $traf:.1f}')")
  echo "$dir ($n pages): trafilatura $traf pages/s, chronicle $chron pages/s, ratio ${ratio}x"
done
rm -rf "$OUT"
