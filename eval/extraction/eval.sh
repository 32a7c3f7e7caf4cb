#!/usr/bin/env bash
# Scores Chronicle's extractor and trafilatura on the development sets, with the same
# scorer (chronicle-extract-eval): AEB shingle F1, WCXB word F1 with title / author /
# date accuracy, and plain-text cleaning on AEB's full-page text.
#
# Creates a throwaway venv in /tmp and pip-installs trafilatura from PyPI.
# Usage: eval/extraction/eval.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${1:-$ROOT/../shared/data}/extraction"
(cd "$ROOT" && cargo build -q -p chronicle-extract --release --bin chronicle-extract-eval)
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/chronicle-extract-eval"
echo "== Chronicle"
"$BIN" aeb "$DATA/aeb-dev"
"$BIN" wcxb "$DATA/wcxb-dev"
"$BIN" clean "$DATA/aeb-dev"
VENV="$(mktemp -d /tmp/chronicle-eval-venv.XXXXXX)"
OUT="$(mktemp -d /tmp/chronicle-eval-out.XXXXXX)"
trap 'rm -rf "$VENV" "$OUT"' EXIT
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q trafilatura lxml_html_clean >&2
echo "== trafilatura"
"$VENV/bin/python" "$ROOT/eval/extraction/run_trafilatura.py" "$DATA/aeb-dev/html" "$OUT/aeb.json" >/dev/null
"$VENV/bin/python" "$ROOT/eval/extraction/run_trafilatura.py" "$DATA/wcxb-dev/html" "$OUT/wcxb.json" >/dev/null
"$BIN" aeb "$DATA/aeb-dev" --pred "$OUT/aeb.json"
"$BIN" wcxb "$DATA/wcxb-dev" --pred "$OUT/wcxb.json"
