"""Shared fixtures: a corpus of briefs written for these tests, the command-line binary, and
helpers to compare output folders byte for byte."""

import json
import re
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Sentences written for these tests (no news text copied); each names actors of the built-in
# gazetteer, with roles, titles and relations the extractor reads.
SENTENCES = [
    "Oman hosted a fresh round of indirect talks between Iran and the United States in Muscat.",
    "Foreign Minister Abbas Araghchi said Tehran would study the proposal carefully.",
    "Qatar and Egypt brokered a ceasefire between Israel and Hamas after weeks of pressure.",
    "Secretary of State Antony Blinken met Egyptian officials in Cairo on Tuesday.",
    "Diplomats in Doha said the talks would resume next week.",
    "Seoul urged Pyongyang to return to negotiations over its missile programme.",
    "The United Nations called on both sides to protect civilians in Gaza.",
    "Saudi Arabia and the United Arab Emirates pledged money for reconstruction.",
    "Turkey offered to mediate between Russia and Ukraine at a meeting in Istanbul.",
    "China and India agreed to ease tensions along their disputed border.",
    "Japan and South Korea held a trilateral summit with the United States in Tokyo.",
    "Pakistan accused India of violating the ceasefire in Kashmir.",
    "France and Germany proposed a new sanctions package against Iran.",
    "The European Union welcomed the agreement reached in Geneva.",
    "Jordan hosted a conference on aid for refugees from Syria in Amman.",
    "Egyptian mediators travelled to Doha to meet a Hamas delegation.",
    "Iranian officials met Omani envoys in Muscat before the talks.",
    "NATO members discussed air defence for Ukraine in Brussels.",
]


def make_corpus(n=2000, seed=7):
    """n documents of 3 to 8 sentences, each with an id and a date, in a fixed order."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        k = rng.randint(3, 8)
        body = " ".join(rng.choice(SENTENCES) for _ in range(k))
        if rng.random() < 0.3:
            body += "\n\n" + " ".join(rng.choice(SENTENCES) for _ in range(2))
        day = 1 + (i % 28)
        month = 1 + (i // 28) % 12
        docs.append({
            "id": f"brief-{i:05d}",
            "date": f"2025-{month:02d}-{day:02d}",
            "title": f"Brief {i}",
            "text": body,
        })
    return docs


@pytest.fixture(scope="session")
def corpus():
    return make_corpus()


@pytest.fixture(scope="session")
def corpus_file(tmp_path_factory, corpus):
    p = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with open(p, "w", encoding="utf-8") as f:
        for d in corpus:
            f.write(json.dumps(d) + "\n")
    return p


def actornet_bin():
    """The command-line binary: $ACTORNET_BIN, else the workspace's release or debug build."""
    env = os.environ.get("ACTORNET_BIN")
    if env:
        return env
    for kind in ("release", "debug"):
        p = ROOT / "target" / kind / "actornet"
        if p.exists():
            return str(p)
    found = shutil.which("actornet")
    if found:
        return found
    pytest.skip("no actornet binary (build it with `cargo build --release`)")


@pytest.fixture(scope="session")
def cli():
    binary = actornet_bin()

    def run(*args, input=None, check=True):
        out = subprocess.run([binary, *map(str, args)], input=input, capture_output=True)
        if check and out.returncode != 0:
            raise AssertionError(out.stderr.decode("utf-8", "replace"))
        return out

    return run


def files(d):
    """Every file of an output folder but run.json, as {name: bytes}.

    report.html embeds run.json's manifest; its list of inputs (file names the CLI was given,
    none for documents passed from Python) is the one part that differs by design, so it is
    blanked there and every other byte is compared.
    """
    out = {}
    for p in sorted(Path(d).iterdir()):
        if not p.is_file() or p.name == "run.json":
            continue
        data = p.read_bytes()
        if p.name == "report.html":
            data, n = re.subn(rb'"inputs":\[[^\]]*\]', b'"inputs":[]', data, count=1)
            assert n == 1, f"{p}: no run manifest in the report"
        out[p.name] = data
    return out


def assert_same_files(a, b):
    fa, fb = files(a), files(b)
    assert sorted(fa) == sorted(fb)
    for name in fa:
        assert fa[name] == fb[name], f"{name} differs"
