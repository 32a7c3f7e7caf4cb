#!/usr/bin/env python3
"""Run trafilatura single-threaded over a folder of .html/.html.gz pages.

Writes predictions in the benchmark format {id: {title, author, date, articleBody}}
(the same format `chronicle extract --json` prints) so that one scorer
(`chronicle-extract-eval score`) rates both tools, and prints pages/s on stderr.

Usage: run_trafilatura.py HTML_DIR OUT.json
"""
import gzip
import json
import os
import sys
import time

import trafilatura


def main():
    src, out = sys.argv[1], sys.argv[2]
    pages = []
    for name in sorted(os.listdir(src)):
        path = os.path.join(src, name)
        if name.endswith(".html.gz"):
            with gzip.open(path, "rb") as f:
                data = f.read()
            pid = name[: -len(".html.gz")]
        elif name.endswith(".html"):
            with open(path, "rb") as f:
                data = f.read()
            pid = name[: -len(".html")]
        else:
            continue
        pages.append((pid, data))
    preds = {}
    start = time.perf_counter()
    for pid, data in pages:
        doc = trafilatura.bare_extraction(data, with_metadata=True)
        if doc is None:
            preds[pid] = {"title": None, "author": None, "date": None, "articleBody": ""}
            continue
        if not isinstance(doc, dict):
            doc = doc.as_dict()
        preds[pid] = {
            "title": doc.get("title"),
            "author": doc.get("author"),
            "date": doc.get("date"),
            "articleBody": doc.get("text") or "",
        }
    elapsed = time.perf_counter() - start
    with open(out, "w") as f:
        json.dump(preds, f)
    rate = len(pages) / elapsed if elapsed > 0 else 0.0
    print(f"trafilatura {trafilatura.__version__}: {len(pages)} pages in {elapsed:.2f} s = {rate:.1f} pages/s", file=sys.stderr)
    print(f"{rate:.3f}")


if __name__ == "__main__":
    main()
