#!/usr/bin/env python3
"""Turns the hand-written attribution specs (eval/events/attribution-spec/*.spec) into the
brat gold set (eval/events/attribution-gold/*.txt + *.ann), computing CHARACTER offsets.

Each spec line is `SOURCE ::: CUE ::: CONTENT1 || CONTENT2 ...`: the exact words of each
span. The anchor is the first content fragment (or the field marked with a leading `!`),
taken at its first occurrence; the other fields are taken at the occurrence nearest to it;
later content fragments at their first occurrence after the first fragment.

Usage: python3 eval/events/make_gold.py DEMO_DIR   (run from the repository root)
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec_dir = os.path.join(here, "attribution-spec")
gold_dir = os.path.join(here, "attribution-gold")
demo = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "examples", "demo")
os.makedirs(gold_dir, exist_ok=True)


def occurrences(text, s):
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


for name in sorted(os.listdir(spec_dir)):
    if not name.endswith(".spec"):
        continue
    stem = name[:-5]
    text = open(os.path.join(demo, stem + ".txt"), encoding="utf-8").read()
    ents, lines = {}, []
    def ent(kind, start, end):
        key = (kind, start, end)
        if key not in ents:
            ents[key] = "T%d" % (len(ents) + 1)
            lines.append("%s\t%s %d %d\t%s" % (ents[key], kind, start, end, text[start:end]))
        return ents[key]
    events = []
    for ln, raw in enumerate(open(os.path.join(spec_dir, name), encoding="utf-8"), 1):
        raw = raw.rstrip("\n")
        if not raw.strip():
            continue
        src, cue, content = [f.strip() for f in raw.split(":::")]
        frags = [c.strip() for c in content.split("||")]
        fields = {"src": src, "cue": cue, "c0": frags[0]}
        anchor = "c0"
        for k, v in list(fields.items()):
            if v.startswith("!"):
                fields[k] = v[1:]
                anchor = k
        pos = {}
        occ = occurrences(text, fields[anchor])
        if not occ:
            sys.exit("%s:%d: %r not found" % (name, ln, fields[anchor]))
        pos[anchor] = occ[0]
        for k in fields:
            if k == anchor:
                continue
            occ = occurrences(text, fields[k])
            if not occ:
                sys.exit("%s:%d: %r not found" % (name, ln, fields[k]))
            pos[k] = min(occ, key=lambda o: abs(o - pos[anchor]))
        spans = [(pos["c0"], pos["c0"] + len(fields["c0"]))]
        for f in frags[1:]:
            o = text.find(f, spans[0][1])
            if o < 0:
                sys.exit("%s:%d: fragment %r not found" % (name, ln, f))
            spans.append((o, o + len(f)))
        s = ent("Source", pos["src"], pos["src"] + len(fields["src"]))
        c = ent("Cue", pos["cue"], pos["cue"] + len(fields["cue"]))
        ckey = ("Content",) + tuple(spans)
        if ckey in ents:
            tid = ents[ckey]
        else:
            tid = "T%d" % (len(ents) + 1)
            ents[ckey] = tid
            frag_txt = " ".join(text[a:b] for a, b in spans)
            lines.append("%s\tContent %s\t%s" % (tid, ";".join("%d %d" % sp for sp in spans), frag_txt))
        events.append((c, s, tid))
    for i, (c, s, t) in enumerate(events, 1):
        lines.append("E%d\tAttribution:%s Source:%s Content:%s" % (i, c, s, t))
    open(os.path.join(gold_dir, stem + ".txt"), "w", encoding="utf-8").write(text)
    open(os.path.join(gold_dir, stem + ".ann"), "w", encoding="utf-8").write("\n".join(lines) + "\n")
    print(stem, len(events), "attributions")
