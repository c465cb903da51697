"""The Python API on real-looking briefs: results, tables, networkx, files equal to the
command line's, partials, pickling, errors."""

import json
import pickle
import threading
import time

import pytest

import actornet
from conftest import SENTENCES, assert_same_files, files, make_corpus

DOCS = [
    {"id": "a", "date": "2025-04-12", "text": SENTENCES[0] + " " + SENTENCES[1]},
    {"id": "b", "date": "2025-04-19", "text": SENTENCES[2] + " " + SENTENCES[3]},
    {"id": "c", "date": "2025-05-02", "text": SENTENCES[15] + " " + SENTENCES[4]},
]


# A result rebuilt from partials has every graph file and table of a direct run, byte for byte,
# and a report that cites the same sentences (its embedded run.json aside: see report_data).
MERGEABLE = ["graphml", "csv", "gexf", "json", "dot", "svg", "html"]


@pytest.fixture(scope="module")
def ex():
    return actornet.Extractor(date="2025-04-01")


def test_strings_give_actors_and_links(ex):
    r = ex.extract([d["text"] for d in DOCS])
    nodes = r.nodes
    ids = set(nodes["id"])
    assert {"oman", "iran", "united-states", "qatar", "egypt", "hamas"} <= ids
    assert r.documents == 3
    edges = r.edges
    co = edges[edges["kind"] == "co-occurrence"]
    pairs = {tuple(sorted(p)) for p in zip(co["source"], co["target"])}
    assert ("iran", "oman") in pairs
    # documents without ids are named by position
    assert set(r.mentions["document"]) == {"0", "1", "2"}
    text = repr(r)
    assert f"3 document(s), {len(nodes)} actors" in text
    a, b, w = r.top_links(1)[0]
    assert w == co["weight"].max()
    assert f"  {a} \u2013 {b}: {w:g}" in text


def test_mentions_offsets_are_code_points(ex):
    text = "Le ministre a parlé à Doha. Qatar et l'Égypte ont négocié avec Hamas."
    r = ex.extract([{"id": "fr", "text": text}])
    rows = r.mentions.to_dict("records")
    assert rows, "no mentions"
    for m in rows:
        assert text[m["start"]:m["end"]] == m["surface"]


def test_networkx_has_every_attribute(ex):
    r = ex.extract(DOCS)
    g = r.to_networkx()
    assert g.number_of_nodes() == len(r.nodes)
    assert g.number_of_edges() == len(r.edges)
    assert g.nodes["oman"]["actor_type"] == "state"
    row = next(n for n in r.nodes.to_dict("records") if n["id"] == "oman")
    assert g.nodes["oman"]["mentions"] == row["mentions"] >= 1
    # every attribute of the node's row is on the networkx node
    for k, v in row.items():
        if k != "id" and v == v and v is not None:
            assert g.nodes["oman"][k] == v, k
    data = g.get_edge_data("iran", "oman")
    assert data and data["co-occurrence"]["weight"] >= 1
    assert data["co-occurrence"]["example_ref"].startswith("a#")


def test_write_equals_cli_byte_for_byte(ex, tmp_path, cli):
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    cli("extract", src, "--date", "2025-04-01", "-f", "all", "-o", tmp_path / "cli", "-q")
    ex.extract(DOCS).write(tmp_path / "py", formats=["all"])
    assert "graph.xlsx" in files(tmp_path / "py")
    # the xlsx zip holds a creation time; every other file must be equal
    for name in ("graph.xlsx",):
        (tmp_path / "cli" / name).unlink()
        (tmp_path / "py" / name).unlink()
    assert_same_files(tmp_path / "cli", tmp_path / "py")
    # and the same files come from reading the file in Python
    ex.extract_files(src).write(tmp_path / "py2", formats=["all"])
    (tmp_path / "py2" / "graph.xlsx").unlink()
    assert_same_files(tmp_path / "cli", tmp_path / "py2")


def test_series_and_frame(ex):
    pd = pytest.importorskip("pandas")
    s = pd.Series([d["text"] for d in DOCS], index=["x", "y", "z"])
    r = ex.extract(s)
    assert set(r.mentions["document"]) == {"x", "y", "z"}
    df = pd.DataFrame(DOCS)
    r2 = ex.extract(df)
    assert set(r2.mentions["document"]) == {"a", "b", "c"}
    assert r2.nodes["last_seen"].max() == "2025-05-02"


def test_partials_merge_to_one_run_in_any_order_for_the_graph(ex, tmp_path):
    docs = make_corpus(60, seed=3)
    whole = ex.extract(docs)
    parts = [ex.extract(docs[i:i + 20]).partial() for i in range(0, 60, 20)]
    merged = actornet.merge(parts)
    whole.write(tmp_path / "whole", formats=["all"])
    merged.write(tmp_path / "merged", formats=["all"])
    fw, fm = files(tmp_path / "whole"), files(tmp_path / "merged")
    for name in ("nodes.csv", "edges.csv", "mentions.csv", "evidence.csv", "graph.graphml", "graph.gexf", "graph.json", "graph.dot", "report.html"):
        assert fw[name] == fm[name], name
    backwards = actornet.merge(list(reversed(parts)))
    backwards.write(tmp_path / "back", formats=["graphml", "csv", "gexf", "json", "dot"])
    fb = files(tmp_path / "back")
    for name in ("nodes.csv", "edges.csv", "graph.graphml", "graph.gexf", "graph.json", "graph.dot"):
        assert fb[name] == fw[name], name
    # the rows follow the order of the parts
    assert fb["mentions.csv"] != fw["mentions.csv"]
    assert sorted(fb["mentions.csv"].splitlines()) == sorted(fw["mentions.csv"].splitlines())


