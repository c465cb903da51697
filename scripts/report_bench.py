#!/usr/bin/env python3
"""Report size and render time for graphs of a given number of actors.

For each size N it writes a synthetic gazetteer of N organizations with made-up names and a
JSON Lines corpus of dated briefs in which every actor appears (popularity skewed, so there are
hubs), runs `actornet extract --no-default-gazetteers -g gazetteer.csv`, and opens report.html
in headless Chromium: the render time is the page's own mark (navigation start to the picture
drawn, `data-render-ms`), the median of three loads.

    python3 scripts/report_bench.py target/release/actornet 10 1000 10000

Needs selenium (see scripts/check-report.sh). Deterministic: the same N gives the same files.
"""

import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "browser"))

SYLLABLES = [
    "ka", "lo", "mi", "ra", "ven", "tor", "sul", "bel", "dar", "qui", "nex", "pal", "ro", "sen",
    "tav", "ul", "zen", "mor", "fi", "gal", "hes", "jun", "kor", "lim", "nor", "os", "pex", "rin",
]
KINDS = ["Council", "Forum", "Trust", "Agency", "Institute", "Union", "League", "Bureau"]
VERBS = ["met", "talked with", "joined", "criticised", "welcomed", "signed a deal with"]


def names(n, rng):
    out, seen = [], set()
    while len(out) < n:
        word = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        name = f"{word} {rng.choice(KINDS)}"
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def generate(n, folder):
    rng = random.Random(n)
    labels = names(n, rng)
    gaz = os.path.join(folder, "gazetteer.csv")
    with open(gaz, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type"])
        for i, name in enumerate(labels):
            w.writerow([f"org-{i:05d}", name, "org"])
    # popularity: a few hubs, a long tail; every actor appears at least once
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n)]
    corpus = os.path.join(folder, "corpus.jsonl")
    sentences = []
    for i in range(max(n, 10)):
        a = labels[i % n]
        k = rng.choice([1, 2, 2, 3])
        others = rng.choices(labels, weights=weights, k=k)
        sentences.append(f"The {a} {rng.choice(VERBS)} the " + " and the ".join(others) + ".")
    rng.shuffle(sentences)
    with open(corpus, "w", encoding="utf-8") as f:
        for d in range(0, len(sentences), 12):
            day = 1 + (d // 12) % 28
            month = 1 + (d // (12 * 28)) % 12
            doc = {
                "id": f"brief-{d // 12:05d}",
                "date": f"2025-{month:02d}-{day:02d}",
                "text": " ".join(sentences[d : d + 12]),
            }
            f.write(json.dumps(doc) + "\n")
    return gaz, corpus


def main():
    binary = sys.argv[1]
    sizes = [int(x) for x in sys.argv[2:]] or [10, 1000, 10000]
    import browser

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = os.path.join(tmp, str(n))
            os.makedirs(folder)
            gaz, corpus = generate(n, folder)
            out = os.path.join(folder, "out")
            t0 = time.time()
            subprocess.run(
                [binary, "extract", corpus, "--no-default-gazetteers", "-g", gaz, "-o", out,
                 "--format", "csv,html,svg", "-q"],
                check=True,
            )
            extract_s = time.time() - t0
            report = os.path.join(out, "report.html")
            with open(report, encoding="utf-8") as f:
                page = f.read()
            start = page.index('id="actornet-data">') + len('id="actornet-data">')
            meta = json.loads(page[start : page.index("</script>", start)])["meta"]
            times = []
            d = browser.start()
            try:
                for _ in range(3):
                    browser.open_report(d, report, timeout=300)
                    times.append(float(d.execute_script(
                        "return document.documentElement.getAttribute('data-render-ms')")))
            finally:
                d.quit()
            rows.append((n, meta["nodes"], meta["links"], meta["drawnNodes"], meta["drawnLinks"],
                         os.path.getsize(report), os.path.getsize(os.path.join(out, "graph.svg")),
                         statistics.median(times), extract_s))
    print("| actors | links | drawn actors | drawn links | report.html | graph.svg | render (ms) | extract + layout (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, nodes, links, dn, dl, size, svg, ms, ex in rows:
        print(f"| {nodes:,} | {links:,} | {dn:,} | {dl:,} | {size / 1000:,.0f} KB | {svg / 1000:,.0f} KB | {ms:,.0f} | {ex:.2f} |")


if __name__ == "__main__":
    main()
