#!/usr/bin/env python3
"""A benchmark corpus of real sentences: the texts of the evaluation sets, split into sentences
and shuffled into JSON Lines documents of 8 to 20 sentences, up to a size.

    python3 scripts/real_corpus.py --mb 50 --out bench-data/real-50mb-seed42.jsonl
    python3 scripts/real_corpus.py ../shared/eval --mb 500 --seed 42 --out FILE

EVAL (default ../shared/eval) holds one folder per set with a texts/ folder of .txt files
(dev/texts/*.txt, world/texts/*.txt). The texts are read at run time and never copied into the
repository; the documents are deterministic for one seed and one set of texts (the files are
read in sorted order and sentences are drawn with Python's seeded random.Random).

MB counts 10^6 bytes of document text (UTF-8), as scripts/bench.sh counts them: the JSON
envelope is not counted. Each line is {"id": "r<N>", "text": "..."}. A summary goes to
standard error: files, sentences, documents, bytes.
"""

import argparse
import json
import random
import re
import sys
from pathlib import Path

# a candidate sentence end: . ! or ? (and a closing quote or bracket) before white space
CANDIDATE = re.compile(r"[.!?][\"'\u201d\u2019)\]]?\s+")
# words after which a full stop does not end a sentence
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "sen", "rep",
    "gov", "amb", "prof", "rev", "hon", "jr", "sr", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.n",
    "u.k", "e.u", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "inc", "ltd", "co", "corp", "dept", "approx",
}


def split_sentences(para):
    """Splits a paragraph after . ! or ? when the next word starts with a capital, a digit or a
    quote, and the full stop does not end an initial ("Antony J. Blinken") or an abbreviation."""
    out, start = [], 0
    for m in CANDIDATE.finditer(para):
        nxt = para[m.end():m.end() + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in "\"'\u201c\u2018("):
            continue
        if para[m.start()] == ".":
            word = para[start:m.start()].split()[-1:] or [""]
            w = word[0].lstrip("(\"'\u201c\u2018").lower()
            if len(w) == 1 or w in ABBREVIATIONS:
                continue
        out.append(para[start:m.end()].strip())
        start = m.end()
    out.append(para[start:].strip())
    return out


def sentences(text):
    """The sentences of a text: paragraphs (blank-line separated) split into sentences; lines
    without a sentence end (headlines, datelines, list items) are left out, as are fragments
    of fewer than 20 characters."""
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        for s in split_sentences(para):
            if len(s) >= 20 and s[-1] in ".!?\"'\u201d\u2019)]":
                out.append(s)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("eval", nargs="?", default="../shared/eval",
                    help="folder of evaluation sets (default ../shared/eval)")
    ap.add_argument("--mb", type=float, default=50, help="size in MB of document text (default 50)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--out", required=True, help="JSON Lines file to write")
    args = ap.parse_args()

    files = sorted(Path(args.eval).glob("*/texts/*.txt"))
    if not files:
        sys.exit(f"real_corpus.py: no texts under {args.eval}/*/texts/ (give the eval folder)")
    pool = []
    for f in files:
        pool.extend(sentences(f.read_text(encoding="utf-8")))
    if len(pool) < 20:
        sys.exit(f"real_corpus.py: only {len(pool)} sentences in {len(files)} files")

    rng = random.Random(args.seed)
    limit = int(args.mb * 1e6)
    written = docs = 0
    out = Path(args.out)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as w:
        while written < limit:
            k = rng.randint(8, 20)
            text = " ".join(rng.choice(pool) for _ in range(k))
            w.write(json.dumps({"id": f"r{docs}", "text": text}, ensure_ascii=False) + "\n")
            written += len(text.encode("utf-8"))
            docs += 1
    tmp.replace(out)
    print(f"real_corpus.py: {len(files)} files, {len(pool)} sentences, {docs} documents, "
          f"{written / 1e6:.1f} MB of text (seed {args.seed}) -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
