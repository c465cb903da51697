#!/usr/bin/env python3
"""The Python pipelines analysts use instead of actornet, for scripts/bench.sh.

Both read the same JSON Lines corpus, look up the same aliases (the TSV printed by
`actornet gazetteer list`), split sentences, and count co-occurrence of actors in the same
sentence into a networkx Graph (edge weight = number of sentences):

  flashtext  KeywordProcessor(case_sensitive=False), sentences split with a regular expression
  spacy      spacy.blank("en") + sentencizer + PhraseMatcher(attr="LOWER")

Matching is case-insensitive in both (as analysts usually run them; actornet folds case too and
then checks it per alias). A leading lower-case "the " is stripped from aliases, as actornet does.
Wall time and CPU time (time.process_time) are both reported. The timed part is reading + decoding + matching + graph building; imports and the keyword
automaton / PhraseMatcher build are timed apart (build_secs) and not counted in MB/s, which
favours the baselines.

Prints one line of key=value pairs.
"""
import argparse
import itertools
import json
import re
import sys
import time

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z0-9])|\n\s*\n")


def load_aliases(path):
    aliases = {}
    with open(path, encoding="utf-8") as f:
        next(f)  # header: alias id type form ambiguous
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            alias, actor = parts[0], parts[1]
            if alias.startswith("the ") and alias[4:].strip():
                alias = alias[4:].lstrip()
            aliases.setdefault(alias, actor)
    return aliases


def documents(path, limit_bytes):
    total = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            yield text
            total += len(text.encode("utf-8"))
            if total >= limit_bytes:
                return


def add_sentence(graph, ids):
    for a, b in itertools.combinations(sorted(ids), 2):
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += 1
        else:
            graph.add_edge(a, b, weight=1)


def run_flashtext(aliases, corpus, limit):
    from flashtext import KeywordProcessor
    import networkx as nx

    t = time.perf_counter()
    kp = KeywordProcessor(case_sensitive=False)
    for alias, actor in aliases.items():
        kp.add_keyword(alias, actor)
    build = time.perf_counter() - t

    graph = nx.Graph()
    docs = nbytes = mentions = 0
    t = time.perf_counter()
    c = time.process_time()
    for text in documents(corpus, limit):
        docs += 1
        nbytes += len(text.encode("utf-8"))
        for sentence in SENTENCE_END.split(text):
            found = kp.extract_keywords(sentence)
            if not found:
                continue
            mentions += len(found)
            ids = set(found)
            graph.add_nodes_from(ids)
            add_sentence(graph, ids)
    secs = time.perf_counter() - t
    cpu = time.process_time() - c
    return build, docs, nbytes, mentions, graph, secs, cpu


def run_spacy(aliases, corpus, limit):
    import spacy
    from spacy.matcher import PhraseMatcher
    import networkx as nx

    t = time.perf_counter()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_actor = {}
    for alias, actor in aliases.items():
        by_actor.setdefault(actor, []).append(alias)
    for actor, names in by_actor.items():
        matcher.add(actor, list(nlp.tokenizer.pipe(names)))
    build = time.perf_counter() - t

    graph = nx.Graph()
    docs = nbytes = mentions = 0
    strings = nlp.vocab.strings
    t = time.perf_counter()
    c = time.process_time()

    def texts():
        nonlocal docs, nbytes
        for text in documents(corpus, limit):
            docs += 1
            nbytes += len(text.encode("utf-8"))
            yield text

    for doc in nlp.pipe(texts(), batch_size=64):
        matches = matcher(doc)
        if not matches:
            continue
        mentions += len(matches)
        sent_of = {}
        for sent_no, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                sent_of[i] = sent_no
        per_sentence = {}
        for match_id, start, _end in matches:
            per_sentence.setdefault(sent_of[start], set()).add(strings[match_id])
        for ids in per_sentence.values():
            graph.add_nodes_from(ids)
            add_sentence(graph, ids)
    secs = time.perf_counter() - t
    cpu = time.process_time() - c
    return build, docs, nbytes, mentions, graph, secs, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", choices=["flashtext", "spacy"], required=True)
    ap.add_argument("--aliases", required=True, help="TSV from `actornet gazetteer list`")
    ap.add_argument("--corpus", required=True, help="JSON Lines with a text field")
    ap.add_argument("--mb", type=float, default=50.0, help="stop after this many MB of text")
    args = ap.parse_args()
    aliases = load_aliases(args.aliases)
    run = run_flashtext if args.engine == "flashtext" else run_spacy
    build, docs, nbytes, mentions, graph, secs, cpu = run(aliases, args.corpus, int(args.mb * 1e6))
    print(
        f"engine={args.engine} aliases={len(aliases)} build_secs={build:.3f} docs={docs} bytes={nbytes} "
        f"mentions={mentions} nodes={graph.number_of_nodes()} edges={graph.number_of_edges()} "
        f"secs={secs:.3f} mbps={nbytes / 1e6 / secs:.2f} docs_per_sec={docs / secs:.0f} "
        f"cpu_secs={cpu:.3f} cpu_mbps={nbytes / 1e6 / cpu:.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
