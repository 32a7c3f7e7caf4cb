#!/usr/bin/env python3
"""Word clusters for NER features, from the MIT-licensed PyPI package
`spacy-lookups-data` (table `en_lexeme_cluster`: Brown clusters of English
words, stored as integers whose low bits are the path from the root, and
`en_lexeme_prob` for word frequency).

Writes one line per normalised word, `CLUSTER<TAB>word`, where the word is
normalised as the NER features do (lower case, every digit as 0) and the
cluster is that of the most frequent spelling. Words without a cluster
(value 0) are left out.

    /tmp/spacy-venv/bin/pip install spacy-lookups-data==1.0.5
    /tmp/spacy-venv/bin/python eval/ner/make_clusters.py OUT.tsv
"""
import gzip
import json
import os
import sys

import spacy_lookups_data


def normalise(word):
    out = []
    for c in word:
        if c.isascii():
            c = c.lower()
            out.append("0" if c.isdigit() else c)
        elif c.isnumeric():
            out.append("0")
        else:
            out.append(c.lower())
    return "".join(out)


def table(name):
    path = os.path.join(os.path.dirname(spacy_lookups_data.__file__), "data", name)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def main():
    clusters = table("en_lexeme_cluster.json.gz")
    prob = table("en_lexeme_prob.json.gz")
    best = {}
    for word, cluster in clusters.items():
        if not cluster or not word.strip() or "\t" in word or "\n" in word:
            continue
        key = normalise(word)
        p = prob.get(word, -30.0)
        if key not in best or p > best[key][0]:
            best[key] = (p, cluster)
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        for key in sorted(best):
            f.write(f"{best[key][1]}\t{key}\n")
    print(f"{len(best)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