def test_pickle_extractor_and_partial(ex, tmp_path):
    ex2 = pickle.loads(pickle.dumps(ex))
    assert ex2.options == ex.options
    part = ex2.extract(DOCS).partial()
    back = pickle.loads(pickle.dumps(part))
    assert back.documents == 3
    back.result().write(tmp_path / "a", formats=MERGEABLE)
    ex.extract(DOCS).write(tmp_path / "b", formats=MERGEABLE)
    assert_same_files(tmp_path / "a", tmp_path / "b")


def test_partial_bytes_are_the_cli_stream(ex, tmp_path, cli):
    data = ex.extract(DOCS).partial().to_bytes()
    cli("merge", "-", "-o", tmp_path / "merged", "-f", ",".join(MERGEABLE), "-q", input=data)
    ex.extract(DOCS).write(tmp_path / "direct", formats=MERGEABLE)
    assert_same_files(tmp_path / "merged", tmp_path / "direct")
    # the CLI writes a partial stream that Python reads back
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    stream = cli("extract", src, "--date", "2025-04-01", "--partial", "-o", "-", "-q").stdout
    parts = actornet.Partial.from_bytes(stream, ex)
    assert len(parts) == 1 and parts[0].documents == 3
    parts[0].result().write(tmp_path / "from-cli", formats=MERGEABLE)
    ex.extract(DOCS).write(tmp_path / "py", formats=MERGEABLE)
    assert_same_files(tmp_path / "from-cli", tmp_path / "py")


def test_bad_documents_raise_with_the_field(ex):
    with pytest.raises(actornet.InputError) as e:
        ex.extract([DOCS[0], {"id": "x", "body": "Oman."}])
    assert str(e.value) == 'documents[1]: no "text" field'
    assert e.value.path == "documents[1]"
    with pytest.raises(actornet.InputError, match=r'documents\[0\]: date "12/04/2025" is not an ISO date'):
        ex.extract([{"text": "Oman.", "date": "12/04/2025"}])
    with pytest.raises(actornet.InputError, match=r"documents\[2\]: not a string or a dict"):
        ex.extract(["Oman.", "Iran.", 42])


def test_skip_bad_records_them_in_the_result():
    ex = actornet.Extractor(skip_bad=True, date="2025-04-01")
    r = ex.extract([DOCS[0], {"id": "x"}, DOCS[1], {"text": 5}])
    assert r.documents == 2
    assert r.skipped == [
        'skipped: documents[1]: no "text" field',
        'skipped: documents[3]: field "text" is not a string',
    ]
    assert r.manifest["skipped"] == r.skipped


def test_gazetteer_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "mine.csv"
    bad.write_text("id,name,type\nx-corp,X Corp,org\nbroken,,org\n", encoding="utf-8")
    with pytest.raises(actornet.GazetteerError) as e:
        actornet.Extractor(gazetteers=[bad])
    assert f"{bad}:3:" in str(e.value)
    assert e.value.line == 3
    with pytest.raises(actornet.InputError, match="No such file"):
        actornet.Extractor(gazetteers=[tmp_path / "missing.csv"])
    with pytest.raises(actornet.UsageError):
        actornet.Extractor(window="chapter")
    with pytest.raises(actornet.UsageError, match="not a date"):
        actornet.Extractor(date="soon")


def test_a_panic_is_an_exception_not_a_crash():
    with pytest.raises(actornet.ActornetError, match="internal error"):
        actornet._actornet._panic_for_test()
    # the interpreter and the library still work
    assert actornet.Extractor().extract(["Oman and Iran met."]).documents == 1


def test_extract_releases_the_gil(ex):
    docs = make_corpus(1500, seed=11)
    done = threading.Event()
    ticks = []

    def work():
        ex.extract(docs)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    t.join()
    # a thread holding the GIL through the extraction would leave no room for these ticks:
    # the longest gap between two ticks stays far below the extraction's time
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert len(ticks) > 20
    assert max(gaps) < 0.25, max(gaps)


def test_lists_of_dicts_without_pandas(ex, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_pandas(name, *a, **k):
        if name == "pandas":
            raise ImportError("no pandas here")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    r = ex.extract(DOCS)
    assert isinstance(r.nodes, list) and isinstance(r.nodes[0], dict)
    assert isinstance(r.mentions, list) and r.mentions[0]["document"] == "a"


def test_record_title_is_read_as_the_cli_reads_it(ex, tmp_path, cli):
    # regression: a mapping's title was left out of the text in Python but read as the first
    # paragraph by the command line, so sentence numbers (and evidence) differed by one
    doc = {"id": "t1", "date": "2025-04-12", "title": "Oman hosts a new round",
           "text": "Iran and the United States met in Muscat. Oman hosted the talks."}
    src = tmp_path / "t.jsonl"
    src.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    cli("extract", src, "--date", "2025-04-01", "-f", "csv", "-o", tmp_path / "cli", "-q")
    ex.extract([doc]).write(tmp_path / "py", formats=["csv"])
    assert_same_files(tmp_path / "cli", tmp_path / "py")
    rows = ex.extract([doc]).mentions
    rows = rows.to_dict("records") if hasattr(rows, "to_dict") else rows
    oman = [r for r in rows if r["entity"] == "oman"]
    # the title is sentence 1, so "Oman" appears in sentences 1 and 3
    assert sorted({r["sentence"] for r in oman}) == [1, 3]
