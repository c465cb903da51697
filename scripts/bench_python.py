"""Python-side throughput against the command line's on the same JSON Lines corpus.

    python scripts/bench_python.py CORPUS.jsonl [ACTORNET_BIN]

Times (best of 3, wall clock) `actornet extract CORPUS -f csv` and, in Python, reading the same
lines with json, `Extractor.extract(docs)` and `Result.write(dir, formats=["csv"])`, so both do
the same work end to end; also `extract` alone. Prints MB/s and the ratio.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import actornet


def best(f, n=3):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    corpus = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/actornet"
    size = os.path.getsize(corpus) / 1e6
    out = tempfile.mkdtemp()
    cli = best(lambda: subprocess.run(
        [binary, "extract", corpus, "-f", "csv", "-o", os.path.join(out, "cli"), "-q", "--date", "2025-01-01"],
        check=True))
    ex = actornet.Extractor(date="2025-01-01")

    def python_end_to_end():
        with open(corpus, encoding="utf-8") as f:
            docs = [json.loads(line) for line in f]
        ex.extract(docs).write(os.path.join(out, "py"), formats=["csv"])

    py = best(python_end_to_end)
    # the file read by the native core (no Python JSON decoding), as the CLI reads it
    files = best(lambda: ex.extract_files(corpus).write(os.path.join(out, "py-files"), formats=["csv"]))
    with open(corpus, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    only = best(lambda: ex.extract(docs))
    print(f"corpus: {size:.1f} MB, {len(docs)} documents")
    print(f"CLI extract -f csv:             {cli:6.2f} s  {size / cli:6.1f} MB/s")
    print(f"Python json + extract + write:  {py:6.2f} s  {size / py:6.1f} MB/s  ({cli / py:.2f}x the CLI)")
    print(f"Python extract_files + write:   {files:6.2f} s  {size / files:6.1f} MB/s  ({cli / files:.2f}x the CLI)")
    print(f"Python extract alone:           {only:6.2f} s  {size / only:6.1f} MB/s  ({cli / only:.2f}x the CLI)")
    same = all(
        open(os.path.join(out, "cli", n), "rb").read() == open(os.path.join(out, "py", n), "rb").read()
        for n in ("nodes.csv", "edges.csv", "mentions.csv", "evidence.csv")
    )
    print(f"same files: {same}")


if __name__ == "__main__":
    main()
